/** `npm run example -- splat`: fit a photograph with 2-D Gaussians, Adam, densification. */
import type { Example } from "../shared/example";
import { writePicture } from "../shared/images";
import { loadPhoto } from "../shared/photo";
import { splatSvg } from "./plot";
import { DEFAULTS, fitSplats } from "./splat";

export const SETTINGS = { factor: 6, ...DEFAULTS, count: 96, phases: [200, 200, 200] };
export const QUICK = { factor: 8, ...DEFAULTS, count: 64, phases: [150, 150] };

export const splat: Example = {
  name: "splat",
  summary: "2-D Gaussian splatting: a photo fitted by anisotropic Gaussians, Adam (jitted step), densification between phases",
  run: async ({ out, png, quick, progress, log }) => {
    const s = quick ? QUICK : SETTINGS;
    const photo = loadPhoto({ factor: s.factor });
    log(`photo ${photo.width}×${photo.height} RGB (scikit-image's "chelsea"); ${s.count} Gaussians, ${s.phases.length} phases of ${s.phases.join(", ")} Adam steps (lr ${s.learningRate}), ${Math.round(100 * s.grow)}% more after each`);
    let last = 0;
    const { splats, image } = fitSplats(
      photo,
      s,
      (phase, step, loss) => {
        if (step % 10 === 0) progress.update(`phase ${phase + 1}/${s.phases.length}, step ${step + 1}/${s.phases[phase]}, loss ${loss.toExponential(3)}`);
      },
      (r) => {
        last = r.psnr;
        log(`  ${r.gaussians} Gaussians: PSNR ${r.psnr.toFixed(2)} dB after ${r.steps} steps, ${r.millisPerStep.toFixed(1)} ms per step`);
      },
    );
    progress.update("drawing");
    for (const path of writePicture(out, "splat", splatSvg(photo, image, splats, last), png)) log(`wrote ${path}`);
  },
};
