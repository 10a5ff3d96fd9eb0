/** The decision boundary: P(class 1) over the plane, the training points on top. */
import { type Tensor, np } from "../../src";
import { flat } from "../shared/data";
import { CONFIG, renderVegaLite } from "../shared/vega";
import type { TrainResult } from "./train";

export async function boundarySvg(result: TrainResult, resolution = 70): Promise<string> {
  const [x0, x1, y0, y1] = [-1.6, 2.6, -1.1, 1.6];
  const xs = flat(np.linspace(x0, x1, resolution));
  const ys = flat(np.linspace(y0, y1, resolution));
  const grid = np.array(ys.flatMap((y) => xs.map((x) => [x, y])));
  const p = flat(result.predict(grid));
  const dx = (x1 - x0) / (resolution - 1);
  const dy = (y1 - y0) / (resolution - 1);
  const cells = p.map((prob, i) => {
    const x = xs[i % resolution];
    const y = ys[Math.floor(i / resolution)];
    // A hair of overlap hides the anti-aliasing seams between cells.
    return { x: x - dx * 0.51, x2: x + dx * 0.51, y: y - dy * 0.51, y2: y + dy * 0.51, prob };
  });
  const px = flat(result.data.x as Tensor);
  const labels = flat(result.data.y);
  const points = labels.map((label, i) => ({ x: px[2 * i], y: px[2 * i + 1], label: `class ${label}` }));
  const x = { field: "x", type: "quantitative" as const, scale: { domain: [x0, x1], nice: false }, title: "x₁" };
  const y = { field: "y", type: "quantitative" as const, scale: { domain: [y0, y1], nice: false }, title: "x₂" };
  return renderVegaLite({
    width: 560,
    height: Math.round((560 * (y1 - y0)) / (x1 - x0)),
    config: CONFIG,
    title: { text: `Two moons: MLP decision boundary (test accuracy ${(100 * result.testAccuracy).toFixed(1)}%)`, fontSize: 15 },
    layer: [
      {
        data: { values: cells },
        mark: { type: "rect", strokeWidth: 0 },
        encoding: {
          x,
          x2: { field: "x2" },
          y,
          y2: { field: "y2" },
          fill: { field: "prob", type: "quantitative", title: "P(class 1)", scale: { scheme: "blueorange", domain: [0, 1] } },
        },
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 24, stroke: "#555555", strokeWidth: 0.7, opacity: 0.95 },
        encoding: {
          x,
          y,
          shape: { field: "label", type: "nominal", title: null },
          color: { field: "label", type: "nominal", scale: { range: ["#ffffff", "#111111"] }, title: null },
        },
      },
    ],
  });
}
