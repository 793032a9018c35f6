// The map runtime's helpers (geo/render/js/helpers.js) against their Python twins.
//
// tests/render/test_js_helpers.py works out the expected values in Python, writes
// them to a JSON file and runs this file with GEO_JS_CASES set to its path. Run
// alone, `node --test` has nothing to compare with, and these tests skip.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import vm from "node:vm";

const JS = new URL("../../../geo/render/js/", import.meta.url);
const CASES = process.env.GEO_JS_CASES;
const skip = CASES ? false : "GEO_JS_CASES is not set: run tests/render/test_js_helpers.py";
const cases = CASES ? JSON.parse(readFileSync(CASES, "utf8")) : {};

/** The helpers' global scope: helpers.js run as a script, in strict mode as on the page. */
function loadHelpers() {
  const scope = {};
  const source = readFileSync(new URL("helpers.js", JS), "utf8");
  vm.runInNewContext('"use strict";\n' + source, scope,
    { filename: "helpers.js", lineOffset: -1 });
  return scope;
}

const helpers = loadHelpers();

/** A value from the helpers' realm as plain JSON data, to compare with the cases. */
function plain(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** Check every case and report all that fail, not only the first. */
function each(name, check) {
  const wrong = [];
  for (const item of cases[name]) {
    const problem = check(item);
    if (problem) { wrong.push(problem); }
  }
  assert.ok(cases[name].length > 0, `no cases for ${name}`);
  assert.deepEqual(wrong, [], `${wrong.length} of ${cases[name].length} ${name} cases differ`);
}

function same(name, args, got, expected) {
  return JSON.stringify(got) === JSON.stringify(expected) ? null :
    { call: `${name}(${args.map((a) => JSON.stringify(a)).join(", ")})`, got, expected };
}

test("map.js takes from helpers.js only what helpers.js defines", () => {
  const runtime = readFileSync(new URL("map.js", JS), "utf8");
  const slot = /^ {2}\/\* global ([^*]*?)\s+--[^*]*\*\/$/m.exec(runtime);
  assert.ok(slot, "map.js has no '/* global ... -- ... */' comment for helpers.js");
  const names = slot[1].split(",").map((name) => name.trim());
  assert.deepEqual(names.filter((name) => !(name in helpers)), []);
});

test("period: the days a date stands for", { skip }, () => {
  each("period", ([date, precision, expected]) =>
    same("period", [date, precision], plain(helpers.period(date, precision)), expected));
});

test("isoDay: the ISO date of a day number", { skip }, () => {
  each("isoDay", ([day, expected]) => same("isoDay", [day], helpers.isoDay(day), expected));
});

test("dayOf: the first day of a date", { skip }, () => {
  each("dayOf", ([date, expected]) => same("dayOf", [date], helpers.dayOf(date), expected));
});

test("geodesic: metres between two positions on WGS84", { skip }, () => {
  each("geodesic", ([lat1, lon1, lat2, lon2, expected, within]) => {
    const got = helpers.geodesic(lat1, lon1, lat2, lon2);
    return Math.abs(got - expected) <= within ? null :
      { call: `geodesic(${lat1}, ${lon1}, ${lat2}, ${lon2})`, got, expected, within };
  });
});

test("distanceText: a distance in km and miles", { skip }, () => {
  each("distanceText", ([metres, expected]) =>
    same("distanceText", [metres], helpers.distanceText(metres), expected));
});

test("latLonText: a position in degrees", { skip }, () => {
  each("latLonText", ([lat, lon, expected]) =>
    same("latLonText", [lat, lon], helpers.latLonText(lat, lon), expected));
});
