// Bundles the playground (playground/src/main.ts) for the browser against the library's
// published ESM bundle (dist/index.js, from `npm run build`), into playground/dist/.
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const library = join(here, "..", "dist", "index.js");

export async function buildPlayground() {
  if (!existsSync(library)) throw new Error(`playground: ${library} is missing; run \`npm run build\` first.`);
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
