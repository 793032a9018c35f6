/* The map runtime's leaf helpers: code that needs neither Leaflet nor the page's data.
 *
 * Not loaded on its own: geo.render.assets inlines this file, without this comment
 * and indented into map.js's function, in place of map.js's "global" comment (so every
 * name here is in the runtime's scope, and the page is what it was when this was part
 * of map.js). Keep it to plain declarations that do nothing until called: Node loads
 * the file as it is to test it.
 *
 * The date and distance functions have Python twins, and tests/render/js checks them
 * against those: period and isoDay are geo.render.dates.period and iso, geodesic is
 * pyproj's inverse geodesic on WGS84 (as geo.zones uses it), and distanceText writes
 * kilometres as geo.render.popups.km does. el and svgShape build DOM nodes and need a
 * document.
 */

var DAY_MS = 86400000, RAD = Math.PI / 180, M_PER_MI = 1609.344;

function el(tag, cls, text) {
  var node = document.createElement(tag);
  if (cls) { node.className = cls; }
  if (text !== undefined && text !== null) { node.textContent = String(text); }
  return node;
}

function svgShape(shape, colour, size) {
  // Our own markup only: a polygon from the shapes table or a circle.
  var ns = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "-1.6 -1.6 3.2 3.2");
  svg.setAttribute("width", size); svg.setAttribute("height", size);
  var node;
  if (shape) {
    node = document.createElementNS(ns, "polygon");
    node.setAttribute("points", shape.map(function (p) { return p.join(","); }).join(" "));
  } else {
    node = document.createElementNS(ns, "circle");
    node.setAttribute("r", "1.1");
  }
  node.setAttribute("fill", colour); node.setAttribute("stroke", "#fff");
  node.setAttribute("stroke-width", "0.3");
  svg.appendChild(node);
  return svg;
}

// ------------------------------------------------------------------ dates
var DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** [first day, last day] (days since 1970-01-01) a date stands for, or null. */
function period(text, precision) {
  var m = DATE_RE.exec(text || "");
  if (!m) { return null; }
  var y = +m[1], mo = m[2] ? +m[2] : 0, d = m[3] ? +m[3] : 0;
  var level = d ? 0 : (mo ? 1 : 2);
  if (precision === "week" && d) { var monday = Date.UTC(y, mo - 1, d) / DAY_MS; return [monday, monday + 6]; }
  if (precision === "month" && mo) { level = Math.max(level, 1); }
  if (precision === "year") { level = 2; }
  if (level === 0) { var day = Date.UTC(y, mo - 1, d) / DAY_MS; return [day, day]; }
  if (level === 1) { return [Date.UTC(y, mo - 1, 1) / DAY_MS, Date.UTC(y, mo, 0) / DAY_MS]; }
  return [Date.UTC(y, 0, 1) / DAY_MS, Date.UTC(y, 11, 31) / DAY_MS];
}

function isoDay(day) { return new Date(day * DAY_MS).toISOString().slice(0, 10); }

function dayOf(iso) {
  var p = period(iso, null);
  return p ? p[0] : null;
}

// ------------------------------------------------------------- distances
/** Geodesic distance in metres on the WGS84 ellipsoid (Vincenty's inverse formula). */
function geodesic(lat1, lon1, lat2, lon2) {
  var a = 6378137, f = 1 / 298.257223563, b = a * (1 - f);
  var dLon = (lon2 - lon1) * RAD;
  var u1 = Math.atan((1 - f) * Math.tan(lat1 * RAD));
  var u2 = Math.atan((1 - f) * Math.tan(lat2 * RAD));
  var sinU1 = Math.sin(u1), cosU1 = Math.cos(u1), sinU2 = Math.sin(u2), cosU2 = Math.cos(u2);
  var lambda = dLon, previous, iterations = 0;
  var sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM;
  do {
    var sinL = Math.sin(lambda), cosL = Math.cos(lambda);
    var x = cosU2 * sinL, y = cosU1 * sinU2 - sinU1 * cosU2 * cosL;
    sinSigma = Math.sqrt(x * x + y * y);
    if (sinSigma === 0) { return 0; }
    cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
    sigma = Math.atan2(sinSigma, cosSigma);
    var sinAlpha = cosU1 * cosU2 * sinL / sinSigma;
    cos2Alpha = 1 - sinAlpha * sinAlpha;
    cos2SigmaM = cos2Alpha !== 0 ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0;
    var c = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha));
    previous = lambda;
    lambda = dLon + (1 - c) * f * sinAlpha * (sigma + c * sinSigma *
      (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
  } while (Math.abs(lambda - previous) > 1e-12 && ++iterations < 200);
  if (iterations >= 200) {
    // Nearly antipodal points, where the iteration does not settle: a sphere is
    // within 0.5 % there, which a hand measurement on a map cannot tell.
    var h = Math.pow(Math.sin((lat2 - lat1) * RAD / 2), 2) + Math.cos(lat1 * RAD) *
      Math.cos(lat2 * RAD) * Math.pow(Math.sin(dLon / 2), 2);
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  var uSq = cos2Alpha * (a * a - b * b) / (b * b);
  var bigA = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
  var bigB = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
  var deltaSigma = bigB * sinSigma * (cos2SigmaM + bigB / 4 * (cosSigma *
    (-1 + 2 * cos2SigmaM * cos2SigmaM) - bigB / 6 * cos2SigmaM *
    (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
  return b * bigA * (sigma - deltaSigma);
}

/** A distance in m or km with miles, its numbers written as ``locale`` writes them (en-US). */
function distanceText(metres, locale) {
  function fixed(x, digits) {
    return x.toLocaleString(locale || "en-US", {maximumFractionDigits: digits,
      minimumFractionDigits: digits});
  }
  var mi = metres / M_PER_MI;
  if (metres < 1000) { return Math.round(metres) + " m (" + fixed(mi, 2) + " mi)"; }
  var km = metres / 1000;
  var digits = km < 100 ? 1 : 0;
  return fixed(km, digits) + " km (" + fixed(mi, digits) + " mi)";
}

function wrapLon(lon) { return ((lon + 180) % 360 + 360) % 360 - 180; }

function latLonText(lat, lon) {
  lon = wrapLon(lon);
  return Math.abs(lat).toFixed(5) + "\u00b0 " + (lat >= 0 ? "N" : "S") + ", " +
    Math.abs(lon).toFixed(5) + "\u00b0 " + (lon >= 0 ? "E" : "W");
}
