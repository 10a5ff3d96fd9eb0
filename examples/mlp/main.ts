/** `npm run example -- mlp`: two moons, an MLP, Adam in one jitted step, the decision boundary. */
import { writePicture } from "../shared/images";
import type { Example } from "../shared/example";
import { boundarySvg } from "./plot";
import { DEFAULTS, train } from "./train";

export const QUICK = { ...DEFAULTS, samples: 256, epochs: 40 };

export const mlp: Example = {
  name: "mlp",
  summary: "a 2-32-32-2 MLP learns two moons with Adam (jitted step); decision boundary",
  run: async ({ out, png, quick, progress, log }) => {
    const opts = quick ? QUICK : DEFAULTS;
    log(`two moons: ${opts.samples} points, MLP 2-${opts.hidden}-${opts.hidden}-2, Adam lr ${opts.learningRate}, batch ${opts.batch}, ${opts.epochs} epochs`);
    const began = performance.now();
    const result = train(opts, (epoch, loss) => progress.update(`epoch ${epoch + 1}/${opts.epochs}, loss ${loss.toExponential(3)}`));
    const seconds = (performance.now() - began) / 1000;
    const steps = opts.epochs * Math.floor(opts.samples / opts.batch);
    log(`trained in ${seconds.toFixed(2)} s (${steps} steps, ${((seconds * 1e3) / steps).toFixed(2)} ms per step incl. shuffling)`);
    log(`loss ${result.losses[0].toFixed(4)} → ${result.losses[result.losses.length - 1].toExponential(3)}`);
    log(`accuracy: train ${(100 * result.accuracy).toFixed(1)}%, held-out ${(100 * result.testAccuracy).toFixed(1)}%`);
    progress.update("drawing the decision boundary");
    for (const path of writePicture(out, "mlp_boundary", await boundarySvg(result), png)) log(`wrote ${path}`);
  },
};
