/** Writes a picture as SVG and, unless asked not to, as PNG (rendered by resvg at 2×). */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-js";

export function svgToPng(svg: string): Buffer {
  const font = { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" };
  return new Resvg(svg, { fitTo: { mode: "zoom", value: 2 }, background: "white", font }).render().asPng();
}

/** Writes `name.svg` (and `name.png`) into `dir`, returning the paths written. */
export function writePicture(dir: string, name: string, svg: string, png: boolean): string[] {
  mkdirSync(dir, { recursive: true });
  const svgPath = join(dir, `${name}.svg`);
  writeFileSync(svgPath, svg);
  if (!png) return [svgPath];
  const pngPath = join(dir, `${name}.png`);
  writeFileSync(pngPath, svgToPng(svg));
  return [svgPath, pngPath];
}
