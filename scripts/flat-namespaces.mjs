// Rewrites the namespace objects of the bundles tsup built (run by `npm run build`, before
// node-entry.mjs) from esbuild's getters into frozen plain objects.
//
// esbuild builds `export * as np from "./numpy"` as an object with one getter per export,
// defined one by one when the module starts (`__export(numpy_exports, { abs: () => abs, … })`):
// for jitgrad's ~800 names that was a quarter of the time the bundle's top level takes to
// run (1.4 of 5.1 ms, measured here), and every `np.add` in cold code then calls a getter. Here each namespace is filled once, at the end of the
// bundle, from one function returning an object literal, and frozen — as an ES module
// namespace, it cannot be written to. The values are the same: jitgrad never reassigns an
// export. What changes is when they are read, so a namespace must not be read while the
// bundle starts; `verify` loads each bundle with a trap on the namespaces and fails the
// build if one is.
//
// Every rewrite keeps the text's length and line breaks, so the source maps stay exact.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist");

function fail(message) {
  console.error(`flat-namespaces: ${message}`);
  process.exit(1);
}

/** `text` with the one match of `pattern` replaced (padded to the same length unless `exact` is false). */
function replaceOnce(text, pattern, replacement, what, exact = true) {
  const found = text.match(new RegExp(pattern.source, "g")) ?? [];
  if (found.length !== 1) fail(`expected one ${what} in esbuild's output, found ${found.length}; has esbuild changed its helpers?`);
  if (!exact) return text.replace(pattern, replacement);
  if (replacement.length > found[0].length) fail(`the rewritten ${what} is longer than esbuild's`);
  return text.replace(pattern, replacement.padEnd(found[0].length, " "));
}

const HELPER = /var __export=\(target,(all\d*)\)=>\{for\(var (name\d*) in \1\)__defProp\(target,\2,\{get:\1\[\2\],enumerable:!0\}\)\}/;
const CALL = /__export\(([\w$]+),\{((?:[\w$]+:\(\)=>[\w$]+,?)*)\}\)/g;
const CJS_EXPORT = /module\.exports=__toCommonJS\(index_exports\);/;
const TRAP = `Object.setPrototypeOf(t,new Proxy({},{get(_,k){throw new Error("a namespace was read while the bundle started: "+String(k))}}))`;

/**
 * The bundle with deferred namespaces. With `trap` (for `verify`; never shipped), each
 * namespace reads through a Proxy that throws until it is filled.
 */
function rewrite(text, { trap = false } = {}) {
  let out = replaceOnce(text, HELPER, `var __pending=[],__export=(t,f)=>{__pending.push(t,f)${trap ? `;${TRAP}` : ""}}`, "__export helper", !trap);
  let calls = 0;
  let kept = 0;
  out = out.replace(CALL, (call, target, body) => {
    calls++;
    const entries = body.split(",").filter(Boolean).map((entry) => {
      const [key, value] = entry.split(":()=>");
      return key === value ? key : `${key}:${value}`;
    });
    const thunk = `__export(${target},()=>({${entries.join(",")}}))`;
    // A namespace of one renamed export is shorter as esbuild wrote it: it stays an object
    // of getters, deferred like the rest and read once by the fill below.
    if (thunk.length > call.length) {
      kept++;
      return call;
    }
    return thunk.padEnd(call.length, " ");
  });
  if (calls === 0 || (out.match(/__export\([\w$]+,\{/g) ?? []).length !== kept) fail("found no namespace in esbuild's form, or one left in it");
  const cjs = CJS_EXPORT.test(out);
  if (cjs) out = replaceOnce(out, CJS_EXPORT, "", "module.exports assignment");
  const fill =
    "for(let i=0;i<__pending.length;i+=2)" +
    (trap ? "Object.setPrototypeOf(__pending[i],Object.prototype)," : "") +
    "Object.freeze(Object.assign(__pending[i],typeof __pending[i+1]==\"function\"?__pending[i+1]():Object.fromEntries(Object.keys(__pending[i+1]).map(k=>[k,__pending[i+1][k]()]))));" +
    (cjs ? "module.exports=__toCommonJS(index_exports);" : "");
  const map = out.lastIndexOf("\n//# sourceMappingURL=");
  if (map < 0) fail("no sourceMappingURL comment to append before");
  return `${out.slice(0, map)}\n${fill}${out.slice(map)}`;
}

/** Loads both bundles with trapped namespaces in a child process; fails if one is read early. */
function verify(files) {
  for (const file of files) {
    const trapped = file.replace(/(\.c?js)$/, ".trapped$1");
    writeFileSync(trapped, rewrite(readFileSync(file, "latin1"), { trap: true }), "latin1");
    const load = file.endsWith(".cjs") ? `require(${JSON.stringify(trapped)})` : `await import(${JSON.stringify(pathToFileURL(trapped).href)})`;
    const check = `const m = ${load}; if (typeof m.np.add !== "function" || !Object.isFrozen(m.np)) throw new Error("np is not filled");`;
    const r = spawnSync(process.execPath, [...(file.endsWith(".cjs") ? [] : ["--input-type=module"]), "-e", check], { encoding: "utf8" });
    rmSync(trapped, { force: true });
    if (r.status !== 0) fail(`${file}: ${r.stderr.match(/^\w*Error: .*$/m)?.[0] ?? r.stderr.slice(-2000)}`);
  }
}

const files = ["index.js", "index.cjs"].map((f) => join(dist, f));
verify(files);
for (const file of files) writeFileSync(file, rewrite(readFileSync(file, "latin1")), "latin1");
