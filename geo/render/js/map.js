(function (root) {
  "use strict";
  if (root.GeoMap) { return; }
  var L = root.L;
  /* global RAD, el, period, isoDay, dayOf, geodesic, distanceText, latLonText, wrapLon
     -- from helpers.js, which the page carries in place of this comment */

  function mgrsText(t, lat, lon) {
    var ref = root.GeoMGRS ? root.GeoMGRS.format(lat, wrapLon(lon), 5) : null;
    return ref ? "MGRS " + ref : t("mgrsNone");
  }

  var FRENCH_VOWEL = /^[AEIOUYÂÉÈÊÎÏÔÛaeiouyâéèêîïôû]/;

  /**
   * The interface words of one map, in its language (opts.strings, opts.lang; the
   * table is geo/render/strings/interface.json's, as geo.render.strings.Words reads
   * it): t(key, {name: value}) fills a phrase's {name} placeholders, t.n(key, count,
   * values) picks KEY_one or KEY_other and fills {n} with the count as the language
   * writes numbers. Each map carries its own: two maps of a page may differ.
   */
  function words(opts) {
    var table = opts.strings || {}, lang = opts.lang || "en";
    function t(key, values) {
      var text = table[key];
      if (typeof text !== "string") { return key; }
      values = values || {};
      if (lang === "fr") {
        // "autour d'Alep": French elides the phrase's own "de" before a vowel.
        text = text.replace(/\bde \{(\w+)\}/g, function (m, name) {
          return FRENCH_VOWEL.test(String(values[name] || "")) ? "d\u2019{" + name + "}" : m;
        });
      }
      return text.replace(/\{(\w+)\}/g, function (m, name) {
        return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : m;
      });
    }
    t.lang = lang;
    t.number = function (n) { return n.toLocaleString(lang); };
    t.one = function (n) { return n === 1 || (lang === "fr" && n === 0); };
    t.n = function (key, count, values) {
      var filled = {n: t.number(count)};
      Object.keys(values || {}).forEach(function (k) { filled[k] = values[k]; });
      return t(key + (t.one(count) ? "_one" : "_other"), filled);
    };
    return t;
  }

  // ------------------------------------------------------ the incident data
  var ARRAY_TYPES = {u8: Uint8Array, u16: Uint16Array, u32: Uint32Array, i32: Int32Array};

  /** Base64 text as bytes (the browser's own decoder where it has one). */
  function base64Bytes(text) {
    if (Uint8Array.fromBase64) { return Uint8Array.fromBase64(text); }
    var bin = atob(text), out = new Uint8Array(bin.length);
    for (var k = 0; k < bin.length; k++) { out[k] = bin.charCodeAt(k); }
    return out;
  }

  /**
   * The incidents' block (geo/render/incidents.py writes it): "GEO1", the length of a
   * JSON header, the header, then each array it lists ([name, type, length]) at a
   * multiple of 8 bytes. The arrays are views on the buffer, not copies.
   */
  function readBlock(bytes) {
    if (String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== "GEO1") {
      throw new Error("not a geo incident block");
    }
    var size = new DataView(bytes.buffer, bytes.byteOffset + 4, 4).getUint32(0, true);
    var head = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + size)));
    var at = 8 + size, a = {};
    head.arrays.forEach(function (spec) {
      var Type = ARRAY_TYPES[spec[1]];
      at += (8 - at % 8) % 8;
      a[spec[0]] = new Type(bytes.buffer, bytes.byteOffset + at, spec[2]);
      at += spec[2] * Type.BYTES_PER_ELEMENT;
    });
    head.a = a;
    return head;
  }

  /**
   * Read the block of base64 parts ``nodes`` (script elements): a plain one at once,
   * a gzip one with the browser's DecompressionStream, later. ``done(head)``.
   */
  function loadBlock(nodes, done, fail) {
    var texts = Array.prototype.map.call(nodes, function (node) { return node.textContent; });
    if (!nodes.length || nodes[0].getAttribute("data-geo-encoding") !== "gzip") {
      done(readBlock(base64Bytes(texts.join(""))));
      return;
    }
    // Each part is a whole number of base64 quads: decoded on its own, joined as bytes.
    var blob = new Blob(texts.map(base64Bytes));
    new Response(blob.stream().pipeThrough(new window.DecompressionStream("gzip")))
      .arrayBuffer()
      .then(function (buffer) { done(readBlock(new Uint8Array(buffer))); })
      .catch(fail);
  }

  /** The incidents as drawn: positions, sites, types, periods (the "core" block). */
  function Data(head, t) {
    var a = head.a, n = head.n, nSites = head.sites, k, i;
    this.a = a;
    this.t = t;  // the map's words: its popups are built later, in its language
    this.n = n;
    this.nSites = nSites;
    this.types = head.types;
    this.type = a.type;
    this.hasText = false;
    // Positions and sites, delta-coded.
    var lat = new Int32Array(nSites), lon = new Int32Array(nSites), y = 0, x = 0;
    for (k = 0; k < nSites; k++) { y += a.lat[k]; x += a.lon[k]; lat[k] = y; lon[k] = x; }
    this.lat = lat; this.lon = lon;
    var si = new Int32Array(n);
    for (i = 0, k = 0; i < n; i++) { k += a.si[i]; si[i] = k; }
    this.siteOf = si;
    // The period of each incident: an index into the distinct (date, precision) pairs.
    var lo = new Int32Array(n), hi = new Int32Array(n), dated = new Uint8Array(n);
    var per = a.per, plo = a["per.lo"], phi = a["per.hi"];
    for (i = 0; i < n; i++) {
      k = per[i];
      // An undated entry has its first day after its last.
      if (plo[k] <= phi[k]) { lo[i] = plo[k]; hi[i] = phi[k]; dated[i] = 1; }
    }
    this.lo = lo; this.hi = hi; this.dated = dated;
    // Each site's incidents, earliest first (undated last): a list per site, in one array.
    var start = new Int32Array(nSites + 1), fill = new Int32Array(nSites);
    for (i = 0; i < n; i++) { start[si[i] + 1]++; }
    for (k = 0; k < nSites; k++) { start[k + 1] += start[k]; }
    var order = new Int32Array(n);
    for (i = 0; i < n; i++) { var s = si[i]; order[start[s] + fill[s]++] = i; }
    var self = this;
    for (k = 0; k < nSites; k++) {
      if (start[k + 1] - start[k] > 1) {
        order.subarray(start[k], start[k + 1]).sort(function (p, q) { return self.order(p, q); });
      }
    }
    this.start = start; this.list = order;
  }

  /** Add the text of the popups and tooltips (the "text" block). */
  Data.prototype.addText = function (head) {
    var a = this.a;
    Object.keys(head.a).forEach(function (name) { a[name] = head.a[name]; });
    this.docs = head.docs;
    this.tokenBytes = head.tokenBytes;
    this.tokens = a.sTok.length / (head.tokenBytes || 1);
    this.decoder = new TextDecoder();
    this.words = new Map();
    this.cache = new Map();
    this.sAt = prefix(a.sN);
    this.srcAt = prefix(a.srcN);
    this.zlAt = a.zlN ? prefix(a.zlN) : null;
    if (a.srcTxt) {
      // Sentence numbers, delta-coded.
      var txt = new Uint32Array(a.srcTxt.length);
      for (var j = 0, k = 0; j < txt.length; j++) { k += a.srcTxt[j]; txt[j] = k; }
      this.srcTxt = txt;
    }
    this.hasText = true;
  };

  function prefix(counts) {
    var at = new Uint32Array(counts.length + 1);
    for (var k = 0; k < counts.length; k++) { at[k + 1] = at[k] + counts[k]; }
    return at;
  }

  Data.prototype.word = function (w) {
    var text = this.words.get(w);
    if (text === undefined) {
      text = this.decoder.decode(this.a.wTxt.subarray(this.a.wOff[w], this.a.wOff[w + 1]));
      this.words.set(w, text);
    }
    return text;
  };
  /** String number ``k`` of the block (null for none): its words, joined by spaces; past
   * the strings made of words, those stored as they are (``rOff``, ``rTxt``). */
  Data.prototype.s = function (k) {
    if (k === undefined || k === null || k < 0 || !this.hasText) { return null; }
    var text = this.cache.get(k);
    var raw = k - (this.sAt.length - 1);
    if (text === undefined && raw >= 0) {
      var off = this.a.rOff;
      if (!off || raw + 1 >= off.length) { return null; }
      text = this.decoder.decode(this.a.rTxt.subarray(off[raw], off[raw + 1]));
      this.cache.set(k, text);
    } else if (text === undefined) {
      // Word numbers as byte planes: every number's lowest byte, then the next...
      var tok = this.a.sTok, n = this.tokens, width = this.tokenBytes, parts = [];
      for (var j = this.sAt[k]; j < this.sAt[k + 1]; j++) {
        var w = 0;
        for (var b = width - 1; b >= 0; b--) { w = w * 256 + tok[b * n + j]; }
        parts.push(this.word(w));
      }
      text = parts.join(" ");
      this.cache.set(k, text);
    }
    return text;
  };
  Data.prototype.str = function (name, i) {
    if (name === "date" || name === "prec") {
      // As written, by its period's entry (the core's "per").
      return this.hasText ? this.s(this.a["per." + name][this.a.per[i]] - 1) : null;
    }
    var c = this.a[name];
    return c && c[i] ? this.s(this.a[name + ".d"][c[i] - 1]) : null;
  };
  Data.prototype.order = function (p, q) {
    var da = this.dated[p] ? this.lo[p] : Infinity, db = this.dated[q] ? this.lo[q] : Infinity;
    return da - db || p - q;
  };
  /** The incidents at ``site``, earliest first. */
  Data.prototype.at = function (site) {
    return Array.prototype.slice.call(this.list.subarray(this.start[site], this.start[site + 1]));
  };
  Data.prototype.latlng = function (site) {
    return L.latLng(this.lat[site] / 1e5, this.lon[site] / 1e5);
  };
  Data.prototype.typeName = function (i) {
    return this.s(this.types[this.type[i]][0]) || this.t("incident");
  };
  Data.prototype.fatalities = function (i) {
    return this.a.fat ? this.a.fat[i] - 1 : -1;
  };
  /** The sources of incident ``i``: [document, sentence, match start, match end, outlet]. */
  Data.prototype.spans = function (i) {
    var a = this.a, out = [];
    for (var j = this.srcAt[i]; j < this.srcAt[i + 1]; j++) {
      var outlet = a.srcOut && a.srcOut[j] ? a["srcOut.d"][a.srcOut[j] - 1] : -1;
      var lo = a.srcLo[j] - 1;
      out.push([a.srcDoc[j], this.srcTxt[j], lo, lo + a.srcLen[j], outlet]);
    }
    return out;
  };
  Data.prototype.summary = function (i) {
    var kind = this.a.sumK ? this.a.sumK[i] : 0;
    if (kind === 1) { return this.str("sum", i); }
    if (!kind) { return null; }
    // A slice of the first source sentence (plus an ellipsis).
    var first = this.spans(i)[0];
    if (!first) { return null; }
    var text = this.s(first[1]).slice(this.a.sumA[i], this.a.sumA[i] + this.a.sumL[i]);
    return kind === 3 ? text + "\u2026" : text;
  };
  /** The lines on the zones for incident ``i`` (string numbers). */
  Data.prototype.zoneLines = function (i) {
    var set = this.a.zl ? this.a.zl[i] : 0;
    if (!set) { return []; }
    return Array.prototype.slice.call(this.a.zlS.subarray(this.zlAt[set - 1], this.zlAt[set]));
  };
  Data.prototype.dateText = function (i) {
    return this.str("date", i) || this.t("undated");
  };
  Data.prototype.line = function (i) {
    return [this.str("date", i), this.typeName(i), this.str("place", i)]
      .filter(Boolean).join(" \u00b7 ");
  };
  function addRow(table, label, content) {
    var tr = el("tr"), td = el("td");
    tr.appendChild(el("th", null, label));
    if (typeof content === "string") { td.textContent = content; } else { td.appendChild(content); }
    tr.appendChild(td);
    table.appendChild(tr);
  }

  function sentenceNode(text, start, end) {
    var q = el("q");
    if (start >= 0 && end > start && end <= text.length) {
      q.appendChild(document.createTextNode(text.slice(0, start)));
      q.appendChild(el("mark", null, text.slice(start, end)));
      q.appendChild(document.createTextNode(text.slice(end)));
    } else {
      q.textContent = text;
    }
    return q;
  }

  function citeNode(D, span) {
    var doc = D.docs[span[0]] || [-1, -1, -1, -1];
    var name = doc[0] >= 0 ? D.s(doc[0]) : D.t("unknownDocument");
    var outlet = span[4] >= 0 ? D.s(span[4]) : D.s(doc[1]);
    var cite = el("cite");
    var parts = [outlet, name, D.s(doc[2])].filter(Boolean);
    cite.appendChild(document.createTextNode(parts.join(" \u00b7 ")));
    var url = D.s(doc[3]);
    if (url && /^https?:\/\//i.test(url)) {
      var a = el("a", null, D.t("link"));
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      cite.appendChild(document.createTextNode(" \u00b7 "));
      cite.appendChild(a);
    }
    return cite;
  }

  function sourcesNode(D, i) {
    var spans = D.spans(i);
    var box = el("div");
    if (!spans.length) {
      box.appendChild(el("p", "geo-none", D.t("noSourceSentence")));
      return box;
    }
    box.appendChild(el("p", "geo-label", D.t.n("sources", spans.length)));
    var ol = el("ol", "geo-sources");
    spans.forEach(function (span) {
      var li = el("li");
      li.appendChild(sentenceNode(D.s(span[1]), span[2], span[3]));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(citeNode(D, span));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    return box;
  }

  /** The popup content of one incident, built from the data block as text. */
  function incidentNode(D, i) {
    var t = D.t, box = el("div", "geo-popup");
    var sub = D.str("sub", i);
    box.appendChild(el("h3", null, sub ? t("typeSub", {type: D.typeName(i), sub: sub}) :
      D.typeName(i)));
    var table = el("table");
    var date = el("td");
    date.appendChild(document.createTextNode(D.str("date", i) || t("unknown")));
    var prec = D.str("prec", i);
    if (D.str("date", i) && prec) {
      var word = t("precision_" + prec);
      date.appendChild(el("span", "geo-note", " " + t("precisionNote",
        {precision: word === "precision_" + prec ? prec : word})));
    }
    if (D.str("db", i)) { date.appendChild(el("div", "geo-basis", D.str("db", i))); }
    addRow(table, t("rowDate"), date);
    if (D.str("id", i)) { addRow(table, t("rowAcledEvent"), D.str("id", i)); }
    if (D.str("a1", i)) { addRow(table, t("rowActor1"), D.str("a1", i)); }
    if (D.str("a2", i)) { addRow(table, t("rowActor2"), D.str("a2", i)); }
    var place = el("td");
    place.appendChild(document.createTextNode(D.str("place", i) || t("unknown")));
    if (D.str("pb", i)) { place.appendChild(el("div", "geo-basis", D.str("pb", i))); }
    addRow(table, t("rowPlace"), place);
    var fat = D.fatalities(i);
    if (fat >= 0) { addRow(table, t("rowFatalities"), t.number(fat)); }
    var ll = D.latlng(D.siteOf[i]);
    var where = el("td");
    where.appendChild(document.createTextNode(latLonText(ll.lat, ll.lng)));
    where.appendChild(el("div", "geo-basis", mgrsText(t, ll.lat, ll.lng)));
    addRow(table, t("rowPosition"), where);
    var lines = D.zoneLines(i);
    if (lines.length) {
      var zones = el("td");
      lines.forEach(function (k, j) {
        if (j) { zones.appendChild(el("br")); }
        zones.appendChild(document.createTextNode(D.s(k)));
      });
      addRow(table, t("rowZones"), zones);
    }
    box.appendChild(table);
    var summary = D.summary(i);
    if (summary) { box.appendChild(el("p", "geo-summary", summary)); }
    box.appendChild(sourcesNode(D, i));
    return box;
  }

  var PAGE = 10;

  /** The popup content of a site: its one incident, or a paged list of them. */
  function siteNode(D, list, hidden, popup) {
    if (list.length === 1 && !hidden) { return incidentNode(D, list[0]); }
    var t = D.t, box = el("div", "geo-popup geo-many");
    var place = D.str("place", list[0]);
    box.appendChild(el("h4", null, place ? t.n("incidentsAt", list.length, {place: place}) :
      t.n("incidents", list.length)));
    if (hidden) {
      box.appendChild(el("p", "geo-note", t.n("moreOutside", hidden)));
    }
    var body = el("div"), pager = el("div", "geo-pager");
    var prev = el("button", null, t("earlier")), next = el("button", null, t("later"));
    var where = el("span");
    prev.type = next.type = "button";
    var first = 0;
    function show() {
      body.textContent = "";
      list.slice(first, first + PAGE).forEach(function (i, j) {
        if (j) { body.appendChild(el("hr")); }
        body.appendChild(incidentNode(D, i));
      });
      where.textContent = t("pageRange", {first: t.number(first + 1),
        last: t.number(Math.min(first + PAGE, list.length)), n: t.number(list.length)});
      prev.disabled = first === 0;
      next.disabled = first + PAGE >= list.length;
      if (popup && popup.isOpen && popup.isOpen()) { popup.update(); }
    }
    prev.addEventListener("click", function () { first = Math.max(0, first - PAGE); show(); });
    next.addEventListener("click", function () { first += PAGE; show(); });
    box.appendChild(body);
    if (list.length > PAGE) {
      pager.appendChild(prev); pager.appendChild(where); pager.appendChild(next);
      box.appendChild(pager);
    }
    show();
    return box;
  }

  // ------------------------------------------------------ the incident layer
  var CELL = 50;  // px: sites closer than about this on screen are drawn as one cluster
  var MERGE = 40;  // px: clusters of neighbouring cells closer than this are joined
  var CLUSTER_FILL = "#c0392b", CLUSTER_HALO = "rgba(192, 57, 43, .28)";

  function clusterSize(n) { return n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48; }
  function clusterText(n) { return n < 10000 ? String(n) : Math.round(n / 1000) + "k"; }

  /**
   * The incidents drawn on one canvas: a site alone as its type's symbol (larger with
   * more incidents and more dead), sites near each other on screen as a cluster with
   * their number. Clusters are a grid of CELL px over the world at the map's zoom,
   * recomputed from the columns at each redraw (the sites in view only), with
   * neighbouring cells joined when their centres are close. None at the highest zoom.
   * ``state``: D, the visible incidents per site (count), the type of those (kind: -1
   * several), their dead (dead), and the symbols (opts).
   */
  var SiteCanvas = L.Renderer.extend({
    initialize: function (state, options) {
      L.Renderer.prototype.initialize.call(this, options);
      this.state = state;
      this.items = [];
      var D = state.D, px = new Float64Array(D.nSites), py = new Float64Array(D.nSites);
      for (var k = 0; k < D.nSites; k++) {
        // Web Mercator at zoom 0 (256 px for the world), as map.project does.
        var lat = Math.max(-85.0511287798, Math.min(85.0511287798, D.lat[k] / 1e5));
        var s = Math.sin(lat * RAD);
        px[k] = 256 * (D.lon[k] / 1e5 + 180) / 360;
        py[k] = 128 * (1 - Math.log((1 + s) / (1 - s)) / (2 * Math.PI));
      }
      this.px = px; this.py = py;
      this.itemOf = new Int32Array(D.nSites);
    },
    _initContainer: function () {
      var canvas = this._container = document.createElement("canvas");
      canvas.className = "geo-sites";
      canvas.style.pointerEvents = "none";  // the map finds what is under the pointer
      this._ctx = canvas.getContext("2d");
    },
    _destroyContainer: function () {
      L.DomUtil.remove(this._container);
      this.items = [];
    },
    getEvents: function () {
      var events = L.Renderer.prototype.getEvents.call(this);
      events.resize = this._update;
      return events;
    },
    _update: function () {
      if (this._map._animatingZoom && this._bounds) { return; }
      L.Renderer.prototype._update.call(this);
      var b = this._bounds, size = b.getSize(), m = window.devicePixelRatio || 1;
      var canvas = this._container;
      L.DomUtil.setPosition(canvas, b.min);
      canvas.width = Math.round(m * size.x);
      canvas.height = Math.round(m * size.y);
      canvas.style.width = size.x + "px";
      canvas.style.height = size.y + "px";
      this.redraw();
    },
    /** Group the sites in view into items (a site, or a cluster) and draw them. */
    redraw: function () {
      var map = this._map;
      if (!map || !this._bounds) { return; }
      var st = this.state, count = st.count, b = this._bounds;
      var origin = map.getPixelOrigin(), scale = Math.pow(2, map.getZoom());
      var x0 = b.min.x, y0 = b.min.y, x1 = b.max.x, y1 = b.max.y;
      // Cells lie on a grid fixed to the world, so panning does not move them.
      var gx = Math.floor((x0 + origin.x) / CELL) * CELL - origin.x;
      var gy = Math.floor((y0 + origin.y) / CELL) * CELL - origin.y;
      var cols = Math.ceil((x1 - gx) / CELL) + 1, rows = Math.ceil((y1 - gy) / CELL) + 1;
      var cells = cols * rows, clustering = map.getZoom() < map.getMaxZoom();
      var cn = new Float64Array(cells), cs = new Int32Array(cells), csite = new Int32Array(cells);
      var cx = new Float64Array(cells), cy = new Float64Array(cells);
      var items = [], itemOf = this.itemOf, px = this.px, py = this.py, k, c, X, Y;
      itemOf.fill(-1);
      for (k = 0; k < px.length; k++) {
        if (!count[k]) { continue; }
        X = px[k] * scale - origin.x;
        Y = py[k] * scale - origin.y;
        if (X < x0 || X > x1 || Y < y0 || Y > y1) { continue; }
        if (!clustering) { itemOf[k] = items.length; items.push(this.siteItem(k, X, Y)); continue; }
        c = Math.floor((X - gx) / CELL) + Math.floor((Y - gy) / CELL) * cols;
        cn[c] += count[k]; cs[c] += 1; cx[c] += X; cy[c] += Y; csite[c] = k;
        itemOf[k] = c;  // a cell for now: its item below
      }
      if (clustering) {
        // Join a cell to its neighbours (right and below) when their centres are close.
        var owner = new Int32Array(cells).fill(-1), CX = new Float64Array(cells);
        for (c = 0; c < cells; c++) { if (cs[c]) { owner[c] = c; } }
        for (c = 0; c < cells; c++) {
          if (!cs[c] || owner[c] !== c) { continue; }
          var col = c % cols, near = [c + 1, c + cols - 1, c + cols, c + cols + 1];
          for (var j = 0; j < near.length; j++) {
            var d = near[j];
            if (d >= cells || !cs[d] || owner[d] !== d || (j === 0 && col === cols - 1) ||
                (j === 1 && col === 0) || (j === 3 && col === cols - 1)) { continue; }
            var dx = cx[c] / cs[c] - cx[d] / cs[d], dy = cy[c] / cs[c] - cy[d] / cs[d];
            if (dx * dx + dy * dy < MERGE * MERGE) {
              cn[c] += cn[d]; cs[c] += cs[d]; cx[c] += cx[d]; cy[c] += cy[d];
              cs[d] = 0; owner[d] = c;
            }
          }
        }
        for (c = 0; c < cells; c++) {
          if (!cs[c]) { continue; }
          CX[c] = items.length;
          items.push(cs[c] === 1 ? this.siteItem(csite[c], cx[c], cy[c]) :
            {site: -1, n: cn[c], sites: cs[c], x: cx[c] / cs[c], y: cy[c] / cs[c],
              r: clusterSize(cn[c]) / 2});
        }
        for (k = 0; k < px.length; k++) {
          c = itemOf[k];
          if (c < 0) { continue; }
          while (owner[c] !== c) { c = owner[c]; }
          itemOf[k] = CX[c];
        }
      }
      this.items = items;
      this.draw();
    },
    siteItem: function (k, X, Y) {
      var st = this.state, n = st.count[k];
      var r = 7 + 2 * Math.min(n - 1, 5);
      // Where the data counts the dead, a site is larger the more died (log scale).
      if (st.dead && st.dead[k] > 0) { r += Math.min(8, 2.5 * Math.log(1 + st.dead[k]) / Math.LN10); }
      return {site: k, n: n, sites: 1, x: X, y: Y, r: r};
    },
    draw: function () {
      var ctx = this._ctx, b = this._bounds, m = window.devicePixelRatio || 1;
      var st = this.state, D = st.D, opts = st.opts, items = this.items;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, this._container.width, this._container.height);
      ctx.setTransform(m, 0, 0, m, -b.min.x * m, -b.min.y * m);
      // Larger sites first, so a small one on top of them stays in sight; clusters last.
      var order = items.map(function (item, j) { return j; });
      order.sort(function (p, q) {
        var a = items[p], c = items[q];
        return (a.site < 0) - (c.site < 0) || c.r - a.r || p - q;
      });
      this.order = order;
      var font = "700 12px " + getComputedStyle(this._map.getContainer()).fontFamily;
      ctx.lineJoin = "round";
      order.forEach(function (j) {
        var item = items[j];
        if (item.site >= 0) {
          var type = st.kind[item.site];
          var shape = type >= 0 ? opts.shapes[D.types[type][1]] : null;
          var fill = (type >= 0 && D.types[type][2]) || opts.colour;
          ctx.beginPath();
          if (shape) {
            for (var v = 0; v < shape.length; v++) {
              ctx[v ? "lineTo" : "moveTo"](item.x + shape[v][0] * item.r, item.y + shape[v][1] * item.r);
            }
            ctx.closePath();
          } else {
            ctx.arc(item.x, item.y, item.r, 0, 2 * Math.PI);
          }
          ctx.globalAlpha = 0.95; ctx.fillStyle = fill; ctx.fill();
          ctx.globalAlpha = 1; ctx.lineWidth = 2; ctx.strokeStyle = "#ffffff"; ctx.stroke();
          return;
        }
        var size = clusterSize(item.n);
        ctx.beginPath(); ctx.arc(item.x, item.y, size / 2, 0, 2 * Math.PI);
        ctx.fillStyle = CLUSTER_HALO; ctx.fill();
        ctx.beginPath(); ctx.arc(item.x, item.y, size / 2 - 4 + 0.75, 0, 2 * Math.PI);
        ctx.lineWidth = 1.5; ctx.strokeStyle = "#ffffff"; ctx.stroke();
        ctx.beginPath(); ctx.arc(item.x, item.y, size / 2 - 4, 0, 2 * Math.PI);
        ctx.fillStyle = CLUSTER_FILL; ctx.fill();
        ctx.fillStyle = "#ffffff"; ctx.font = font;
        ctx.textAlign = "center"; ctx.textBaseline = "middle";
        ctx.fillText(clusterText(item.n), item.x, item.y + 0.5);
      });
      this.fire("drawn");
    },
    /** The item drawn at a layer point (the topmost), or null. */
    itemAt: function (p) {
      var items = this.items, order = this.order || [];
      for (var j = order.length - 1; j >= 0; j--) {
        var item = items[order[j]], dx = item.x - p.x, dy = item.y - p.y, r = item.r + 2;
        if (dx * dx + dy * dy <= r * r) { return item; }
      }
      return null;
    },
    /** The sites an item stands for. */
    sitesOf: function (item) {
      if (item.site >= 0) { return [item.site]; }
      var index = this.items.indexOf(item), out = [], itemOf = this.itemOf;
      for (var k = 0; k < itemOf.length; k++) { if (itemOf[k] === index) { out.push(k); } }
      return out;
    }
  });

  function incidentsLayer(map, root, group, opts, api) {
    var nodes = root.querySelectorAll("script.geo-data-incidents");
    if (!nodes.length || !group) { return; }
    function block(name) {
      return Array.prototype.filter.call(nodes, function (node) {
        return node.getAttribute("data-geo-block") === name;
      });
    }
    var lo = -Infinity, hi = Infinity, hidden = {}, popupOptions = opts.popup || {};
    var D = null, on = null, state = null, layer = null, tip = null, tipItem = null;
    api.incidents = +(nodes[0].getAttribute("data-geo-count") || 0);
    if (!map.options.maxZoom) { map.options.maxZoom = opts.maxZoom || 18; }

    function visibleAt(site) {
      return D.at(site).filter(function (i) { return on[i]; });
    }

    function openSite(site, options) {
      if (!D.hasText) {
        // Drawn, its text still being read: the popup opens once it is.
        waiting.push(function () { openSite(site, options); });
        return null;
      }
      var visible = visibleAt(site);
      var all = D.at(site);
      var list = visible.length ? visible : all;
      var popup = L.popup(L.extend({}, popupOptions, options || {}));
      popup.setLatLng(D.latlng(site));
      popup.setContent(siteNode(D, list, all.length - list.length, popup));
      popup.openOn(map);
      return popup;
    }

    function tooltipNode(site) {
      var list = visibleAt(site);
      if (!list.length) { list = D.at(site); }
      var box = el("div");
      if (list.length === 1) { box.textContent = D.line(list[0]); return box; }
      var place = D.str("place", list[0]);
      box.appendChild(el("b", null, place ? D.t.n("incidentsAt", list.length, {place: place}) :
        D.t.n("incidents", list.length)));
      list.slice(0, 6).forEach(function (i) {
        box.appendChild(el("br"));
        box.appendChild(document.createTextNode(D.line(i)));
      });
      if (list.length > 6) {
        box.appendChild(el("br"));
        box.appendChild(document.createTextNode(D.t("andMore", {n: D.t.number(list.length - 6)})));
      }
      return box;
    }

    function clusterTooltip(item) {
      var n = 0, first = Infinity, last = -Infinity;
      layer.sitesOf(item).forEach(function (site) {
        D.at(site).forEach(function (i) {
          if (!on[i]) { return; }
          n += 1;
          if (D.dated[i]) { first = Math.min(first, D.lo[i]); last = Math.max(last, D.hi[i]); }
        });
      });
      return el("div", null, first <= last ?
        D.t.n("clusterDated", n, {from: isoDay(first), to: isoDay(last)}) : D.t.n("cluster", n));
    }

    function itemLatLng(item) {
      return map.layerPointToLatLng(L.point(item.x, item.y));
    }

    function hideTip() {
      if (tip) { map.closeTooltip(tip); }
      tip = tipItem = null;
    }

    /** Open the hover tooltip of a drawn item (a site or a cluster). */
    function showTip(item) {
      if (tip && tipItem === item) { return tip; }
      hideTip();
      tipItem = item;
      tip = L.tooltip({direction: "auto"}).setLatLng(item.site >= 0 ? D.latlng(item.site) :
        itemLatLng(item)).setContent(item.site >= 0 ? tooltipNode(item.site) : clusterTooltip(item));
      map.openTooltip(tip);
      return tip;
    }

    /** A cluster clicked: zoom to its sites (at least one step). */
    function zoomTo(item) {
      var bounds = L.latLngBounds(layer.sitesOf(item).map(function (s) { return D.latlng(s); }));
      var zoom = Math.min(map.getBoundsZoom(bounds, false, L.point(40, 40)), map.getMaxZoom());
      map.setView(bounds.getCenter(), Math.max(zoom, Math.min(map.getZoom() + 1, map.getMaxZoom())));
    }

    function hit(e) {
      if (!layer || !layer._map || root.classList.contains("geo-measuring")) { return null; }
      return layer.itemAt(map.mouseEventToLayerPoint(e));
    }

    // The canvas lets the pointer through; the map's box asks it first what is there.
    var box = map.getContainer();
    box.addEventListener("click", function (e) {
      var item = hit(e);
      if (!item || (map.dragging && map.dragging.moved())) { return; }
      e.stopPropagation();
      hideTip();
      if (item.site >= 0) { openSite(item.site); } else { zoomTo(item); }
    }, true);
    box.addEventListener("mousemove", function (e) {
      var item = D && D.hasText ? hit(e) : null;
      box.classList.toggle("geo-on-site", !!item);
      if (item) { showTip(item); } else if (tip) { hideTip(); }
    }, true);
    box.addEventListener("mouseleave", hideTip);
    map.on("popupopen zoomstart movestart", hideTip);

    /** Show the incidents whose period meets [from, to] (day numbers), of the types
     *  not hidden; undated ones stay. */
    function filter(from, to) {
      lo = from; hi = to;
      if (!D) { return; }
      var count = state.count, kind = state.kind, dead = state.dead, fat = D.a.fat;
      var type = D.type, si = D.siteOf, dated = D.dated, plo = D.lo, phi = D.hi;
      count.fill(0);
      if (dead) { dead.fill(0); }
      for (var i = 0; i < D.n; i++) {
        var t = type[i];
        var inside = !hidden[t] && (!dated[i] || (phi[i] >= lo && plo[i] <= hi));
        on[i] = inside ? 1 : 0;
        if (!inside) { continue; }
        var s = si[i];
        if (!count[s]) { kind[s] = t; } else if (kind[s] !== t) { kind[s] = -1; }
        count[s] += 1;
        if (dead && fat[i] > 1) { dead[s] += fat[i] - 1; }
      }
      if (layer) { layer.redraw(); }
      api.onfilter(shown());
    }

    function shown() {
      // Still being read: all of them (the block's count), as the first filter will say.
      if (!D) { return api.incidents; }
      var n = 0;
      for (var i = 0; i < D.n; i++) { n += on[i]; }
      return n;
    }

    /** Hide or show the incidents of one type (its index in the data's types). */
    function toggleType(t) {
      hidden[t] = !hidden[t];
      filter(lo, hi);
      return !hidden[t];
    }

    /** What is drawn in view: sites drawn alone, clusters and their numbers, each item. */
    function drawn() {
      var size = map.getSize(), out = {sites: 0, clusters: [], items: []};
      (layer && layer._map ? layer.items : []).forEach(function (item) {
        var p = map.layerPointToContainerPoint(L.point(item.x, item.y));
        if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) { return; }
        if (item.site >= 0) { out.sites += 1; } else { out.clusters.push(item.n); }
        out.items.push({site: item.site, n: item.n, x: p.x, y: p.y, r: item.r});
      });
      return out;
    }

    var waiting = [];
    function loaded(head) {
      D = new Data(head, words(opts));
      on = new Uint8Array(D.n);
      state = {D: D, opts: opts, count: new Int32Array(D.nSites), kind: new Int32Array(D.nSites),
        dead: D.a.fat ? new Float64Array(D.nSites) : null};
      api.data = D;
      api.incidents = D.n;
      root.setAttribute("data-geo-decoded-ms", performance.now().toFixed(1));
      api.incidents = D.n;
      layer = new SiteCanvas(state, {pane: "markerPane"});
      layer.once("drawn", function () {
        var now = performance.now().toFixed(1);
        root.setAttribute("data-geo-first-marker-ms", now);
        root.setAttribute("data-geo-clustered-ms", now);
      });
      api.layer = layer;
      filter(lo, hi);
      group.addLayer(layer);
      root.setAttribute("data-geo-incidents", "drawn");
      loadBlock(block("text"), textLoaded, failed);
    }
    function textLoaded(head) {
      D.addText(head);
      root.setAttribute("data-geo-text-ms", performance.now().toFixed(1));
      root.setAttribute("data-geo-incidents", "ready");
      waiting.splice(0).forEach(function (fn) { fn(api); });
    }
    function failed(error) {
      root.setAttribute("data-geo-incidents", "failed");
      throw error;
    }

    api.toggleType = toggleType;
    api.filter = filter;
    api.shown = shown;
    api.drawn = drawn;
    api.openSite = openSite;
    api.showTooltip = function (item) {
      var found = null;
      layer.items.forEach(function (it) {
        if (it.site === item.site && (item.site >= 0 || it.n === item.n)) { found = found || it; }
      });
      return found ? showTip(found).getElement() : null;
    };
    api.siteOf = function (i) { return D.siteOf[i]; };
    api.tooltipNode = tooltipNode;
    api.incidentNode = function (i) { return incidentNode(D, i); };
    api.onfilter = function () {};
    /** Call ``fn(api)`` once the incidents and their text are read (at once if they are). */
    api.whenLoaded = function (fn) { if (D && D.hasText) { fn(api); } else { waiting.push(fn); } };
    loadBlock(block("core"), loaded, failed);
  }

  // ---------------------------------------------------------------- basemap
  function basemap(map, root, group) {
    var node = root.querySelector("script.geo-data-basemap");
    if (!node || !group) { return; }
    var B = JSON.parse(node.textContent);
    // Under the zones (overlay pane, 400); the labels above the land, below the data.
    map.createPane("geoBasemap").style.zIndex = 250;
    var labelPane = map.createPane("geoLabels");
    labelPane.style.zIndex = 260;
    labelPane.style.pointerEvents = "none";
    function style(feature) {
      var type = feature.geometry.type;
      if (type === "LineString" || type === "MultiLineString") {
        return {color: B.style.border, weight: 0.8, opacity: 1, fill: false};
      }
      // A country cut at the edge of its layer ("e") has its borders drawn as lines.
      return {stroke: !feature.properties.e, color: B.style.border, weight: 0.8, opacity: 1,
        fillColor: B.style.land, fillOpacity: 1};
    }
    B.layers.forEach(function (fc) {
      L.geoJSON(fc, {pane: "geoBasemap", interactive: false, style: style,
        attribution: B.attribution}).addTo(group);
    });
    // Water over the land: lakes as water with a shore, rivers thicker the larger (r 1).
    var S = B.style;
    if (B.lakes && B.lakes.length) {
      L.geoJSON(B.lakes, {pane: "geoBasemap", interactive: false, style: function () {
        return {color: S.river, weight: 0.6, opacity: 1, fillColor: S.water, fillOpacity: 1};
      }}).addTo(group);
    }
    if (B.rivers && B.rivers.length) {
      L.geoJSON(B.rivers, {pane: "geoBasemap", interactive: false, style: function (f) {
        var r = f.properties.r;
        return {color: S.river, weight: r <= 2 ? 1.8 : r <= 4 ? 1.4 : 1, opacity: 1,
          fill: false, lineCap: "round"};
      }}).addTo(group);
    }
    var labels = L.layerGroup().addTo(group);
    var items = B.labels.map(function (lab) {
      return {size: lab[2], name: lab[3], marker: L.marker([lab[0], lab[1]], {
        pane: "geoLabels", interactive: false, keyboard: false,
        icon: L.divIcon({className: "geo-country-label", html: el("span", null, lab[3]),
          iconSize: null})})};
    });
    function update() {
      var z = map.getZoom(), pxPerDeg = 256 * Math.pow(2, z) / 360;
      items.forEach(function (item) {
        // A name shows where its country is wide enough on screen to hold it.
        var fits = z <= 9 && item.size * pxPerDeg > item.name.length * 7 + 10;
        if (fits && !labels.hasLayer(item.marker)) { labels.addLayer(item.marker); }
        if (!fits && labels.hasLayer(item.marker)) { labels.removeLayer(item.marker); }
      });
    }
    map.on("zoomend", update);
    update();
    // Towns: the larger ones from further out, smaller ones as the reader zooms in.
    var towns = L.layerGroup().addTo(group);
    var water = L.layerGroup().addTo(group);
    var waterLabels = waterItems(B);
    var townItems = (B.towns || []).map(function (t) {
      // The label's width, estimated from its length at the label's 10.5 px.
      return {population: t[2], width: 12 + 6 * t[3].length, marker: L.marker([t[0], t[1]], {
        pane: "geoLabels", interactive: false, keyboard: false,
        icon: L.divIcon({className: "geo-town", html: el("span", "geo-town-name", t[3]),
          iconSize: null})})};
    });
    function updateTowns() {
      var z = map.getZoom();
      var least = z <= 5 ? 1000000 : z <= 6 ? 500000 : z <= 7 ? 200000 : z <= 8 ? 100000 : 0;
      // Best known first, a town shows only where its name clears those already shown
      // and the data's own place names (to the right of their points).
      var taken = (B.avoid || []).map(function (a) {
        var q = map.latLngToLayerPoint([a[0], a[1]]);
        return [q.x, q.y - 9, q.x + 16 + 7 * a[2], q.y + 9];
      });
      function free(box) {
        return !taken.some(function (b) {
          return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3];
        });
      }
      townItems.forEach(function (item) {
        var show = item.population >= least;
        if (show) {
          var p = map.latLngToLayerPoint(item.marker.getLatLng());
          var box = [p.x - 4, p.y - 8, p.x + item.width, p.y + 8];
          show = free(box);
          if (show) { taken.push(box); }
        }
        if (show && !towns.hasLayer(item.marker)) { towns.addLayer(item.marker); }
        if (!show && towns.hasLayer(item.marker)) { towns.removeLayer(item.marker); }
      });
      // Then the water's names, where they clear the towns and each other; a name shown
      // again (a river's along its course, a sea's) only well away from where it shows.
      var shown = {};
      waterLabels.forEach(function (item) {
        var show = waterFits(item, z);
        var p = map.latLngToLayerPoint(item.marker.getLatLng());
        if (show) {
          show = !(shown[item.name] || []).some(function (q) {
            return Math.sqrt((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y)) <
              Math.max(400, 5 * item.width);
          });
        }
        if (show) {
          var box = [p.x - item.boxW / 2, p.y - item.boxH / 2, p.x + item.boxW / 2,
            p.y + item.boxH / 2];
          show = free(box);
          if (show) {
            taken.push(box);
            (shown[item.name] = shown[item.name] || []).push(p);
          }
        }
        if (show && !water.hasLayer(item.marker)) { water.addLayer(item.marker); }
        if (!show && water.hasLayer(item.marker)) { water.removeLayer(item.marker); }
      });
    }
    map.on("zoomend", updateTowns);
    updateTowns();
  }

  /** Names of seas (kind 0), lakes (1) and rivers (2, turned along the river), as text. */
  function waterItems(B) {
    return (B.near || []).concat(B.water || []).map(function (w) {
      var span = el("span", null, w[3]);
      var angle = w[4] === 2 ? w[5] || 0 : 0;
      span.style.transform = "translate(-50%, -50%) rotate(" + angle + "deg)";
      var width = 10 + 6.2 * w[3].length, height = 14, rad = angle * Math.PI / 180;
      return {kind: w[4], size: w[2], name: w[3], width: width, narrow: w[4] === 0 && w[5],
        // The box the turned name covers on screen, for the collision test.
        boxW: Math.abs(width * Math.cos(rad)) + Math.abs(height * Math.sin(rad)),
        boxH: Math.abs(width * Math.sin(rad)) + Math.abs(height * Math.cos(rad)),
        marker: L.marker([w[0], w[1]], {pane: "geoLabels", interactive: false, keyboard: false,
          icon: L.divIcon({className: "geo-water-label geo-water-" + w[4], html: span,
            iconSize: null})})};
    });
  }

  /** Whether a water name fits at zoom ``z``: a sea or lake wide enough, a river long enough. */
  function waterFits(item, z) {
    var pxPerDeg = 256 * Math.pow(2, z) / 360;
    if (item.kind === 0) {
      // A strait is named once the reader is close, however small its water.
      return item.size * pxPerDeg > item.width * 0.9 || (item.narrow && z >= 7);
    }
    if (item.kind === 1) { return z >= 6 && item.size * pxPerDeg > item.width * 0.5; }
    return z >= 6 && item.size * pxPerDeg > item.width * 2;
  }

  // --------------------------------------------------------------- controls
  function control(map, node, position) {
    if (!node) { return null; }
    var Control = L.Control.extend({onAdd: function () { return node; }});
    L.DomEvent.disableClickPropagation(node);
    L.DomEvent.disableScrollPropagation(node);
    return new Control({position: position}).addTo(map);
  }

  function timeFilter(map, root, api, t) {
    var box = root.querySelector(".geo-time");
    if (!box || !api.filter) { return; }
    var from = box.querySelector(".geo-time-lo"), to = box.querySelector(".geo-time-hi");
    var fromText = box.querySelector(".geo-time-from"), toText = box.querySelector(".geo-time-to");
    var count = box.querySelector(".geo-time-count");
    var bars = Array.prototype.slice.call(box.querySelectorAll(".geo-time-hist rect"));
    var min = +from.min, max = +from.max, timer = null;
    function label() {
      var a = Math.min(+from.value, +to.value), b = Math.max(+from.value, +to.value);
      fromText.textContent = isoDay(a);
      toText.textContent = isoDay(b);
      bars.forEach(function (bar) {
        var out = +bar.getAttribute("data-to") < a || +bar.getAttribute("data-from") > b;
        bar.setAttribute("class", out ? "geo-out" : "");
      });
      return [a, b];
    }
    function apply() { var r = label(); api.filter(r[0], r[1]); }
    function later() {
      label();
      clearTimeout(timer);
      timer = setTimeout(apply, api.incidents > 20000 ? 250 : 60);
    }
    from.addEventListener("input", later);
    to.addEventListener("input", later);
    api.onfilter = function (n) {
      count.textContent = t.n("shown", n, {total: t.number(api.incidents)});
    };
    var reset = box.querySelector(".geo-time-reset");
    if (reset) {
      reset.addEventListener("click", function () { from.value = min; to.value = max; apply(); });
    }
    /** Test and scripting hook: show the incidents from one ISO date to another. */
    api.setRange = function (a, b) {
      from.value = a ? dayOf(a) : min;
      to.value = b ? dayOf(b) : max;
      apply();
      return api.shown();
    };
    label();
    api.onfilter(api.shown());
  }

  /** Clicking an incident type in the legend hides its incidents; clicking again shows them. */
  function legendFilter(root, api) {
    if (!api.toggleType) { return; }
    var items = root.querySelectorAll(".geo-legend [data-geo-type]");
    Array.prototype.forEach.call(items, function (item) {
      item.setAttribute("role", "button");
      item.setAttribute("tabindex", "0");
      item.setAttribute("aria-pressed", "true");
      function toggle() {
        var shown = api.toggleType(+item.getAttribute("data-geo-type"));
        item.classList.toggle("geo-off", !shown);
        item.setAttribute("aria-pressed", shown ? "true" : "false");
      }
      item.addEventListener("click", toggle);
      item.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); toggle(); }
      });
    });
  }

  function coordinates(map, root, t) {
    var node = root.querySelector(".geo-coords");
    if (!node) { return; }
    var hint = node.textContent;
    function show(e) {
      node.textContent = latLonText(e.latlng.lat, e.latlng.lng) + " \u00b7 " +
        mgrsText(t, e.latlng.lat, e.latlng.lng);
    }
    map.on("mousemove", show);
    map.on("click", show);
    map.on("mouseout", function () { node.textContent = hint; });
  }

  function fullscreen(map, root, t) {
    var button = root.querySelector(".geo-fullscreen");
    if (!button) { return; }
    var request = root.requestFullscreen || root.webkitRequestFullscreen;
    var enabled = document.fullscreenEnabled || document.webkitFullscreenEnabled;
    if (!request || !enabled) { button.parentNode.removeChild(button); return; }
    function current() { return document.fullscreenElement || document.webkitFullscreenElement; }
    button.addEventListener("click", function (e) {
      e.preventDefault();
      var done = current() === root ?
        (document.exitFullscreen || document.webkitExitFullscreen).call(document) :
        request.call(root);
      // Refused (no user gesture, a frame that does not allow it): the map stays as it is.
      if (done && done.catch) { done.catch(function () {}); }
    });
    function changed() {
      var on = current() === root;
      button.classList.toggle("geo-on", on);
      button.title = on ? t("leaveFullScreen") : t("fullScreen");
      button.setAttribute("aria-label", button.title);
      map.invalidateSize();
    }
    document.addEventListener("fullscreenchange", changed);
    document.addEventListener("webkitfullscreenchange", changed);
  }

  /** Points along the great circle between two positions, for drawing a long leg. */
  function arc(a, b) {
    var d = geodesic(a.lat, a.lng, b.lat, b.lng);
    var steps = Math.min(64, Math.ceil(d / 50000));
    if (steps <= 1) { return [a, b]; }
    function vec(p) {
      var la = p.lat * RAD, lo = p.lng * RAD;
      return [Math.cos(la) * Math.cos(lo), Math.cos(la) * Math.sin(lo), Math.sin(la)];
    }
    var u = vec(a), v = vec(b);
    var omega = Math.acos(Math.max(-1, Math.min(1, u[0] * v[0] + u[1] * v[1] + u[2] * v[2])));
    if (!omega || Math.abs(Math.PI - omega) < 1e-9) { return [a, b]; }
    var out = [], lonShift = 0, prev = a.lng;
    for (var s = 0; s <= steps; s++) {
      var t = s / steps, k1 = Math.sin((1 - t) * omega) / Math.sin(omega);
      var k2 = Math.sin(t * omega) / Math.sin(omega);
      var x = k1 * u[0] + k2 * v[0], y = k1 * u[1] + k2 * v[1], z = k1 * u[2] + k2 * v[2];
      var lat = Math.atan2(z, Math.sqrt(x * x + y * y)) / RAD, lon = Math.atan2(y, x) / RAD;
      // Keep the line continuous across the antimeridian.
      while (lon + lonShift - prev > 180) { lonShift -= 360; }
      while (lon + lonShift - prev < -180) { lonShift += 360; }
      prev = lon + lonShift;
      out.push(L.latLng(lat, prev));
    }
    return out;
  }

  function measure(map, root, api, t) {
    var button = root.querySelector(".geo-measure");
    var readout = root.querySelector(".geo-measure-readout");
    if (!button || !readout) { return; }
    var box = control(map, readout, "topleft");
    readout.hidden = true;
    var layer = L.layerGroup(), points = [], active = false;
    var style = {color: "#111", weight: 2.5, dashArray: "6 5", interactive: false,
      className: "geo-measure-line"};
    function legs() {
      var out = [];
      for (var j = 1; j < points.length; j++) {
        out.push(geodesic(points[j - 1].lat, points[j - 1].lng, points[j].lat, points[j].lng));
      }
      return out;
    }
    function redraw() {
      layer.clearLayers();
      var line = [];
      for (var j = 0; j < points.length; j++) {
        line = j ? line.concat(arc(points[j - 1], points[j]).slice(1)) : [points[0]];
        L.circleMarker(points[j], {radius: 4, color: "#111", weight: 2, fillColor: "#fff",
          fillOpacity: 1, interactive: false}).addTo(layer);
      }
      if (line.length > 1) { L.polyline(line, style).addTo(layer); }
      var d = legs(), total = d.reduce(function (s, x) { return s + x; }, 0);
      readout.textContent = "";
      if (!points.length) {
        readout.appendChild(el("div", null, t("measureStart")));
      } else {
        readout.appendChild(el("b", null, t("measureDistance", {d: distanceText(total, t.lang)})));
        if (d.length > 1) {
          readout.appendChild(el("div", null,
            t("measureLastLeg", {d: distanceText(d[d.length - 1], t.lang)})));
        }
        readout.appendChild(el("div", "geo-note", t.n("measureNote", points.length)));
      }
    }
    function add(e) { points.push(e.latlng); redraw(); }
    function start() {
      active = true; points = [];
      root.classList.add("geo-measuring"); button.classList.add("geo-on");
      map.doubleClickZoom.disable(); map.on("click", add); layer.addTo(map);
      readout.hidden = false; redraw();
    }
    function stop() {
      active = false;
      root.classList.remove("geo-measuring"); button.classList.remove("geo-on");
      map.doubleClickZoom.enable(); map.off("click", add); layer.remove();
      readout.hidden = true;
    }
    button.addEventListener("click", function (e) {
      e.preventDefault();
      if (active) { stop(); } else { start(); }
    });
    root.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && active) { stop(); }
    });
    /** Test and scripting hook: measure along [lat, lon] points; returns metres. */
    api.measure = function (pts) {
      if (!active) { start(); }
      pts.forEach(function (p) { add({latlng: L.latLng(p[0], p[1])}); });
      return legs().reduce(function (s, x) { return s + x; }, 0);
    };
    api.measureText = function () { return readout.textContent; };
    return box;
  }

  /** Frame the data in the part of the map the panels leave free. */
  function refit(map, root, opts) {
    if (opts.view) {
      // The author's first view, as given (geo map --view).
      map.setView([opts.view[0], opts.view[1]], opts.view[2], {animate: false});
      return;
    }
    if (!opts.fit) { return; }
    var size = map.getSize();
    function widest(corner) {
      var box = root.querySelector(".leaflet-" + corner);
      var w = 0, h = 0;
      Array.prototype.forEach.call(box ? box.children : [], function (c) {
        w = Math.max(w, c.offsetWidth); h += c.offsetHeight + 10;
      });
      return [w ? w + 10 : 0, h];
    }
    var tl = widest("top.leaflet-left"), tr = widest("top.leaflet-right");
    var bl = widest("bottom.leaflet-left"), br = widest("bottom.leaflet-right");
    // Panels at the right take width; those at the bottom left take height (they are
    // wide but low). Never more than half the map either way.
    var right = Math.min(Math.max(tr[0], br[0]), size.x * 0.45);
    var left = Math.min(tl[0], size.x * 0.2);
    var bottom = Math.min(bl[1], size.y * 0.4);
    map.fitBounds(opts.fit, {paddingTopLeft: L.point(left + 14, 14),
      paddingBottomRight: L.point(right + 14, bottom + 14), maxZoom: opts.fitMaxZoom,
      animate: false});
  }

  function overlap(a, b) {
    if (!a || !b) { return false; }
    var r = a.getBoundingClientRect(), q = b.getBoundingClientRect();
    return r.top < q.bottom + 6 && q.top < r.bottom + 6 && r.left < q.right && q.left < r.right;
  }

  /** Fold the legend, then the layer list, while they would cover each other. */
  function fitPanels(map, root, layerControl) {
    var legend = root.querySelector(".geo-legend details");
    var legendBox = root.querySelector(".geo-legend");
    function layersBox() { return root.querySelector(".leaflet-control-layers"); }
    var size = map.getSize(), small = size.y < 420 || size.x < 640;
    // A small map keeps its panels small: the time filter without its histogram and
    // note, no cursor readout, the header's credits on one line (a click opens them).
    root.classList.toggle("geo-compact", small);
    // The legend may take most of the map's height, never more (it scrolls then).
    if (legendBox) { legendBox.style.maxHeight = Math.round(size.y * 0.6) + "px"; }
    if (legend && (small || overlap(legendBox, layersBox()))) { legend.open = false; }
    // In a report's column the open layer list would cover much of the map: it folds
    // behind its button when it takes more than a tenth of the map.
    var list = layersBox();
    var crowded = list && list.offsetWidth * list.offsetHeight > 0.1 * size.x * size.y;
    if (layerControl && !layerControl.options.collapsed &&
        (small || crowded || overlap(legendBox, layersBox()))) {
      layerControl.remove();
      layerControl.options.collapsed = true;  // behind its button, opened on hover or tap
      layerControl.addTo(map);
    }
  }

  /** Start the map drawn in ``root`` (the same fragment twice on a page: two roots). */
  /**
   * The wheel zooms the map only once the reader asked for the map: a click or
   * keyboard focus (until the pointer leaves it), so scrolling a report over an
   * embedded map scrolls the report. A hint says how, when the wheel is turned
   * over a map that is not listening yet. ``opts.scrollZoom``: "always", "click",
   * or "top" (always when the page is not framed in another page, else "click").
   */
  function wheelOnRequest(map, root, opts, t) {
    var mode = opts.scrollZoom || "click";
    if (mode === "always" || (mode === "top" && window.self === window.top)) { return; }
    map.scrollWheelZoom.disable();
    var box = map.getContainer();
    var hint = el("div", "geo-wheel-hint", t("wheelHint"));
    hint.setAttribute("aria-hidden", "true");
    box.appendChild(hint);
    var timer = null;
    function on() {
      map.scrollWheelZoom.enable();
      hint.classList.remove("geo-shown");
      root.setAttribute("data-geo-wheel", "on");
    }
    function off() {
      map.scrollWheelZoom.disable();
      root.setAttribute("data-geo-wheel", "off");
    }
    root.setAttribute("data-geo-wheel", "off");
    map.on("click", on);
    box.addEventListener("focus", on);
    box.addEventListener("mousedown", on);
    box.addEventListener("mouseleave", off);
    box.addEventListener("blur", function () {
      if (!box.matches(":hover")) { off(); }
    });
    box.addEventListener("wheel", function () {
      if (map.scrollWheelZoom.enabled()) { return; }
      hint.classList.add("geo-shown");
      clearTimeout(timer);
      timer = setTimeout(function () { hint.classList.remove("geo-shown"); }, 1500);
    }, {passive: true});
  }

  /**
   * An online base layer that cannot load its tiles (no network) says so on the map,
   * and the offline map comes back instead of a blank field.
   */
  function onlineFallback(map, root, t, layers) {
    if (!layers.control || !layers.basemap) { return; }
    var notice = el("div", "geo-notice", "");
    notice.setAttribute("role", "status");
    notice.hidden = true;
    map.getContainer().appendChild(notice);
    layers.control._layers.forEach(function (entry) {
      var layer = entry.layer;
      if (entry.overlay || !(layer instanceof L.TileLayer)) { return; }
      var loaded = false, failed = 0;
      layer.on("tileload", function () { loaded = true; notice.hidden = true; });
      layer.on("tileerror", function () {
        failed += 1;
        if (loaded || failed > 1 || !map.hasLayer(layer)) { return; }
        notice.textContent = t("tilesFailed", {layer: entry.name});
        notice.hidden = false;
        root.setAttribute("data-geo-tiles", "failed");
        map.removeLayer(layer);
        map.addLayer(layers.basemap);
      });
      layer.on("add", function () { failed = 0; });
    });
  }

  /** The legend shows which overlays are on: an entry whose layer is off is dimmed. */
  function legendFollowsLayers(map, root, layers) {
    (layers.legend || []).forEach(function (pair) {
      var layer = pair[0];
      var entries = root.querySelectorAll('.geo-legend [data-geo-legend="' + pair[1] + '"]');
      function mark() {
        var on = map.hasLayer(layer);
        Array.prototype.forEach.call(entries, function (entry) {
          entry.classList.toggle("geo-layer-off", !on);
        });
      }
      layer.on("add remove", mark);
      mark();
    });
  }

  /** A popup replaces the hover tooltip of what it opened on (labels stay). */
  function popupClosesTooltips(map) {
    map.on("popupopen", function () {
      map.eachLayer(function (layer) {
        var tip = layer.getTooltip && layer.getTooltip();
        if (tip && !tip.options.permanent && layer.isTooltipOpen()) { layer.closeTooltip(); }
      });
    });
  }

  /** Leaflet's own buttons (zoom, the folded layer list) titled in the map's language. */
  function leafletTitles(root, t) {
    [[".leaflet-control-zoom-in", t("zoomIn")], [".leaflet-control-zoom-out", t("zoomOut")],
      [".leaflet-control-layers-toggle", t("layers")]].forEach(function (pair) {
      var node = root.querySelector(pair[0]);
      if (node) { node.title = pair[1]; node.setAttribute("aria-label", pair[1]); }
    });
  }

  function init(root, map, opts, layers) {
    var t = words(opts);
    var api = {map: map, root: root, incidents: 0, shown: function () { return 0; }, words: t};
    root.geoMap = api;
    var key = opts.root, copy = 1;
    while (GeoMap.maps[key]) { key = opts.root + "-" + (++copy); }
    GeoMap.maps[key] = api;
    basemap(map, root, layers.basemap);
    control(map, root.querySelector(".geo-tools"), "topleft");
    control(map, root.querySelector(".geo-legend"), "bottomright");
    control(map, root.querySelector(".geo-coords"), "bottomleft");
    control(map, root.querySelector(".geo-time"), "bottomleft");
    var credits = root.querySelector(".geo-caption");
    if (credits) {
      credits.addEventListener("click", function () {
        credits.classList.toggle("geo-open");
      });
    }
    api.framing = true;
    fitPanels(map, root, layers.control);
    map.invalidateSize({pan: false});
    refit(map, root, opts);
    api.framing = false;
    // Until the reader moves the map, a change of its size frames the data again.
    var moved = false;
    map.on("dragstart zoomstart", function () { if (!api.framing) { moved = true; } });
    if (root.ResizeObserver || window.ResizeObserver) {
      // A map pasted into a report may start in a folded section or a hidden tab, or
      // its page may be resized: redraw at the size the map is given.
      new window.ResizeObserver(function () {
        map.invalidateSize({pan: false});
        if (!moved) {
          api.framing = true;
          fitPanels(map, root, layers.control);
          refit(map, root, opts);
          api.framing = false;
        }
      }).observe(map.getContainer());
    }
    wheelOnRequest(map, root, opts, t);
    legendFollowsLayers(map, root, layers);
    popupClosesTooltips(map);
    onlineFallback(map, root, t, layers);
    incidentsLayer(map, root, layers.incidents, opts, api);
    measure(map, root, api, t);
    fullscreen(map, root, t);
    timeFilter(map, root, api, t);
    legendFilter(root, api);
    coordinates(map, root, t);
    leafletTitles(root, t);
    root.setAttribute("data-geo-ready", "1");
    return api;
  }

  var GeoMap = {version: 1, maps: {}, init: init, geodesic: geodesic, period: period};
  root.GeoMap = GeoMap;
})(window);
