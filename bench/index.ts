/**
 * `npm run bench [-- --full] [--only NAME]`: runs the suites, prints markdown tables with
 * every row as a ratio to hand-written JS from the same run, and writes JSON to
 * bench/results/. Quick mode takes about a minute; --full measures longer.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Row, type SuiteSpec, markdownTable, runSuite, sink } from "./harness";
import { terrainGradSuite } from "./suites/terrain-grad";

const args = process.argv.slice(2);
const full = args.includes("--full");
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;

const suites: (() => SuiteSpec)[] = [terrainGradSuite];

const maxTime = full ? 3 : 0.6;
const machine = `${cpus()[0]?.model ?? "unknown CPU"} ×${cpus().length}, Node ${process.version}`;
console.log(`# jitgrad benchmarks (${full ? "full" : "quick"} mode)\n\nMachine: ${machine}\n`);

const all: Row[] = [];
for (const make of suites) {
  const spec = make();
  if (only && !spec.name.includes(only)) continue;
  const rows = runSuite(spec, maxTime);
  all.push(...rows);
  console.log(markdownTable(spec, rows) + "\n");
}

// bench/run.mjs runs the bundle from bench/.build; results go to bench/results.
const out = join(dirname(fileURLToPath(import.meta.url)), "..", "results");
mkdirSync(out, { recursive: true });
const file = join(out, full ? "latest-full.json" : "latest.json");
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), machine, mode: full ? "full" : "quick", rows: all }, null, 2));
console.log(`Results written to ${file} (sink ${sink.value > 0 ? "consumed" : "empty"}).`);
