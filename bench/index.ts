/**
 * `npm run bench [-- --full] [--only NAME]`: runs the suites, prints markdown tables with
 * every row as a ratio to hand-written JS from the same run, and writes JSON to
 * bench/results/. Quick mode takes about two minutes; --full measures longer and more sizes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Row, type SuiteSpec, markdownTable, runSuite, sink, warmUp } from "./harness";
import { firstCallLatency, firstCallTable } from "./first-call";
import { descentSuite, vmapDescentSuite } from "./suites/descent";
import { matmulSuite } from "./suites/matmul";
import { convSuite } from "./suites/conv";
import { solveSuite, svdSuite } from "./suites/linalg";
import { rfftSuite } from "./suites/fft";
import { splatSuite } from "./suites/splat";
import { recolorSuite } from "./suites/recolor";
import { warpSuite } from "./suites/warp";
import { synthSuite } from "./suites/synth";
import { logsumexpSuite, mlpSuite, softmaxSuite } from "./suites/mlp";
import { adamSuite } from "./suites/adam";
import { gatherSuite, scatterAddSuite } from "./suites/scatter";
import { elementwiseSuite, sigmoidSuite } from "./suites/elementwise";
import { randomSuite } from "./suites/random";
import { terrainGradSuite } from "./suites/terrain-grad";
import { smallResultsSuite } from "./suites/small-results";
import { vmapGradSuite } from "./suites/vmap-grad";
import { loadPeers } from "./peers";
import { nativeRows, runNative } from "./native";
import { type MemoryRow, memorySuite, memoryTable } from "./memory";

const args = process.argv.slice(2);
const full = args.includes("--full");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
// Anything else (a typo, --help) would start the whole six-minute run and overwrite bench/results.
const unknown = args.filter((a, i) => a !== "--full" && a !== "--only" && args[i - 1] !== "--only");
if (unknown.length > 0 || (args.includes("--only") && only === undefined)) {
  console.error(`bench: unknown argument ${unknown.join(" ") || "(--only needs a name)"}; use  npm run bench [-- --full] [-- --only NAME]  (NAME: part of a suite's title).`);
  process.exit(2);
}

const peers = await loadPeers();
const benchDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const native = runNative(benchDir);
/** Adds the C loops' time for the same work, where they measure it. */
const withNative = (key: string) => (spec: SuiteSpec): SuiteSpec => ({ ...spec, measured: nativeRows(native, key) });
const suites: (() => SuiteSpec)[] = [
  () => withNative("grad")(terrainGradSuite(peers)),
  () => withNative("descent")(descentSuite(peers)),
  () => smallResultsSuite(),
  ...(full ? [1e4, 1e5, 1e6] : [1e6]).map((n) => () => vmapGradSuite(n)),
  ...[1e4, 1e5, 1e6].map((n) => () => withNative(`vmap_descent_${n}`)(vmapDescentSuite(n, peers))),
  ...[64, 256, 512].map((n) => () => withNative(`matmul_${n}`)(matmulSuite(n, peers))),
  () => convSuite(peers),
  () => solveSuite(256, peers),
  () => svdSuite(128, peers),
  () => rfftSuite(2 ** 16, peers),
  () => splatSuite(peers),
  () => recolorSuite(peers),
  () => warpSuite(peers),
  () => synthSuite(peers),
  () => mlpSuite(peers),
  () => mlpSuite(peers, 512),
  () => logsumexpSuite(peers),
  () => softmaxSuite(),
  () => randomSuite(1e6, peers),
  () => adamSuite(),
  () => scatterAddSuite(1e6),
  () => gatherSuite(1e6),
  () => elementwiseSuite(2 ** 18),
  () => elementwiseSuite(2 ** 20),
  () => sigmoidSuite(2 ** 18),
];

const maxTime = full ? 3 : 0.6;
const machine = `${cpus()[0]?.model ?? "unknown CPU"} ×${cpus().length}, Node ${process.version}`;
console.log(`# jitgrad benchmarks (${full ? "full" : "quick"} mode)\n\nMachine: ${machine}\n`);

warmUp(terrainGradSuite(peers).reference, full ? 4 : 2);
const all: Row[] = [];
for (const make of suites) {
  const spec = make();
  if (only && !spec.name.includes(only)) continue;
  const rows = runSuite(spec, maxTime);
  all.push(...rows);
  console.log(markdownTable(spec, rows) + "\n");
}

const memory: MemoryRow[] = [];
if (!only || "memory".includes(only)) {
  const n = full ? 1e5 : 1e4;
  for (const [title, spec] of [
    ["terrain gradient per call", terrainGradSuite(peers)],
    [`vmapped 20-step descent, N = ${n.toExponential(0)}`, vmapDescentSuite(n, peers)],
  ] as const) {
    const rows = await memorySuite(spec);
    memory.push(...rows);
    console.log(memoryTable(title, rows) + "\n");
  }
}

// bench/run.mjs runs the bundle from bench/.build; results go to bench/results.
if (!only || "first call".includes(only)) {
  const rows = firstCallLatency(fileURLToPath(import.meta.url), peers);
  console.log(firstCallTable(rows) + "\n");
  for (const r of rows) all.push({ suite: "first call", name: r.name, medianNs: r.medianNs, opsPerSec: 1e9 / r.medianNs, rmePercent: 0, samples: 0, ratio: NaN });
}

// A partial run (--only) does not overwrite the results of a whole one.
if (only) {
  console.log(`Partial run (--only ${only}): bench/results not updated (sink ${sink.value > 0 ? "consumed" : "empty"}).`);
} else {
  const out = join(dirname(fileURLToPath(import.meta.url)), "..", "results");
  mkdirSync(out, { recursive: true });
  const file = join(out, full ? "latest-full.json" : "latest.json");
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, mode: full ? "full" : "quick", rows: all, memory }, null, 2));
  console.log(`Results written to ${file} (sink ${sink.value > 0 ? "consumed" : "empty"}).`);
}
