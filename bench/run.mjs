// Bundles the benchmarks with the library (esbuild, as the published build does, without
// tsx's debugging instrumentation) and runs them under plain Node.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = join(here, ".build", "bench.mjs");
await build({
  entryPoints: [join(here, "index.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  outfile,
  packages: "external",
  logLevel: "warning",
});
const r = spawnSync(process.execPath, ["--expose-gc", outfile, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(r.status ?? 1);
