// Bundles the playground (playground/src/main.ts) for the browser against the library's
// published ESM bundle (dist/index.js, from `npm run build`), into playground/dist/, with
// the page's descent compiled ahead of time beside it (dist/descent-aot.js).
import { build } from "esbuild";
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const library = join(here, "..", "dist", "index.js");

const nodeLibrary = join(here, "..", "dist", "node.js");

/** The page's descent compiled ahead of time (model.ts's aheadOfTimeDescent, run here in Node) into dist/descent-aot.js. */
async function writeAheadOfTimeDescent() {
  const modelFile = join(here, "dist", "model.node.mjs");
  await build({
    entryPoints: [join(here, "src", "model.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile: modelFile,
    logLevel: "warning",
    plugins: [{ name: "jitgrad as the built package", setup: (b) => b.onResolve({ filter: /^jitgrad$/ }, () => ({ path: nodeLibrary, external: true })) }],
  });
  const model = await import(`${pathToFileURL(modelFile).href}?t=${Date.now()}`);
  writeFileSync(join(here, "dist", "descent-aot.js"), model.aheadOfTimeDescent(model.DEFAULT_SETTINGS.steps));
}

export async function buildPlayground() {
  if (!existsSync(library)) throw new Error(`playground: ${library} is missing; run \`npm run build\` first.`);
  await writeAheadOfTimeDescent();
  await build({
    entryPoints: [join(here, "src", "main.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    outfile: join(here, "dist", "main.js"),
    sourcemap: true,
    // Smaller to load. Not keepNames: its wrappers made each jitted descent ~7× slower here
    // (25 µs instead of 3.8 µs); jitgrad's error names do not depend on class names.
    minify: true,
    alias: { jitgrad: library },
    logLevel: "warning",
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildPlayground();
  console.log("built playground/dist/main.js");
}
