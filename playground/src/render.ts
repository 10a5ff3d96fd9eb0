/** Drawing: the landscape into a canvas, the paths and the objective as SVG. */
import { D, H } from "./model";

const SVG = "http://www.w3.org/2000/svg";

/** A few stops of a perceptually even ramp (viridis), interpolated. */
const RAMP = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
] as const;

function rampColor(u: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, u)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  return [0, 1, 2].map((k) => Math.round(RAMP[i][k] + f * (RAMP[i + 1][k] - RAMP[i][k]))) as [number, number, number];
}

/**
 * Filled contours: the time quantized into `levels` bands on a log scale above the
 * minimum (so the bands crowd towards the optimum, as in the Node demo's picture).
 */
export function drawLandscape(canvas: HTMLCanvasElement, values: Float64Array, n: number, levels = 24): void {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = Math.log1p(max - min);
  const image = new ImageData(n, n);
  values.forEach((v, i) => {
    const band = Math.min(levels - 1, Math.floor((Math.log1p(v - min) / scale) * levels));
    const [r, g, b] = rampColor(band / (levels - 1));
    image.data.set([r, g, b, 255], 4 * i);
  });
  const small = document.createElement("canvas");
  small.width = n;
  small.height = n;
  small.getContext("2d")!.putImageData(image, 0, 0);
  const ctx = canvas.getContext("2d")!;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
}

export function svgElement<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

const pointsAttr = (pts: readonly (readonly [number, number])[]) => pts.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join(" ");

/** The crossing routes over the three bands: A at (0, 0), B at (h, 3d); the last route bold. */
export function drawCrossings(svg: SVGSVGElement, path: readonly (readonly [number, number])[], speeds: readonly number[]): void {
  const width = 360;
  const height = 300;
  const xs = path.flatMap(([x1, x2]) => [x1, x1 + x2]);
  const lo = Math.min(0, ...xs) - 1;
  const hi = Math.max(H, ...xs) + 1;
  const px = (x: number) => ((x - lo) / (hi - lo)) * width;
  const py = (y: number) => height - (y / (3 * D)) * height;
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  ["#d8ead2", "#f3e3c3", "#d3e3f3"].forEach((fill, k) => {
    svg.append(svgElement("rect", { x: 0, y: py((k + 1) * D), width, height: height / 3, fill }));
    const label = svgElement("text", { x: width - 6, y: py(k * D + D / 2) + 4, "text-anchor": "end", class: "band-label" });
    label.textContent = `v${k + 1} = ${speeds[k].toFixed(2)}`;
    svg.append(label);
  });
  const route = ([x1, x2]: readonly [number, number]) =>
    pointsAttr([
      [px(0), py(0)],
      [px(x1), py(D)],
      [px(x1 + x2), py(2 * D)],
      [px(H), py(3 * D)],
    ]);
  path.slice(0, -1).forEach((p) => svg.append(svgElement("polyline", { points: route(p), class: "route" })));
  svg.append(svgElement("polyline", { points: route(path[path.length - 1]), class: "route final", id: "final-route" }));
}

/** t after each step. */
export function drawObjective(svg: SVGSVGElement, t: readonly number[]): void {
  const width = 360;
  const height = 160;
  const pad = 48;
  const lo = Math.min(...t);
  const hi = Math.max(...t);
  const span = hi - lo || 1;
  const px = (i: number) => pad + (i / Math.max(1, t.length - 1)) * (width - pad - 8);
  const py = (v: number) => height - pad + 10 - ((v - lo) / span) * (height - pad - 10);
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.append(svgElement("line", { x1: pad, y1: height - pad + 10, x2: width - 8, y2: height - pad + 10, class: "axis" }));
  svg.append(svgElement("line", { x1: pad, y1: 10, x2: pad, y2: height - pad + 10, class: "axis" }));
  const label = (x: number, y: number, text: string, anchor = "start") => {
    const el = svgElement("text", { x, y, "text-anchor": anchor, class: "tick" });
    el.textContent = text;
    svg.append(el);
  };
  label(pad - 4, py(hi) + 4, hi.toFixed(2), "end");
  label(pad - 4, py(lo) + 4, lo.toFixed(2), "end");
  label(px(0), height - 6, "0", "middle");
  label(px(t.length - 1), height - 6, String(t.length - 1), "middle");
  label(width / 2, height - 6, "step", "middle");
  svg.append(svgElement("polyline", { points: pointsAttr(t.map((v, i) => [px(i), py(v)])), class: "objective", id: "objective-line" }));
}
