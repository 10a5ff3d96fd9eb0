/** `npm run example -- recolor`: replace a colour in a photo by descending a Poisson-style loss. */
import type { Example } from "../shared/example";
import { writePicture } from "../shared/images";
import { loadPhoto } from "../shared/photo";
import { recolorSvg } from "./plot";
import { DEFAULTS, recolor } from "./recolor";

export const SETTINGS = { factor: 2, ...DEFAULTS };
export const QUICK = { factor: 4, ...DEFAULTS, steps: 150 };

export const recolorExample: Example = {
  name: "recolor",
  summary: "colour replacement by optimisation: a smooth offset field, a Poisson-style loss, Adam (jitted step)",
  run: async ({ out, png, quick, progress, log }) => {
    const s = quick ? QUICK : SETTINGS;
    const photo = loadPhoto({ factor: s.factor });
    log(`photo ${photo.width}×${photo.height} RGB (scikit-image's "chelsea"); source colour ${s.source.join(", ")} → target ${s.target.join(", ")}; ${s.steps} Adam steps, lr ${s.learningRate}`);
    const r = recolor(photo, s, (i, loss) => {
      if (i % 10 === 0) progress.update(`step ${i + 1}/${s.steps}, loss ${loss.toExponential(3)}`);
    });
    log(`loss ${r.losses[0].toExponential(3)} → ${r.losses[r.losses.length - 1].toExponential(3)}; ${r.millisPerStep.toFixed(2)} ms per step (after the first, which compiles)`);
    progress.update("drawing");
    for (const path of writePicture(out, "recolor", recolorSvg(photo, r.image, r.mask, r.losses, s.source, s.target), png)) log(`wrote ${path}`);
  },
};
