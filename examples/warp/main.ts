/** `npm run example -- warp`: recover a homography from a photo and its warped copy, coarse to fine. */
import { np } from "../../src";
import type { Example } from "../shared/example";
import { writePicture } from "../shared/images";
import { warpSvg } from "./plot";
import { TRUE_OFFSETS, cornerErrorPx, estimate, homography, loadGray, warp, warped } from "./warp";

export const SETTINGS = { factor: 2, height: 128, width: 192, levels: 4, maxiter: 60 };
export const QUICK = { factor: 4, height: 64, width: 96, levels: 3, maxiter: 60 };

export const warpExample: Example = {
  name: "warp",
  summary: "homography estimation: a photo and its warped copy, a differentiable bilinear warp, a Gaussian pyramid, L-BFGS",
  run: async ({ out, png, quick, progress, log }) => {
    const s = quick ? QUICK : SETTINGS;
    const source = loadGray(s.factor, s.height, s.width);
    const target = warped(source, TRUE_OFFSETS);
    log(`photo ${s.width}×${s.height} (scikit-image's "chelsea", gray); target: its corners moved by ${TRUE_OFFSETS.map((v) => v.toFixed(2)).join(", ")} (normalized)`);
    const began = performance.now();
    let iterations = 0;
    const found = estimate(source, target, s, (r) => {
      iterations += r.iterations;
      progress.update(`level ${r.width}×${r.height} fitted`);
      log(`  level ${r.width}×${r.height}: L-BFGS ${r.iterations} iterations, loss ${r.lossBefore.toExponential(3)} → ${r.lossAfter.toExponential(3)}, ${r.millis.toFixed(0)} ms (compilation included)`);
    });
    const millis = performance.now() - began;
    const est = Array.from(found.toTypedArray());
    const err = cornerErrorPx(est, TRUE_OFFSETS, s.height, s.width);
    log(`recovered in ${millis.toFixed(0)} ms, ${iterations} iterations (${(millis / iterations).toFixed(1)} ms each, compilation included); largest corner error ${err.toExponential(2)} px`);
    const img = np.array(source.data).reshape([s.height, s.width]);
    const fit = warp(img, homography(found), s.height, s.width).image.toTypedArray();
    const residual = { data: Float64Array.from(fit, (v, i) => Math.abs(v - target.data[i])), height: s.height, width: s.width, channels: 1 as const };
    const before = { data: source.data.map((v, i) => Math.abs(v - target.data[i])), height: s.height, width: s.width, channels: 1 as const };
    progress.update("drawing");
    for (const path of writePicture(out, "warp", warpSvg(source, target, before, residual, TRUE_OFFSETS, est, err), png)) log(`wrote ${path}`);
  },
};
