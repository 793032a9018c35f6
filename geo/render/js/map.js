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
  function Data(raw, t) {
    this.raw = raw;
    this.t = t;  // the map's words: its popups are built later, in its language
    this.s = raw.s;
    this.n = raw.type.length;
    this.nSites = raw.lat.length;
    this.periods = new Array(this.n);
    this.siteOf = raw.si;
    this.sites = [];
    for (var k = 0; k < this.nSites; k++) { this.sites.push([]); }
    var cache = {};
    for (var i = 0; i < this.n; i++) {
      this.sites[raw.si[i]].push(i);
      // Few distinct dates among many incidents: read each once.
      var key = this.col("date", i) + "/" + this.col("prec", i);
      if (!(key in cache)) { cache[key] = period(this.str("date", i), this.str("prec", i)); }
      this.periods[i] = cache[key];
    }
    var self = this;
    this.sites.forEach(function (list) {
      list.sort(function (p, q) { return self.order(p, q); });
    });
  }
  Data.prototype.col = function (name, i) {
    var c = this.raw[name];
    return c ? c[i] : -1;
  };
  Data.prototype.str = function (name, i) {
    var k = this.col(name, i);
    return (typeof k === "number" && k >= 0) ? this.s[k] : null;
  };
  Data.prototype.order = function (p, q) {
    var a = this.periods[p], b = this.periods[q];
    var da = a ? a[0] : Infinity, db = b ? b[0] : Infinity;
    return da - db || p - q;
  };
  Data.prototype.latlng = function (site) {
    return L.latLng(this.raw.lat[site] / 1e5, this.raw.lon[site] / 1e5);
  };
  Data.prototype.typeName = function (i) {
    return this.s[this.raw.types[this.raw.type[i]][0]] || this.t("incident");
  };
  Data.prototype.summary = function (i) {
    var v = this.col("sum", i);
    if (typeof v === "number") { return v >= 0 ? this.s[v] : null; }
    // [start, end(, 1)]: a slice of the first source sentence (plus an ellipsis).
    var first = this.raw.src[i] && this.raw.src[i][0];
    if (!first) { return null; }
    var text = this.s[first[1]].slice(v[0], v[1]);
    return v[2] ? text + "\u2026" : text;
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
    var doc = D.raw.docs[span[0]] || [-1, -1, -1, -1];
    var name = doc[0] >= 0 ? D.s[doc[0]] : D.t("unknownDocument");
    var outlet = span.length > 4 && span[4] >= 0 ? D.s[span[4]] :
      (doc[1] >= 0 ? D.s[doc[1]] : null);
    var cite = el("cite");
    var parts = [outlet, name, doc[2] >= 0 ? D.s[doc[2]] : null].filter(Boolean);
    cite.appendChild(document.createTextNode(parts.join(" \u00b7 ")));
    var url = doc[3] >= 0 ? D.s[doc[3]] : null;
    if (url && /^https?:\/\//i.test(url)) {
      var a = el("a", null, D.t("link"));
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer";
      cite.appendChild(document.createTextNode(" \u00b7 "));
      cite.appendChild(a);
    }
    return cite;
  }

  function sourcesNode(D, i) {
    var spans = D.raw.src[i] || [];
    var box = el("div");
    if (!spans.length) {
      box.appendChild(el("p", "geo-none", D.t("noSourceSentence")));
      return box;
    }
    box.appendChild(el("p", "geo-label", D.t.n("sources", spans.length)));
    var ol = el("ol", "geo-sources");
    spans.forEach(function (span) {
      var li = el("li");
      li.appendChild(sentenceNode(D.s[span[1]], span[2], span[3]));
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
    var fat = D.col("fat", i);
    if (typeof fat === "number" && fat >= 0) { addRow(table, t("rowFatalities"), t.number(fat)); }
    var ll = D.latlng(D.siteOf[i]);
    var where = el("td");
    where.appendChild(document.createTextNode(latLonText(ll.lat, ll.lng)));
    where.appendChild(el("div", "geo-basis", mgrsText(t, ll.lat, ll.lng)));
    addRow(table, t("rowPosition"), where);
    var lines = D.col("zl", i);
    if (typeof lines === "number") { lines = lines >= 0 ? [lines] : []; }
    if (lines && lines.length) {
      var zones = el("td");
      lines.forEach(function (k, j) {
        if (j) { zones.appendChild(el("br")); }
        zones.appendChild(document.createTextNode(D.s[k]));
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

  // ----------------------------------------------------------- site markers
  /** A circle marker that can also be drawn as one of the legend's polygons (SVG). */
  var SiteMarker = L.CircleMarker.extend({
    _updatePath: function () {
      var shape = this.options.shape, renderer = this._renderer;
      if (!shape || !renderer._setPath || this._empty()) {
        L.CircleMarker.prototype._updatePath.call(this);
        return;
      }
      var p = this._point, r = this._radius, d = "";
      for (var j = 0; j < shape.length; j++) {
        d += (j ? "L" : "M") + (p.x + shape[j][0] * r).toFixed(1) + "," +
          (p.y + shape[j][1] * r).toFixed(1);
      }
      renderer._setPath(this, d + "z");
    }
  });

  function siteStyle(D, opts, visible) {
    // One type at the site: its symbol; several types: the plain circle.
    var type = D.raw.type[visible[0]];
    for (var j = 1; j < visible.length; j++) {
      if (D.raw.type[visible[j]] !== type) { type = -1; break; }
    }
    var shape = type >= 0 ? opts.shapes[D.raw.types[type][1]] : null;
    // Each ACLED event type its colour; several types at one site: the default.
    var fill = (type >= 0 && D.raw.types[type][2]) || opts.colour;
    return {
      radius: 7 + 2 * Math.min(visible.length - 1, 5), shape: shape || null,
      color: "#ffffff", weight: 2, fillColor: fill, fillOpacity: 0.95,
      pane: "markerPane"
    };
  }

  function clusterIcon(cluster) {
    var n = 0;
    if (cluster._group.geoOneEach) {
      n = cluster.getChildCount();  // one incident per site: no need to visit them
    } else {
      cluster.getAllChildMarkers().forEach(function (m) { n += m.geoVisible; });
    }
    var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48;
    var text = n < 10000 ? String(n) : Math.round(n / 1000) + "k";
    return L.divIcon({html: el("span", null, text), className: "geo-cluster",
      iconSize: L.point(size, size)});
  }

  function incidentsLayer(map, root, group, opts, api) {
    var node = root.querySelector("script.geo-data-incidents");
    if (!node || !group) { return; }
    var D = new Data(JSON.parse(node.textContent), words(opts));
    var on = new Uint8Array(D.n), markers = new Array(D.nSites);
    var lo = -Infinity, hi = Infinity, loading = 0, pending = null, hidden = {};
    var popupOptions = opts.popup || {};

    var clusters = L.markerClusterGroup({
      chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50,
      spiderfyDistanceMultiplier: 1.6, iconCreateFunction: clusterIcon,
      chunkProgress: function (done, total) {
        if (done === total) {
          loading = 0;
          root.setAttribute("data-geo-clustered-ms", performance.now().toFixed(1));
          if (pending) { var p = pending; pending = null; filter(p[0], p[1]); }
        }
      }
    });

    function addMarkers(list) {
      // Off the map, markercluster adds at once and reports no progress to wait for.
      loading = clusters._map ? 1 : 0;
      clusters.addLayers(list);
    }

    function visibleAt(site) {
      return D.sites[site].filter(function (i) { return on[i]; });
    }

    function openSite(site, options) {
      var visible = visibleAt(site);
      var all = D.sites[site];
      var list = visible.length ? visible : all;
      var popup = L.popup(L.extend({}, popupOptions, options || {}));
      popup.setLatLng(D.latlng(site));
      popup.setContent(siteNode(D, list, all.length - list.length, popup));
      popup.openOn(map);
      return popup;
    }

    function tooltipNode(site) {
      var list = visibleAt(site);
      if (!list.length) { list = D.sites[site]; }
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

    function clusterTooltip(cluster) {
      var n = 0, first = Infinity, last = -Infinity;
      cluster.getAllChildMarkers().forEach(function (m) {
        n += m.geoVisible;
        D.sites[m.geoSite].forEach(function (i) {
          var p = D.periods[i];
          if (on[i] && p) { first = Math.min(first, p[0]); last = Math.max(last, p[1]); }
        });
      });
      return el("div", null, first <= last ?
        D.t.n("clusterDated", n, {from: isoDay(first), to: isoDay(last)}) : D.t.n("cluster", n));
    }

    for (var k = 0; k < D.nSites; k++) {
      var m = new SiteMarker(D.latlng(k), siteStyle(D, opts, D.sites[k]));
      m.geoSite = k;
      m.geoVisible = D.sites[k].length;
      markers[k] = m;
    }
    for (var i = 0; i < D.n; i++) { on[i] = 1; }
    clusters.geoOneEach = D.nSites === D.n;

    clusters.on("click", function (e) { openSite(e.layer.geoSite); });
    clusters.on("mouseover", function (e) {
      var m = e.layer;
      if (m.geoSite === undefined) { return; }
      m.bindTooltip(tooltipNode(m.geoSite), {sticky: false}).openTooltip();
    });
    clusters.on("mouseout", function (e) {
      if (e.layer.unbindTooltip) { e.layer.unbindTooltip(); }
    });
    clusters.on("clustermouseover", function (e) {
      e.layer.bindTooltip(clusterTooltip(e.layer)).openTooltip();
    });
    clusters.on("clustermouseout", function (e) { e.layer.unbindTooltip(); });

    function recordFirst(e) {
      if (e.layer instanceof L.MarkerCluster || e.layer.geoSite !== undefined) {
        root.setAttribute("data-geo-first-marker-ms", performance.now().toFixed(1));
        map.off("layeradd", recordFirst);
      }
    }
    map.on("layeradd", recordFirst);
    if (!map.options.maxZoom) { map.options.maxZoom = opts.maxZoom || 18; }
    group.addLayer(clusters);
    addMarkers(markers.slice());

    /** Show the incidents whose period meets [from, to] (day numbers), of the types
     *  not hidden; undated ones stay. */
    function filter(from, to) {
      lo = from; hi = to;
      if (loading) { pending = [from, to]; return; }
      var add = [], remove = [], restyle = [];
      for (var site = 0; site < D.nSites; site++) {
        var list = D.sites[site], count = 0;
        for (var j = 0; j < list.length; j++) {
          var p = D.periods[list[j]];
          var inside = !hidden[D.raw.type[list[j]]] && (!p || (p[1] >= lo && p[0] <= hi));
          on[list[j]] = inside ? 1 : 0;
          count += inside ? 1 : 0;
        }
        var marker = markers[site], was = marker.geoVisible;
        if (count === was) { continue; }
        marker.geoVisible = count;
        if (!count) { remove.push(marker); continue; }
        marker.setStyle(siteStyle(D, opts, visibleAt(site)));
        if (!was) { add.push(marker); } else { restyle.push(marker); }
      }
      if (remove.length) { clusters.removeLayers(remove); }
      if (restyle.length) { clusters.refreshClusters(restyle); }
      if (add.length) { addMarkers(add); }
      api.onfilter(shown());
    }

    function shown() {
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

    api.data = D;
    api.toggleType = toggleType;
    api.clusters = clusters;
    api.incidents = D.n;
    api.filter = filter;
    api.shown = shown;
    api.openSite = openSite;
    api.siteOf = function (i) { return D.siteOf[i]; };
    api.tooltipNode = tooltipNode;
    api.incidentNode = function (i) { return incidentNode(D, i); };
    api.onfilter = function () {};
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
