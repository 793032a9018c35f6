// ESLint for geo's own JavaScript: the map runtime and the Node test of its helpers.
// Run with `npm ci && npx eslint` (CI does, in .ci/run). ESLint stays at 9 while Debian
// 12's Node 18 is what CI may install, and ESLint 10 needs Node 20.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", ".venv/"] },
  {
    files: ["geo/render/js/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      // Inlined into the page as classic scripts; each wraps itself in a function.
      sourceType: "script",
      globals: { ...globals.browser },
    },
  },
  {
    // helpers.js is not a script of its own: the page carries it inside map.js's
    // function, and map.js declares what it uses from it (a "global" comment). Its
    // top-level names are that function's locals, so only unused ones inside a
    // function count.
    files: ["geo/render/js/helpers.js"],
    rules: { "no-unused-vars": ["error", { vars: "local" }] },
  },
  {
    files: ["tests/render/js/**/*.mjs"],
    ...js.configs.recommended,
    languageOptions: { sourceType: "module", globals: { ...globals.node } },
  },
];
