/** The splat example's picture: the photo, the fit, and the Gaussians as ellipses. */
import type { Tensor } from "../../src";
import { type Image, panelRow } from "../shared/photo";
import type { Splats } from "./splat";

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * Each Gaussian's 1σ ellipse in the panel's pixels: its covariance R·diag(σ²)·Rᵀ in
 * normalized coordinates, scaled to pixels (the two axes differently), diagonalized.
 */
function ellipses(s: Splats, img: Image, scale: number, x0: number, y0: number): string[] {
  const mean = s.mean.tolist() as number[][];
  const logScale = s.logScale.tolist() as number[][];
  const angle = s.angle.tolist() as number[];
  const colour = s.colour.tolist() as number[][];
  const opacity = s.opacity.tolist() as number[];
  const [sx, sy] = [(img.width - 1) * scale, (img.height - 1) * scale];
  return mean.map(([mx, my], i) => {
    const [vx, vy] = logScale[i].map((l) => Math.exp(2 * l));
    const [c, sn] = [Math.cos(angle[i]), Math.sin(angle[i])];
    const p00 = sx * sx * (c * c * vx + sn * sn * vy);
    const p11 = sy * sy * (sn * sn * vx + c * c * vy);
    const p01 = sx * sy * c * sn * (vx - vy);
    const mid = (p00 + p11) / 2;
    const rad = Math.hypot((p00 - p11) / 2, p01);
    const theta = (0.5 * Math.atan2(2 * p01, p00 - p11) * 180) / Math.PI;
    const rgb = colour[i].map((v) => Math.round(255 * sigmoid(v)));
    return `<ellipse cx="${(x0 + mx * sx).toFixed(1)}" cy="${(y0 + my * sy).toFixed(1)}" rx="${Math.sqrt(mid + rad).toFixed(2)}" ry="${Math.sqrt(Math.max(mid - rad, 0)).toFixed(2)}" transform="rotate(${theta.toFixed(1)} ${(x0 + mx * sx).toFixed(1)} ${(y0 + my * sy).toFixed(1)})" fill="rgb(${rgb.join(",")})" fill-opacity="${(0.35 * sigmoid(opacity[i])).toFixed(3)}" stroke="rgb(${rgb.join(",")})" stroke-width="0.8"/>`;
  });
}

/** Three panels: the photo, the splats' rendering, and the Gaussians' ellipses. */
export function splatSvg(photo: Image, fit: Tensor, s: Splats, psnr: number): string {
  const scale = 4;
  const pad = 36;
  const { panel, width, height, title, image, w, h } = panelRow(photo, 3, scale, pad, -20);
  const fitImage: Image = { data: Float64Array.from(fit.toTypedArray()), height: photo.height, width: photo.width, channels: 3 };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans">`,
    title(0, "the photo"),
    image(0, photo),
    title(1, `${s.opacity.shape[0]} Gaussians, PSNR ${psnr.toFixed(1)} dB`),
    image(1, fitImage),
    title(2, "their 1σ ellipses"),
    `<rect x="${panel(2)}" y="${pad}" width="${w}" height="${h}" fill="#f4f4f4"/>`,
    `<svg x="${panel(2)}" y="${pad}" width="${w}" height="${h}" overflow="hidden">`,
    ...ellipses(s, photo, scale, 0, 0),
    "</svg>",
    "</svg>",
  ].join("\n");
}
