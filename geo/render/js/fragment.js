(function (sheets) {
  sheets.forEach(function (sheet) {
    if (document.getElementById(sheet[0])) { return; }
    var style = document.createElement('style');
    style.id = sheet[0];
    style.textContent = sheet[1];
    document.head.appendChild(style);
  });
})(/* @sheets */[]);
if (!window.L) {
/* @leaflet */}
/* @runtime */
