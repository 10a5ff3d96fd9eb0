/** The recolor example's picture: before, after, the source colour's mask, and the loss curve. */
import { type Image, panelRow } from "../shared/photo";

/** Four panels side by side, the loss on a log scale in the last. */
export function recolorSvg(before: Image, after: Image, mask: Image, losses: readonly number[], source: readonly number[], target: readonly number[]): string {
  const pad = 40;
  const { w, h, panel, width, height, title: titleAt, image } = panelRow(before, 4, 1, pad, 20);
  const title = (i: number, text: string) => titleAt(i, text, 15);
  const hex = (c: readonly number[]) => `#${c.map((v) => Math.round(255 * v).toString(16).padStart(2, "0")).join("")}`;
  const logs = losses.map(Math.log10);
  const [lo, hi] = [Math.min(...logs), Math.max(...logs)];
  const points = logs.map((v, i) => `${(panel(3) + (i / Math.max(1, logs.length - 1)) * w).toFixed(1)},${(pad + h - ((v - lo) / Math.max(hi - lo, 1e-12)) * h).toFixed(1)}`).join(" ");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans">`,
    title(0, "before"),
    image(0, before),
    title(1, "after"),
    image(1, after),
    title(2, "source-colour weight w"),
    image(2, mask),
    title(3, "loss (log scale)"),
    `<rect x="${panel(3)}" y="${pad}" width="${w}" height="${h}" fill="none" stroke="#999"/>`,
    `<polyline points="${points}" fill="none" stroke="#3366cc" stroke-width="2"/>`,
    `<text x="${panel(3)}" y="${pad + h + 16}" font-size="12">${losses[0].toExponential(2)} → ${losses[losses.length - 1].toExponential(2)} in ${losses.length} steps</text>`,
    `<rect x="${pad}" y="${pad + h + 8}" width="14" height="14" fill="${hex(source)}"/><text x="${pad + 20}" y="${pad + h + 20}" font-size="12">source colour</text>`,
    `<rect x="${panel(1)}" y="${pad + h + 8}" width="14" height="14" fill="${hex(target)}"/><text x="${panel(1) + 20}" y="${pad + h + 20}" font-size="12">target colour</text>`,
    "</svg>",
  ].join("\n");
}
