// Writes jitgrad's Node entry points beside the bundles tsup built (run by `npm run build`):
//
// - dist/node.cjs loads dist/index.cjs through a V8 code cache kept in dist/.cache/, so a
//   fresh process skips parsing and compiling the library (measured: import 46 → 16–21 ms,
//   first jit(grad(f)) call 17 → 4–6 ms, since the cache holds the functions the first
//   process compiled). Node 22's module.enableCompileCache would do this for the whole
//   process; a library should not switch that on for its users, and Node 20 lacks it.
// - dist/index.cjs is wrapped here in a function called at once (valid CommonJS still, for
//   bundlers and the fallback), so node.cjs compiles a slice of the file's own text: it used
//   to build the wrapper by concatenation, and V8 then copied the 0.6 MB source into the
//   young generation (measured: import ~1 ms quicker). The source map moves down one line.
// - dist/node.js is Node's ESM entry: it re-exports dist/node.cjs, so a process that both
//   imports and requires jitgrad holds one copy (one Tensor class).
//
// Browsers and bundlers that do not target Node keep dist/index.js (package.json's
// "exports" sends only the "node" condition here).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");

// The wrapper's two lines: node.cjs compiles the file up to the end of WRAP_END's "})".
// Only `exports` and `module`, which every CommonJS host gives (a browser bundler's wrapper
// has no require, __filename or __dirname, and the bundle uses none of them).
const WRAP_START = "(function (exports, module) {";
const WRAP_END = "}).call(this, exports, module);";
const MAP_COMMENT = "\n//# sourceMappingURL=index.cjs.map";
{
  const file = join(dist, "index.cjs");
  const text = readFileSync(file, "latin1");
  if (!text.startsWith(WRAP_START)) {
    if (!text.endsWith(MAP_COMMENT)) throw new Error("node-entry: dist/index.cjs does not end with its sourceMappingURL comment");
    writeFileSync(file, `${WRAP_START}\n${text.slice(0, -MAP_COMMENT.length)}\n${WRAP_END}${MAP_COMMENT}\n`, "latin1");
    const mapFile = join(dist, "index.cjs.map");
    const map = JSON.parse(readFileSync(mapFile, "utf8"));
    writeFileSync(mapFile, JSON.stringify({ ...map, mappings: `;${map.mappings}` }));
  }
}

const library = readFileSync(join(dist, "index.cjs"));
// node.cjs reads the bundle as latin1, which is exact only for ASCII.
if (library.some((byte) => byte > 0x7f)) throw new Error("node-entry: dist/index.cjs is not ASCII; set esbuild's charset to ascii");
const build = createHash("sha256").update(library).digest("hex").slice(0, 16);
const names = Object.keys(createRequire(import.meta.url)(join(dist, "index.cjs"))).filter((n) => n !== "__esModule");
for (const n of names) if (!/^[A-Za-z_$][\w$]*$/.test(n)) throw new Error(`node-entry: export name ${n} is not an identifier`);

const loader = `"use strict";
// jitgrad's Node entry (written by scripts/node-entry.mjs): ./index.cjs compiled through a V8
// code cache in ./.cache/ (JITGRAD_COMPILE_CACHE=0 turns it off, =DIR moves it). The cache
// sits beside the code it stands for, so whoever can write it could already change the code.
// V8 checks a cache against its version, flags and the source's length and rejects a
// mismatch; the file name adds this build's hash and the file's size and time.
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const BUILD = ${JSON.stringify(build)};
const LIBRARY = path.join(__dirname, "index.cjs");
// index.cjs is a function expression called at once, on its last line: the text up to that
// call is the function, compiled as a slice of the file (V8 copies no 0.6 MB source for it).
const WRAP_END = ${JSON.stringify(WRAP_END)};

// Errors from the file system (they carry a code) mean "no cache"; anything else is a bug.
const quietly = (read) => {
  try {
    return read();
  } catch (e) {
    if (e && typeof e.code === "string") return undefined;
    throw e;
  }
};

// Caches of another source go; those of this source for other Node versions stay.
function writeCache(script, dir, file, sourceKey) {
  quietly(() => {
    fs.mkdirSync(dir, { recursive: true });
    for (const old of fs.readdirSync(dir)) if (old.startsWith("index-") && !old.startsWith("index-" + sourceKey + "-")) fs.rmSync(path.join(dir, old), { force: true });
    const partial = file + "." + process.pid + ".part";
    fs.writeFileSync(partial, script.createCachedData());
    fs.renameSync(partial, file);
  });
}

function loadCached() {
  const setting = process.env.JITGRAD_COMPILE_CACHE;
  if (setting === "0" || typeof vm.Script !== "function") return undefined;
  const stat = quietly(() => fs.statSync(LIBRARY));
  // The bundle is ASCII (esbuild escapes the rest), so latin1 reads it without decoding.
  const source = stat && quietly(() => fs.readFileSync(LIBRARY, "latin1"));
  if (source === undefined) return undefined; // bundled into something else: ./index.cjs is required below
  const dir = setting && setting !== "1" ? path.resolve(setting) : path.join(__dirname, ".cache");
  const sourceKey = [BUILD, stat.size, Math.trunc(stat.mtimeMs)].join("-");
  const file = path.join(dir, ["index", sourceKey, process.versions.v8, process.arch].join("-") + ".v8");
  const cachedData = quietly(() => fs.readFileSync(file));
  const end = source.lastIndexOf(WRAP_END);
  if (end < 0) return undefined; // not the file this entry was written for
  const script = new vm.Script(source.slice(0, end + 2), { filename: LIBRARY, cachedData });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, mod);
  // Written at exit, so the cache also holds what this process compiled lazily.
  if ((cachedData === undefined || script.cachedDataRejected) && typeof script.createCachedData === "function") process.once("exit", () => writeCache(script, dir, file, sourceKey));
  return mod.exports;
}

module.exports = loadCached() || require("./index.cjs");
`;

const esm = `// jitgrad's Node ESM entry (written by scripts/node-entry.mjs): the same module as
// require("jitgrad"), so importing and requiring it in one process gives one Tensor class.
import jitgrad from "./node.cjs";

export const { ${names.join(", ")} } = jitgrad;
`;

writeFileSync(join(dist, "node.cjs"), loader);
writeFileSync(join(dist, "node.js"), esm);
