#!/usr/bin/env node
// `npx jitgrad compile file#name --args '[…]' -o out.js`: one signature of a function,
// compiled ahead of time into a standalone ES module (jit(f).lower(...args).toModule())
// and its .d.ts beside it. The function is loaded with this package's own jitgrad (the
// file's `import … from "jitgrad"` resolves to it), .ts files through the project's tsx.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { InternalError, JitgradError, jit, np } from "../dist/node.js";

const USAGE = `usage: jitgrad compile <file>[#export] --args '<JSON array of arguments>' [-o out.js] [--name NAME] [--static 0,2] [--backend js|wasm]

  <file>     a .js/.mjs module, or .ts/.mts (loaded with the project's tsx), exporting the function
  #export    the export to compile (default: the default export)
  --args     the arguments of the signature, as JSON: numbers, booleans, null, nested arrays and
             objects (pytrees), and {"$array": [[1, 2], [3, 4]], "$dtype": "float32"} for an array
  -o         where to write the module (default: <export>.js); the .d.ts goes beside it
  --name     the exported function's name (default: the export's)
  --static   argument positions passed as they are (jit's staticArgnums)
  --backend  js (default: runs under any CSP) or wasm (products and loops over examples as
             embedded WebAssembly kernels; a CSP must allow 'wasm-unsafe-eval')`;

class UsageError extends Error {}

/** JSON arguments to jit's: {"$array": …, "$dtype"?: …} becomes an array, the rest stays as it is. */
function revive(value, path) {
  if (Array.isArray(value)) return value.map((v, i) => revive(v, `${path}[${i}]`));
  if (value !== null && typeof value === "object") {
    if ("$array" in value) {
      const extra = Object.keys(value).filter((k) => k !== "$array" && k !== "$dtype");
      if (extra.length > 0) throw new UsageError(`--args${path}: an {"$array": …} object takes only "$dtype" beside it, not ${extra.join(", ")}`);
      return value.$dtype === undefined ? np.array(value.$array) : np.array(value.$array, value.$dtype);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v, `${path}.${k}`)]));
  }
  return value;
}

async function load(file) {
  const url = pathToFileURL(resolve(file)).href;
  if (![".ts", ".mts", ".cts", ".tsx"].includes(extname(file))) return import(url);
  let tsxPackage;
  try {
    tsxPackage = createRequire(join(process.cwd(), "package.json")).resolve("tsx/package.json");
  } catch (e) {
    if (e?.code !== "MODULE_NOT_FOUND") throw e;
    throw new UsageError(`loading ${file} needs tsx in this project (npm install --save-dev tsx), or point jitgrad compile at the compiled .js`);
  }
  // The project's tsx, its ESM API as its package.json exports it (require would give the CJS build).
  const api = JSON.parse(readFileSync(tsxPackage, "utf8")).exports["./esm/api"].import;
  const { tsImport } = await import(pathToFileURL(join(dirname(tsxPackage), typeof api === "string" ? api : api.default)).href);
  return tsImport(url, import.meta.url);
}

async function compile(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { args: { type: "string" }, o: { type: "string", short: "o" }, name: { type: "string" }, static: { type: "string" }, backend: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) return console.log(USAGE);
  if (positionals.length !== 1) throw new UsageError("give one <file>[#export]");
  const [file, exportName = "default"] = positionals[0].split("#");
  if (values.args === undefined) throw new UsageError("--args is required: the signature to compile for");
  let parsed;
  try {
    parsed = JSON.parse(values.args);
  } catch (e) {
    throw new UsageError(`--args is not JSON: ${e.message}`);
  }
  if (!Array.isArray(parsed)) throw new UsageError("--args must be a JSON array (one entry per argument)");
  const staticArgnums = values.static === undefined ? [] : values.static.split(",").map(Number);
  if (staticArgnums.some((n) => !Number.isInteger(n) || n < 0)) throw new UsageError(`--static takes argument positions, like 0,2; got ${values.static}`);

  const mod = await load(file);
  const fn = mod[exportName];
  if (typeof fn !== "function") throw new UsageError(`${file} has no function export ${JSON.stringify(exportName)} (it exports: ${Object.keys(mod).join(", ") || "nothing"})`);
  const name = values.name ?? (exportName === "default" ? fn.name || "compiled" : exportName);
  const { js, dts } = jit(fn, { staticArgnums }).lower(...revive(parsed, "")).toModule({ name, backend: values.backend });
  const out = resolve(values.o ?? `${name}.js`);
  const types = out.replace(/\.(m?js)$/, (_, ext) => (ext === "mjs" ? ".d.mts" : ".d.ts"));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, js);
  writeFileSync(types === out ? `${out}.d.ts` : types, dts);
  console.log(`jitgrad compile: wrote ${out} and ${types === out ? `${out}.d.ts` : types}`);
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === "compile") await compile(rest);
  else {
    console.log(USAGE);
    if (command !== undefined && command !== "--help" && command !== "-h") process.exitCode = 1;
  }
} catch (e) {
  // A mistake in the call, or jitgrad's typed error (shapes, a kernel toModule cannot carry): one line, no stack.
  if (e instanceof UsageError || (e instanceof JitgradError && !(e instanceof InternalError))) {
    console.error(`jitgrad compile: ${e.message}`);
    if (e instanceof UsageError) console.error(`\n${USAGE}`);
    process.exitCode = 1;
  } else throw e;
}
