/** `npm run example -- pinn`: a physics-informed network learns sin from u'' + u = 0. */
import { writePicture } from "../shared/images";
import type { Example } from "../shared/example";
import { solutionSvg } from "./plot";
import { DEFAULTS, train } from "./train";

export const QUICK = { ...DEFAULTS, steps: 1500 };

export const pinn: Example = {
  name: "pinn",
  summary: "a physics-informed MLP solves u'' + u = 0 (grad of grad inside vmap inside the loss)",
  run: async ({ out, png, quick, progress, log }) => {
    const opts = quick ? QUICK : DEFAULTS;
    log(`u'' + u = 0 on [0, ${opts.length.toFixed(3)}], u(0) = 0, u'(0) = 1; MLP 1-${opts.hidden}-${opts.hidden}-1 (tanh), ${opts.points} random collocation points per step, Adam ${opts.steps} steps`);
    const began = performance.now();
    const result = train(opts, (step, loss) => {
      if (step % 50 === 0) progress.update(`step ${step}/${opts.steps}, loss ${loss.toExponential(3)}`);
    });
    const seconds = (performance.now() - began) / 1000;
    log(`trained in ${seconds.toFixed(1)} s (${((seconds * 1e3) / opts.steps).toFixed(2)} ms per step, compilation included)`);
    log(`loss ${result.losses[0].toExponential(3)} → ${result.losses[result.losses.length - 1].toExponential(3)}`);
    log(`max |u(x) − sin(x)| over [0, ${opts.length.toFixed(3)}]: ${result.maxError.toExponential(3)}`);
    progress.update("drawing");
    for (const path of writePicture(out, "pinn_solution", await solutionSvg(result, opts.length), png)) log(`wrote ${path}`);
  },
};
