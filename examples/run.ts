/** `npm run example -- NAME [--out DIR] [--no-png] [--quick]`: runs one example. */
import { either as E } from "fp-ts";
import { life } from "./life/main";
import { mlp } from "./mlp/main";
import { pinn } from "./pinn/main";
import { Progress } from "./shared/progress";
import type { Example } from "./shared/example";
import { terrainBridge } from "./terrain-bridge/main";
import { warpExample } from "./warp/main";
import { recolorExample } from "./recolor/main";
import { synthExample } from "./synth/main";
import { splat } from "./splat/main";
import { parseRunOptions } from "./run-options";

const EXAMPLES: readonly Example[] = [mlp, pinn, life, terrainBridge, warpExample, recolorExample, splat, synthExample];

const help = () =>
  [
    "npm run example -- NAME [options]",
    "",
    ...EXAMPLES.map((e) => `  ${e.name.padEnd(15)} ${e.summary}`),
    "",
    "Options:",
    "  --out DIR   where pictures go (default out/NAME)",
    "  --no-png    write SVG only",
    "  --quick     the reduced sizes the tests use",
    "  --help      this text",
  ].join("\n");

async function main(): Promise<void> {
  const parsed = parseRunOptions(process.argv.slice(2), EXAMPLES.map((e) => e.name));
  if (E.isLeft(parsed)) {
    console.error(`example: ${parsed.left} (try --help)`);
    process.exit(2);
  }
  const opts = parsed.right;
  if (opts.help || opts.name === null) {
    console.log(help());
    return;
  }
  const example = EXAMPLES.find((e) => e.name === opts.name)!;
  const progress = new Progress();
  const began = performance.now();
  try {
    await example.run({ out: opts.out ?? `out/${example.name}`, png: opts.png, quick: opts.quick, progress, log: (l) => console.log(l) });
  } finally {
    progress.done();
  }
  console.log(`done in ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? `example: ${e.message}` : e);
  process.exit(1);
});
