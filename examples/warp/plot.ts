/** The warp example's picture: the photo with the true and recovered corner quads, the target, and the residual. */
import { type Image, panelRow } from "../shared/photo";

const CORNERS = [
  [-1, -1],
  [1, -1],
  [1, 1],
  [-1, 1],
];

/** The quad the corners move to, in the panel's pixel coordinates. */
function quad(offsets: readonly number[], img: Image, scale: number, x0: number, y0: number): string {
  return CORNERS.map(([x, y], i) => {
    const px = ((x + offsets[2 * i] + 1) * (img.width - 1)) / 2;
    const py = ((y + offsets[2 * i + 1] + 1) * (img.height - 1)) / 2;
    return `${(x0 + px * scale).toFixed(2)},${(y0 + py * scale).toFixed(2)}`;
  }).join(" ");
}

/** Four panels: the photo with the quads (true: green, recovered: red, dashed), the target, and the residual before (the identity) and after the fit, ×10. */
export function warpSvg(source: Image, target: Image, before: Image, residual: Image, truth: readonly number[], found: readonly number[], cornerErrorPx: number): string {
  const scale = 1.5;
  const pad = 36;
  const { panel, width, height, title, image } = panelRow(source, 4, scale, pad);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans">`,
    title(0, "photo: true corners (green), recovered (red)"),
    image(0, source),
    `<polygon points="${quad(truth, source, scale, panel(0), pad)}" fill="none" stroke="#1a9850" stroke-width="3"/>`,
    `<polygon points="${quad(found, source, scale, panel(0), pad)}" fill="none" stroke="#d73027" stroke-width="1.5" stroke-dasharray="6 4"/>`,
    title(1, "target: the photo warped"),
    image(1, target),
    title(2, "before: |photo − target| × 10"),
    image(2, before, 10),
    title(3, "after: |recovered warp − target| × 10"),
    image(3, residual, 10),
    `<text x="${width / 2}" y="${height - 12}" text-anchor="middle" font-size="13">largest corner error ${cornerErrorPx.toExponential(2)} px</text>`,
    "</svg>",
  ].join("\n");
}
