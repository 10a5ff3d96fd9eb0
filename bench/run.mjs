// Bundles the benchmarks with the library (esbuild, as the published build does, without
// tsx's debugging instrumentation) and runs them under plain Node.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const bundle = (entry, extra) =>
  build({ entryPoints: [join(here, entry)], bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "warning", ...extra });

const outfile = join(here, ".build", "bench.mjs");
await bundle("index.ts", { outfile, packages: "external" });
// The cold-start child runs against the built package (dist/, `npm run build`), as a user's would.
const distEntry = join(here, "..", "dist", "node.js");
const builtPackage = { name: "the built package in place of src", setup: (b) => b.onResolve({ filter: /(^|\/)src$/ }, () => ({ path: distEntry, external: true })) };
await bundle("cold-start.ts", { outfile: join(here, ".build", "cold-start.mjs"), plugins: [builtPackage] });

const r = spawnSync(process.execPath, ["--expose-gc", outfile, ...process.argv.slice(2)], { stdio: "inherit" });
process.exit(r.status ?? 1);
