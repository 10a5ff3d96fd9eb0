/**
 * The post's three figures as Vega / Vega-Lite specifications, rendered to SVG headless:
 * the objective landscape with the descent path, the objective per step, and the
 * crossing paths over the three terrain bands.
 */
import type * as vega from "vega";
import type * as vl from "vega-lite";
import { CONFIG, renderVega, renderVegaLite } from "../shared/vega";
import type { PathPoint, Window } from "./solve";
import type { TerrainParams } from "./terrain";

/**
 * Filled contours of t over a square window (a Vega `isocontour` of the n×n raster),
 * with the descent path over it (a dot per step, start and end labelled) and the optimum
 * as a white cross.
 */
export function landscapeSvg(
  raster: { readonly values: Float64Array; readonly min: number; readonly max: number },
  window: Window,
  n: number,
  path: readonly PathPoint[],
  optimum: readonly [number, number],
): Promise<string> {
  const size = 520;
  // Levels crowd towards the minimum, where the descent spends its time; the first one is
  // the minimum itself, so the whole window is filled. Colours step evenly per level.
  const levels = 24;
  const thresholds = Array.from({ length: levels }, (_, k) => raster.min + (raster.max - raster.min) * (k / levels) ** 2);
  const spec: vega.Spec = {
    width: size,
    height: size,
    padding: 8,
    autosize: "pad",
    config: CONFIG as vega.Config,
    title: { text: "The objective landscape and the descent path", fontSize: 15 },
    data: [
      { name: "grid", values: [{ width: n, height: n, values: Array.from(raster.values) }] },
      {
        name: "contours",
        source: "grid",
        transform: [{ type: "isocontour", thresholds, scale: { expr: `${size} / datum.width` } }],
      },
      { name: "path", values: path.map((p) => ({ ...p })) },
      { name: "ends", values: [{ ...path[0], label: "start" }, { ...path[path.length - 1], label: "end" }] },
      { name: "optimum", values: [{ x1: optimum[0], x2: optimum[1] }] },
    ],
    scales: [
      { name: "x", type: "linear", domain: [window.lo, window.hi], range: [0, size], zero: false },
      { name: "y", type: "linear", domain: [window.lo, window.hi], range: [size, 0], zero: false },
      { name: "color", type: "linear", domain: [...thresholds, raster.max], range: { scheme: "viridis", count: levels + 1 }, zero: false },
    ],
    axes: [
      { scale: "x", orient: "bottom", title: "x1", grid: false },
      { scale: "y", orient: "left", title: "x2", grid: false },
    ],
    legends: [{ fill: "color", type: "gradient", title: "t", gradientLength: size - 40 }],
    marks: [
      {
        type: "path",
        name: "contour-bands",
        clip: true,
        from: { data: "contours" },
        encode: {
          enter: { stroke: { value: "#ffffff" }, strokeOpacity: { value: 0.35 }, strokeWidth: { value: 0.6 }, fill: { scale: "color", field: "contour.value" } },
        },
        transform: [{ type: "geopath", field: "datum.contour" }],
      },
      {
        type: "symbol",
        from: { data: "optimum" },
        encode: {
          enter: {
            x: { scale: "x", field: "x1" },
            y: { scale: "y", field: "x2" },
            shape: { value: "cross" },
            angle: { value: 45 },
            size: { value: 90 },
            fill: { value: "#ffffff" },
            stroke: { value: "#222222" },
            strokeWidth: { value: 0.8 },
          },
        },
      },
      {
        type: "text",
        from: { data: "optimum" },
        encode: {
          enter: {
            x: { scale: "x", field: "x1" },
            y: { scale: "y", field: "x2" },
            text: { value: "optimum" },
            dx: { value: 8 },
            dy: { value: 20 },
            fill: { value: "#ffffff" },
            fontSize: { value: 12 },
          },
        },
      },
      {
        type: "line",
        name: "descent",
        from: { data: "path" },
        encode: {
          enter: { x: { scale: "x", field: "x1" }, y: { scale: "y", field: "x2" }, stroke: { value: "#ff5533" }, strokeWidth: { value: 2 } },
        },
      },
      {
        type: "symbol",
        from: { data: "path" },
        encode: {
          enter: {
            x: { scale: "x", field: "x1" },
            y: { scale: "y", field: "x2" },
            size: { value: 28 },
            fill: { value: "#ff5533" },
            stroke: { value: "#ffffff" },
            strokeWidth: { value: 0.8 },
          },
        },
      },
      {
        type: "text",
        from: { data: "ends" },
        encode: {
          enter: {
            x: { scale: "x", field: "x1" },
            y: { scale: "y", field: "x2" },
            text: { field: "label" },
            dx: { value: 8 },
            dy: { value: -8 },
            fill: { value: "#ffffff" },
            fontSize: { value: 13 },
            fontWeight: { value: "bold" },
          },
        },
      },
    ],
  };
  return renderVega(spec);
}

