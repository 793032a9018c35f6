/* MGRS grid references from WGS84 latitude and longitude, for the map's cursor readout.
 *
 * WGS84 -> UTM with the Kruger series to sixth order in n (Karney 2011, "Transverse
 * Mercator with an accuracy of a few nanometers"), so the projection itself adds no
 * error worth speaking of inside a zone. UTM -> MGRS with the WGS84 ("AA") lettering
 * of the 100 km squares, the Norway and Svalbard zone exceptions, and truncation
 * (not rounding) of the digits: a reference names the square the point lies in.
 * Latitudes from 80 S to 84 N only; the polar caps use UPS, which this does not do.
 *
 * Written for geo; defines window.GeoMGRS once (a second copy on a page is a no-op).
 */
(function (root) {
  "use strict";
  if (root.GeoMGRS) { return; }

  var A_AXIS = 6378137.0;
  var FLAT = 1 / 298.257223563;
  var K0 = 0.9996;
  var FALSE_EASTING = 500000.0;
  var FALSE_NORTHING_SOUTH = 10000000.0;
  var BANDS = "CDEFGHJKLMNPQRSTUVWX";        // 8 degree bands from 80 S; X spans 12 degrees
  var COLUMN_SETS = ["ABCDEFGH", "JKLMNPQR", "STUVWXYZ"];
  var ROWS = "ABCDEFGHJKLMNPQRSTUV";

  var N = FLAT / (2 - FLAT);
  var N2 = N * N, N3 = N2 * N, N4 = N3 * N, N5 = N4 * N, N6 = N5 * N;
  var ECC = Math.sqrt(FLAT * (2 - FLAT));
  // Rectifying radius and the series coefficients alpha_1..alpha_6.
  var RECT = A_AXIS / (1 + N) * (1 + N2 / 4 + N4 / 64 + N6 / 256);
  var ALPHA = [
    N / 2 - 2 * N2 / 3 + 5 * N3 / 16 + 41 * N4 / 180 - 127 * N5 / 288 + 7891 * N6 / 37800,
    13 * N2 / 48 - 3 * N3 / 5 + 557 * N4 / 1440 + 281 * N5 / 630 - 1983433 * N6 / 1935360,
    61 * N3 / 240 - 103 * N4 / 140 + 15061 * N5 / 26880 + 167603 * N6 / 181440,
    49561 * N4 / 161280 - 179 * N5 / 168 + 6601661 * N6 / 7257600,
    34729 * N5 / 80640 - 3418889 * N6 / 1995840,
    212378941 * N6 / 319334400
  ];
  var RAD = Math.PI / 180;

  /** Longitude in [-180, 180). */
  function wrap(lon) {
    var w = ((lon + 180) % 360 + 360) % 360 - 180;
    return w;
  }

  /** The UTM zone of a point, with the Norway and Svalbard exceptions. */
  function zoneOf(lat, lon) {
    var zone = Math.floor((lon + 180) / 6) + 1;
    if (zone > 60) { zone = 1; }
    if (lat >= 56 && lat < 64 && lon >= 3 && lon < 12) { return 32; }
    if (lat >= 72 && lat < 84 && lon >= 0 && lon < 42) {
      if (lon < 9) { return 31; }
      if (lon < 21) { return 33; }
      if (lon < 33) { return 35; }
      return 37;
    }
    return zone;
  }

  /** {zone, band, easting, northing} in metres, or null outside 80 S .. 84 N. */
  function toUtm(lat, lon) {
    if (!(isFinite(lat) && isFinite(lon)) || lat < -80 || lat >= 84) { return null; }
    lon = wrap(lon);
    var zone = zoneOf(lat, lon);
    var band = BANDS.charAt(Math.min(Math.floor((lat + 80) / 8), BANDS.length - 1));
    var phi = lat * RAD;
    var lam = (lon - ((zone - 1) * 6 - 180 + 3)) * RAD;
    var sinPhi = Math.sin(phi);
    // Conformal latitude, through its tangent.
    var t = Math.sinh(Math.atanh(sinPhi) - ECC * Math.atanh(ECC * sinPhi));
    var xiP = Math.atan2(t, Math.cos(lam));
    var etaP = Math.atanh(Math.sin(lam) / Math.sqrt(1 + t * t));
    var xi = xiP, eta = etaP;
    for (var j = 1; j <= 6; j++) {
      xi += ALPHA[j - 1] * Math.sin(2 * j * xiP) * Math.cosh(2 * j * etaP);
      eta += ALPHA[j - 1] * Math.cos(2 * j * xiP) * Math.sinh(2 * j * etaP);
    }
    var easting = FALSE_EASTING + K0 * RECT * eta;
    var northing = K0 * RECT * xi + (lat < 0 ? FALSE_NORTHING_SOUTH : 0);
    return { zone: zone, band: band, easting: easting, northing: northing };
  }

  function pad(value, width) {
    var s = String(value);
    while (s.length < width) { s = "0" + s; }
    return s;
  }

  /** The MGRS parts of a point: {zone, band, square, easting, northing} (digits as text). */
  function parts(lat, lon, digits) {
    digits = digits === undefined ? 5 : digits;
    var utm = toUtm(lat, lon);
    if (!utm) { return null; }
    // Truncate to whole metres first, so the square and the digits agree.
    var e = Math.floor(utm.easting), n = Math.floor(utm.northing);
    var column = COLUMN_SETS[(utm.zone - 1) % 3].charAt(Math.floor(e / 100000) - 1);
    var row = ROWS.charAt((Math.floor(n / 100000) + (utm.zone % 2 === 0 ? 5 : 0)) % 20);
    var scale = Math.pow(10, 5 - digits);
    return {
      zone: pad(utm.zone, 2), band: utm.band, square: column + row,
      easting: digits ? pad(Math.floor((e % 100000) / scale), digits) : "",
      northing: digits ? pad(Math.floor((n % 100000) / scale), digits) : ""
    };
  }

  /** "37SDT6449907430" (digits per axis: 0..5, 5 = 1 m), or null outside 80 S .. 84 N. */
  function forward(lat, lon, digits) {
    var p = parts(lat, lon, digits);
    return p ? p.zone + p.band + p.square + p.easting + p.northing : null;
  }

  /** The same reference spaced for reading: "37S DT 64499 07430". */
  function format(lat, lon, digits) {
    var p = parts(lat, lon, digits);
    if (!p) { return null; }
    return p.zone + p.band + " " + p.square + (p.easting ? " " + p.easting + " " + p.northing : "");
  }

  root.GeoMGRS = { toUtm: toUtm, forward: forward, format: format };
})(typeof window !== "undefined" ? window : this);
