// `npm run check:package` (after `npm run build`; CI runs it): the packed tarball as users
// meet it. publint and arethetypeswrong on the package; then a scratch project installs the
// tarball and checks ESM and CJS in Node (one Tensor class across both), the code cache
// of the Node entry (written once, accepted, rejected when corrupt, disabled, unwritable),
// TypeScript consumers under moduleResolution node16, nodenext and bundler, and Bun and Deno
// (their npm packages are dev dependencies). Fails on the first broken expectation.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(repo, "node_modules", ".bin", name);
const scratch = mkdtempSync(join(tmpdir(), "jitgrad-consumer-"));

function fail(what, detail = "") {
  console.error(`check-package: ${what}${detail ? `\n${detail}` : ""}`);
  process.exit(1);
}

/** Runs a command; returns its stdout, failing with its output if it exits non-zero. */
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", cwd: scratch, ...options, env: { ...process.env, ...options.env } });
  if (r.status !== 0) fail(`${[cmd, ...args].join(" ")} exited with ${r.status ?? r.signal}`, `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ?? ""}`);
  return r.stdout;
}

function expectEqual(what, got, want) {
  if (got !== want) fail(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
  console.log(`  ok  ${what}`);
}

console.log("── publint, arethetypeswrong");
run(bin("publint"), ["--strict"], { cwd: repo });
run(bin("attw"), ["--pack", ".", "--format", "table-flipped"], { cwd: repo });
console.log("  ok  publint --strict, attw --pack");

console.log("── the tarball in a scratch project");
const tarball = join(scratch, run("npm", ["pack", "--silent", "--pack-destination", scratch], { cwd: repo }).trim().split("\n").pop());
writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
run("npm", ["install", "--no-audit", "--no-fund", "--offline", tarball]);

// One program, written for each way in: the terrain gradient at (2, 17), jitted.
const program = (np, jit, grad) => {
  const f = (x) => np.sum(np.sqrt(np.square(x).add(100)).div(np.array([0.7, 0.3])));
  return Array.from(jit(grad(f))(np.array([2, 17])).toTypedArray()).join(",");
};
const analytic = [2 / Math.sqrt(104) / 0.7, 17 / Math.sqrt(389) / 0.3];
const body = `const program = ${program.toString()};\nconsole.log(program(np, jit, grad));`;
writeFileSync(join(scratch, "esm.mjs"), `import { np, jit, grad } from "jitgrad";\n${body}\n`);
writeFileSync(join(scratch, "cjs.cjs"), `const { np, jit, grad } = require("jitgrad");\n${body}\n`);
writeFileSync(
  join(scratch, "mixed.mjs"),
  `import { createRequire } from "node:module";\nimport { Tensor, np } from "jitgrad";\nconst cjs = createRequire(import.meta.url)("jitgrad");\n` +
    `console.log(cjs.Tensor === Tensor, cjs.np.add(np.ones([2]), 1).toString());\n`,
);
const node = (file, env = {}) => run(process.execPath, [file], { env }).trim();
const cacheDir = join(scratch, "node_modules", "jitgrad", "dist", ".cache");
const cacheFiles = () => (existsSync(cacheDir) ? readdirSync(cacheDir).filter((f) => f.endsWith(".v8")) : []);

// The first answer is checked against the derivative by hand; every other way in must give its bits.
const want = node("esm.mjs");
const close = want.split(",").every((v, i) => Math.abs(Number(v) - analytic[i]) <= 1e-12 * Math.abs(analytic[i]));
expectEqual(`ESM import computes the gradient (${want})`, close, true);
expectEqual("the first process wrote one code cache", cacheFiles().length, 1);
const cacheFile = join(cacheDir, cacheFiles()[0]);
const written = statSync(cacheFile).mtimeMs;
expectEqual("CJS require computes the same bits", node("cjs.cjs"), want);
expectEqual("ESM again, through the cache", node("esm.mjs"), want);
expectEqual("an accepted cache is not rewritten", statSync(cacheFile).mtimeMs, written);
expectEqual("import and require in one process share one Tensor class", node("mixed.mjs"), "true Tensor(f64[2], [2, 2])");
// scripts/flat-namespaces.mjs made the namespaces plain frozen objects: every name is there.
writeFileSync(
  join(scratch, "namespaces.mjs"),
  `import * as jg from "jitgrad";\nconst all = Object.entries(jg).filter(([, v]) => v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype);\n` +
    `console.log(all.map(([k]) => k).sort().join(","), all.every(([, v]) => Object.isFrozen(v) && Object.values(v).every((x) => x !== undefined)));\n`,
);
expectEqual("the namespaces are frozen and every name in them is defined", node("namespaces.mjs"), "debug,lax,nn,np,optim,random,scipy,soft,tree true");
// A browser bundler takes the plain builds (not the "node" condition): each must run where
// there is no require, __filename or __dirname (a vm context with only what a page has).
for (const [entry, source] of [
  ["cjs", `const { np } = require("jitgrad");\nglobalThis.result = np.add(np.ones([2]), 1).toString();\n`],
  ["esm", `import { np } from "jitgrad";\nglobalThis.result = np.add(np.ones([2]), 1).toString();\n`],
]) {
  writeFileSync(join(scratch, `browser-${entry}.js`), source);
  run(bin("esbuild"), [`browser-${entry}.js`, "--bundle", "--platform=browser", "--format=iife", "--log-level=error", `--outfile=browser-${entry}.out.js`]);
  writeFileSync(
    join(scratch, `browser-${entry}.check.cjs`),
    `const vm = require("node:vm");\nconst ctx = vm.createContext({ console, performance, TextEncoder, TextDecoder, WebAssembly, setTimeout });\n` +
      `vm.runInContext(require("node:fs").readFileSync(${JSON.stringify(join(scratch, `browser-${entry}.out.js`))}, "utf8"), ctx);\nconsole.log(ctx.result);\n`,
  );
  expectEqual(`a browser bundle of the ${entry.toUpperCase()} build runs without Node's globals`, node(`browser-${entry}.check.cjs`), "Tensor(f64[2], [2, 2])");
}

writeFileSync(cacheFile, "not a V8 code cache");
expectEqual("a corrupt cache is rejected and the same bits computed", node("esm.mjs"), want);
expectEqual("… and rewritten", statSync(cacheFile).size > 1000, true);

rmSync(cacheDir, { recursive: true, force: true });
expectEqual("JITGRAD_COMPILE_CACHE=0 computes the same bits", node("esm.mjs", { JITGRAD_COMPILE_CACHE: "0" }), want);
expectEqual("… and writes no cache", cacheFiles().length, 0);
const elsewhere = join(scratch, "cache-elsewhere");
node("cjs.cjs", { JITGRAD_COMPILE_CACHE: elsewhere });
expectEqual("JITGRAD_COMPILE_CACHE=DIR writes the cache there", readdirSync(elsewhere).length, 1);
writeFileSync(join(scratch, "a-file"), "");
expectEqual("an unwritable cache place is no error", node("esm.mjs", { JITGRAD_COMPILE_CACHE: join(scratch, "a-file", "sub") }), want);

console.log("── ahead-of-time modules: npx jitgrad compile");
writeFileSync(
  join(scratch, "fns.mjs"),
  `import { grad, jit, lax, np, vmap } from "jitgrad";
export const calcTime = (x) => { const [a, b] = x; return np.sqrt(a.pow(2).add(100)).div(0.7).add(np.sqrt(b.pow(2).add(100)).div(0.3)).add(np.sqrt(np.subtract(20, a).sub(b).pow(2).add(100)).div(0.45)); };
export const dTime = grad(calcTime);
export const descend = vmap((x0) => lax.foriLoop(0, 20, (_i, x) => x.sub(dTime(x).mul(1.5)), x0));
export const sorted = (x) => np.sort(x);
export const gram = (x) => { const m = np.reshape(x, [32, 32]); return np.matmul(m, m.T); };
`,
);
writeFileSync(join(scratch, "fns.ts"), `import { type Tensor, np } from "jitgrad";\nexport const scale = (x: Tensor, k: number): Tensor => np.multiply(x, k);\n`);
const jitgradBin = join(scratch, "node_modules", ".bin", "jitgrad");
run(jitgradBin, ["compile", "fns.mjs#dTime", "--args", "[[2, 17]]", "-o", "aot/d-time.js"]);
run(jitgradBin, ["compile", "fns.mjs#descend", "--args", JSON.stringify([{ $array: [[2, 17], [5, 3], [-1, 8]] }]), "-o", "aot/descend.mjs"]);
run(jitgradBin, ["compile", "fns.mjs#gram", "--args", JSON.stringify([{ $array: Array.from({ length: 1024 }, (_, i) => Math.sin(i)) }]), "--backend", "wasm", "-o", "aot/gram.js"]);
writeFileSync(
  join(scratch, "aot-check.mjs"),
  `import { jit, np } from "jitgrad";
import { dTime, descend, gram } from "./fns.mjs";
import * as d from "./aot/d-time.js";
import * as e from "./aot/descend.mjs";
import * as g from "./aot/gram.js";
const same = (a, b) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));
const points = [[2, 17], [0, 0], [-3.25, 1e6], [8, 8]];
const xs = np.array([[2, 17], [5, 3], [-1, 8]]);
console.log([
  points.every((p) => same(d.dTime(p), jit(dTime)(p))),
  same(e.descend(xs.toTypedArray()), jit(descend)(xs).toTypedArray()),
  same(g.gram(Float64Array.from({ length: 1024 }, (_, i) => Math.cos(i))), jit(gram)(np.cos(np.arange(1024))).toTypedArray()),
  d.default === d.dTime,
  (() => { try { d.dTime([1, 2, 3]); return false; } catch (err) { return err instanceof d.SignatureError; } })(),
].join(" "));
`,
);
expectEqual("compiled modules give jit's bits (numbers; a vmapped descent and a product as typed arrays); a wrong call throws their SignatureError", node("aot-check.mjs"), "true true true true true");
writeFileSync(
  join(scratch, "aot-types.ts"),
  `import { dTime } from "./aot/d-time.js";\nimport { descend } from "./aot/descend.mjs";\nconst g: [number, number] = dTime([2, 17]);\nconst e: Float64Array = descend(new Float64Array(6));\n// @ts-expect-error the module's types are exact\ndTime(new Float64Array(2));\nexport { g, e };\n`,
);
run(process.execPath, [join(repo, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--strict", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext", "aot-types.ts"]);
console.log("  ok  the .d.ts beside each module types it exactly (tsc nodenext)");
const refused = spawnSync(jitgradBin, ["compile", "fns.mjs#sorted", "--args", JSON.stringify([{ $array: [3, 1, 2] }])], { cwd: scratch, encoding: "utf8" });
expectEqual("a program toModule cannot carry: exit 1 and the reason", [refused.status, /jitgrad compile: toModule: this program calls jitgrad's runtime \(argsort\)/.test(refused.stderr)].join(" "), "1 true");
run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `tsx@${JSON.parse(readFileSync(join(repo, "node_modules", "tsx", "package.json"), "utf8")).version}`]);
run(jitgradBin, ["compile", "fns.ts#scale", "--args", JSON.stringify([{ $array: [1, 2], $dtype: "float32" }, 3]), "--static", "1", "-o", "aot/scale.js"]);
writeFileSync(join(scratch, "aot-scale.mjs"), `import { scale } from "./aot/scale.js";\nconsole.log(Array.from(scale(new Float32Array([1, 2.5]))).join(","));\n`);
expectEqual("a .ts function through the project's tsx, a static argument built in, float32", node("aot-scale.mjs"), "3,7.5");

console.log("── threads");
writeFileSync(
  join(scratch, "threads.mjs"),
  `import { config, grad, jit, lax, np, vmap } from "jitgrad";
const calc = (x) => { const [a, b] = x; return np.sqrt(a.pow(2).add(100)).div(0.7).add(np.sqrt(b.pow(2).add(100)).div(0.3)); };
const descend = vmap((x0) => lax.foriLoop(0, 20, (_i, x) => x.sub(grad(calc)(x).mul(1.5)), x0));
const xs = np.add(np.multiply(np.reshape(np.arange(2e5), [1e5, 2]), 1e-5), np.array([2, 17]));
const threads = config().threads;
const one = (config({ threads: 1 }), jit(descend)(xs).toTypedArray());
const two = (config({ threads: 2 }), jit(descend)(xs), jit(descend)(xs).toTypedArray());
// Awaited calls hold the process only while they wait for workers.
await jit(descend).async(xs);
const awaited = (await jit(descend).async(xs)).toTypedArray();
console.log(threads, one.every((v, i) => Object.is(v, two[i]) && Object.is(v, awaited[i])));
`,
);
const started = performance.now();
expectEqual("JITGRAD_THREADS sets the default; 1 and 2 threads, blocking and awaited, give the same bits", node("threads.mjs", { JITGRAD_THREADS: "3" }), "3 true");
expectEqual("a process that used worker threads exits by itself (they are unref'd)", performance.now() - started < 30_000, true);

console.log("── TypeScript consumers");
const tsSource = `import { type Tensor, grad, jit, np } from "jitgrad";
const g: (x: Tensor) => Tensor = jit(grad((x: Tensor) => np.sum(np.sin(x))));
const n: number = grad((x: number) => x * 2)(3);
// @ts-expect-error a Tensor is not a string: the types are real, not any
const s: string = g(np.ones([2]));
export { g, n, s };
`;
mkdirSync(join(scratch, "ts"), { recursive: true });
writeFileSync(join(scratch, "ts", "esm.ts"), tsSource);
writeFileSync(join(scratch, "ts", "cjs.cts"), tsSource);
const tsc = join(repo, "node_modules", "typescript", "bin", "tsc");
for (const [resolution, module, files] of [
  ["node16", "node16", ["ts/esm.ts", "ts/cjs.cts"]],
  ["nodenext", "nodenext", ["ts/esm.ts", "ts/cjs.cts"]],
  ["bundler", "esnext", ["ts/esm.ts"]],
]) {
  run(process.execPath, [tsc, "--noEmit", "--strict", "--skipLibCheck", "false", "--target", "es2022", "--module", module, "--moduleResolution", resolution, ...files]);
  console.log(`  ok  tsc --moduleResolution ${resolution} (${files.join(", ")})`);
}

console.log("── Bun and Deno");
expectEqual("Bun runs the ESM program", run(bin("bun"), ["esm.mjs"]).trim(), want);
expectEqual("Bun runs the CJS program", run(bin("bun"), ["cjs.cjs"]).trim(), want);
expectEqual("Deno runs the ESM program", run(bin("deno"), ["run", "--allow-read", "--allow-env", "--allow-write", "esm.mjs"], { env: { DENO_NO_UPDATE_CHECK: "1" } }).trim(), want);
expectEqual("Bun runs the threads program (same bits on 1 and 2 threads, blocking and awaited) and exits", run(bin("bun"), ["threads.mjs"], { env: { JITGRAD_THREADS: "3" } }).trim(), "3 true");
expectEqual(
  "Deno runs the threads program and exits",
  run(bin("deno"), ["run", "--allow-read", "--allow-env", "--allow-write", "threads.mjs"], { env: { DENO_NO_UPDATE_CHECK: "1", JITGRAD_THREADS: "3" } }).trim(),
  "3 true",
);

rmSync(scratch, { recursive: true, force: true });
console.log("check-package: all good");
