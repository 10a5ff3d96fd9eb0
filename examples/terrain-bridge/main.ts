/** `npm run example -- terrain-bridge`: optimising through a condition, hard vs soft. */
import { writePicture } from "../shared/images";
import type { Example } from "../shared/example";
import { TERRAIN } from "../terrain/terrain";
import { BRIDGE, DEFAULTS, descendBoth } from "./bridge";
import { bridgeSvg } from "./plot";

/** The full run takes well under a second, so the quick run is the full run. */
export const QUICK = DEFAULTS;

export const terrainBridge: Example = {
  name: "terrain-bridge",
  summary: "the terrain with a bridge behind a condition: soft.cond finds it, lax.cond's gradient cannot",
  run: async ({ out, png, quick, progress, log }) => {
    const opts = quick ? QUICK : DEFAULTS;
    log(`bridge over the middle band (speed ${BRIDGE.vBridge}) for paths reaching it at x1 in [${BRIDGE.a}, ${BRIDGE.b}]; start (${opts.start.join(", ")}), Adam lr ${opts.learningRate}, ${opts.steps} steps, temperature ${opts.temperature[0]} → ${opts.temperature[1]}`);
    progress.update("descending");
    const result = descendBoth(opts);
    const row = (name: string, q: { x1: number; x2: number; t: number }) => `${name.padEnd(22)} x1 = ${q.x1.toFixed(4)}, x2 = ${q.x2.toFixed(4)}, true time ${q.t.toFixed(4)}`;
    log(row("lax.cond (hard):", result.hard[result.hard.length - 1]));
    log(row("soft.cond (annealed):", result.soft[result.soft.length - 1]));
    progress.update("drawing");
    for (const path of writePicture(out, "terrain_bridge", await bridgeSvg(result, BRIDGE, TERRAIN), png)) log(`wrote ${path}`);
  },
};