/** t after each step (the post's `objective` figure). */
export function objectiveSvg(path: readonly PathPoint[]): Promise<string> {
  return renderVegaLite({
    width: 520,
    height: 300,
    config: CONFIG,
    title: { text: "The objective along the descent", fontSize: 15 },
    data: { values: path.map((p) => ({ ...p })) },
    layer: [
      { mark: { type: "line", color: "#3366cc", strokeWidth: 2 } },
      { mark: { type: "point", filled: true, color: "#3366cc", size: 40 } },
    ],
    encoding: {
      x: { field: "step", type: "quantitative", title: "step", axis: { tickMinStep: 1 } },
      y: { field: "t", type: "quantitative", title: "t, time to cross", scale: { zero: false } },
    },
  });
}

/** The layers of a layered Vega-Lite specification. */
type Layers = Extract<vl.TopLevelSpec, { layer: unknown }>["layer"];

/** A terrain band: from height y to y2, its fill colour and its label. */
export interface Band {
  readonly y: number;
  readonly y2: number;
  readonly name: string;
  readonly color: string;
}

/**
 * The three terrain bands as Vega-Lite layers over the x domain [xlo, xhi]: filled
 * rectangles, and their labels beside the plot, where no path can run over them.
 */
export function bandLayers(bands: readonly Band[], [xlo, xhi]: readonly [number, number], d: number): Layers {
  return [
    {
      data: { values: bands.map((b) => ({ ...b })) },
      mark: { type: "rect", opacity: 0.9 },
      encoding: {
        x: { datum: xlo, type: "quantitative", scale: { domain: [xlo, xhi], nice: false } },
        x2: { datum: xhi },
        y: { field: "y", type: "quantitative", scale: { domain: [0, 3 * d], nice: false } },
        y2: { field: "y2" },
        fill: { field: "color", type: "nominal", scale: null, legend: null },
      },
    },
    {
      data: { values: bands.map((b) => ({ ...b, mid: (b.y + b.y2) / 2 })) },
      mark: { type: "text", align: "left", dx: 8, fontSize: 12, color: "#444444" },
      encoding: { x: { datum: xhi, type: "quantitative" }, y: { field: "mid", type: "quantitative" }, text: { field: "name" } },
    },
  ];
}

/**
 * The crossing paths over the three bands (the post's `optimization` figure): A at
 * (0, 0), boundaries at heights d and 2d crossed at x1 and x1 + x2, B at (h, 3d); one
 * faint path per step, the final one bold.
 */
export function crossingsSvg(params: TerrainParams, path: readonly PathPoint[]): Promise<string> {
  const { h, d, v1, v2, v3 } = params;
  const segments = path.flatMap((p) =>
    [
      [0, 0],
      [p.x1, d],
      [p.x1 + p.x2, 2 * d],
      [h, 3 * d],
    ].map(([x, y], order) => ({ step: p.step, x, y, order, final: p.step === path.length - 1 })),
  );
  const xs = segments.map((s) => s.x);
  const [xlo, xhi] = [Math.min(0, ...xs) - 1, Math.max(h, ...xs) + 1];
  const height = 420;
  const width = Math.round((height * (xhi - xlo)) / (3 * d));
  const bands = [
    { y: 0, y2: d, name: `speed v1 = ${v1}`, color: "#d8ead2" },
    { y: d, y2: 2 * d, name: `speed v2 = ${v2}`, color: "#f3e3c3" },
    { y: 2 * d, y2: 3 * d, name: `speed v3 = ${v3}`, color: "#d3e3f3" },
  ];
  const x = { field: "x", type: "quantitative" as const, title: "along the boundaries", scale: { domain: [xlo, xhi], nice: false } };
  const y = { field: "y", type: "quantitative" as const, title: "across the terrains", scale: { domain: [0, 3 * d], nice: false } };
  return renderVegaLite({
    width,
    height,
    config: CONFIG,
    title: { text: "Iteratively better paths from A to B", fontSize: 15 },
    layer: [
      ...bandLayers(bands, [xlo, xhi], d),
      {
        data: { values: segments.filter((s) => !s.final) },
        mark: { type: "line", strokeWidth: 1.2, opacity: 0.3, color: "#444444" },
        encoding: { x, y, detail: { field: "step", type: "nominal" }, order: { field: "order", type: "quantitative" } },
      },
      {
        data: { values: segments.filter((s) => s.final) },
        mark: { type: "line", strokeWidth: 3.5, color: "#cc2200", point: { filled: true, size: 60, color: "#cc2200" } },
        encoding: { x, y, order: { field: "order", type: "quantitative" } },
      },
      {
        data: {
          values: [
            { x: 0, y: 0, label: "A" },
            { x: h, y: 3 * d, label: "B" },
          ],
        },
        mark: { type: "text", fontSize: 16, fontWeight: "bold", dx: -12, dy: 0 },
        encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, text: { field: "label" } },
      },
    ],
  });
}
