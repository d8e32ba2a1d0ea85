// Compiles each committed schema with Ajv's draft 2020-12 validator in strict mode, with the
// standard formats of ajv-formats, and exits non-zero if any does not compile.
//
// usage: node .ci/ajv-compile.mjs PREFIX SCHEMA.json...
//
// PREFIX is the directory `npm install --prefix PREFIX ajv@8 ajv-formats@3` installed into.
//
// Strict mode (https://ajv.js.org/strict-mode.html) refuses unknown keywords and formats,
// keywords that are ignored where they stand, and keywords used without the type they apply
// to. No strict check is relaxed.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [prefix, ...files] = process.argv.slice(2);
if (!prefix || files.length === 0) {
  console.error("usage: node .ci/ajv-compile.mjs PREFIX SCHEMA.json...");
  process.exit(2);
}
const require = createRequire(path.join(path.resolve(prefix), "node_modules", "index.js"));
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

let failed = 0;
for (const file of files) {
  const ajv = new Ajv2020({ strict: true });
  addFormats(ajv);
  try {
    ajv.compile(JSON.parse(readFileSync(file, "utf8")));
  } catch (e) {
    failed += 1;
    console.error(`${file}: ${e.message}`);
  }
}
if (failed > 0) {
  console.error(`${failed} of ${files.length} schemas do not compile in Ajv's strict mode`);
  process.exit(1);
}
console.log(`${files.length} schemas compile in Ajv's strict mode`);
