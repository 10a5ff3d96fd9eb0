/**
 * The examples' photograph: scikit-image's "chelsea" (a cat; CC0, see `data/README.md`),
 * decoded with pngjs, as RGB or gray float images averaged down by an integer factor.
 */
import { readFileSync } from "node:fs";
import { PNG } from "pngjs";

/** A float image, row-major, `channels` values per pixel in [0, 1]. */
export interface Image {
  readonly data: Float64Array;
  readonly height: number;
  readonly width: number;
  readonly channels: 1 | 3;
}

/**
 * The photo averaged over `factor`×`factor` blocks, then the centre `height`×`width` crop
 * (the whole photo by default), in RGB or gray (ITU-R 601 luma).
 */
export function loadPhoto(opts: { readonly factor: number; readonly height?: number; readonly width?: number; readonly gray?: boolean }): Image {
  const png = PNG.sync.read(readFileSync(new URL("./data/chelsea.png", import.meta.url)));
  const f = opts.factor;
  const height = opts.height ?? Math.floor(png.height / f);
  const width = opts.width ?? Math.floor(png.width / f);
  const y0 = Math.floor((png.height - height * f) / 2);
  const x0 = Math.floor((png.width - width * f) / 2);
  if (y0 < 0 || x0 < 0) throw new Error(`the photo is ${png.width}×${png.height}, too small for ${width}×${height} at 1/${f}`);
  const channels = opts.gray ? 1 : 3;
  const data = new Float64Array(height * width * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const rgb = [0, 0, 0];
      for (let dy = 0; dy < f; dy++) {
        for (let dx = 0; dx < f; dx++) {
          const i = 4 * ((y0 + y * f + dy) * png.width + x0 + x * f + dx);
          for (let c = 0; c < 3; c++) rgb[c] += png.data[i + c] / 255;
        }
      }
      const o = (y * width + x) * channels;
      if (opts.gray) data[o] = (0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]) / (f * f);
      else for (let c = 0; c < 3; c++) data[o + c] = rgb[c] / (f * f);
    }
  }
  return { data, height, width, channels };
}

/** The image as a PNG data URI for an SVG `<image>` (values clamped to [0, 1], times `gain`). */
export function pngDataUri(img: Image, gain = 1): string {
  const png = new PNG({ width: img.width, height: img.height });
  const byte = (v: number) => Math.round(255 * Math.min(1, Math.max(0, v * gain)));
  for (let p = 0; p < img.width * img.height; p++) {
    for (let c = 0; c < 3; c++) png.data[4 * p + c] = byte(img.data[p * img.channels + (img.channels === 1 ? 0 : c)]);
    png.data[4 * p + 3] = 255;
  }
  return `data:image/png;base64,${PNG.sync.write(png).toString("base64")}`;
}

/** A row of `count` image-sized panels with titles above: the SVG pieces the image examples draw with. */
export function panelRow(like: Image, count: number, scale: number, pad: number, footer = 10) {
  const w = like.width * scale;
  const h = like.height * scale;
  const panel = (i: number) => pad + i * (w + pad);
  return {
    w,
    h,
    panel,
    width: panel(count),
    height: h + 2 * pad + footer,
    title: (i: number, text: string, size = 14) => `<text x="${panel(i) + w / 2}" y="${pad - 10}" text-anchor="middle" font-size="${size}">${text}</text>`,
    image: (i: number, img: Image, gain = 1) => `<image x="${panel(i)}" y="${pad}" width="${w}" height="${h}" href="${pngDataUri(img, gain)}"/>`,
  };
}
