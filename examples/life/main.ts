/** `npm run example -- life`: find a Game of Life board whose next generation spells a target. */
import { writePicture } from "../shared/images";
import type { Example } from "../shared/example";
import { boardsSvg } from "./plot";
import { DEFAULTS, JG, pattern, reverse } from "./reverse";

export const QUICK = { size: 20, opts: { ...DEFAULTS, steps: 800 } };

export const life: Example = {
  name: "life",
  summary: "reverse the Game of Life: descend on a relaxed rule to a board whose next step is a target",
  run: async ({ out, png, quick, progress, log }) => {
    const size = quick ? QUICK.size : 24;
    const opts = quick ? QUICK.opts : DEFAULTS;
    const target = pattern(JG, size);
    log(`target: "JG" on a ${size}×${size} torus; Adam on cell logits, ${opts.steps} steps, temperature ${opts.temperature[0]} → ${opts.temperature[1]}`);
    const began = performance.now();
    const result = reverse(target, opts, (step, loss) => {
      if (step % 50 === 0) progress.update(`step ${step}/${opts.steps}, soft loss ${loss.toExponential(3)}`);
    });
    log(`descended in ${((performance.now() - began) / 1000).toFixed(2)} s; soft loss ${result.losses[0].toExponential(3)} → ${result.losses[result.losses.length - 1].toExponential(3)}`);
    log(`the found board's true next generation matches ${result.matched} of ${result.cells} target cells`);
    progress.update("drawing");
    for (const path of writePicture(out, "life_reverse", await boardsSvg(target, result.board, result.next, result.matched), png)) log(`wrote ${path}`);
  },
};
