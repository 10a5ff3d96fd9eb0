/** The learned u against sin(x), and the training loss. */
import { np } from "../../src";
import { flat } from "../shared/data";
import { CONFIG, renderVegaLite } from "../shared/vega";
import type { PinnResult } from "./train";

export function solutionSvg(result: PinnResult, length: number): Promise<string> {
  const xs = flat(np.linspace(0, length, 200));
  const us = flat(result.u(np.array(xs)));
  const rows = xs.flatMap((x, i) => [
    { x, value: Math.sin(x), curve: "sin x (exact)" },
    { x, value: us[i], curve: "u(x), the network" },
  ]);
  const losses = result.losses.map((loss, step) => ({ step, loss })).filter((_, i) => i % 5 === 0);
  return renderVegaLite({
    config: CONFIG,
    title: { text: `PINN for u'' + u = 0, u(0) = 0, u'(0) = 1 (max |u − sin| = ${result.maxError.toExponential(2)})`, fontSize: 15 },
    hconcat: [
      {
        width: 420,
        height: 280,
        data: { values: rows },
        mark: { type: "line", strokeWidth: 2.5 },
        encoding: {
          x: { field: "x", type: "quantitative", title: "x" },
          y: { field: "value", type: "quantitative", title: "u" },
          color: { field: "curve", type: "nominal", title: null, scale: { range: ["#999999", "#cc2200"] }, legend: { orient: "bottom", labelLimit: 0 } },
          strokeDash: { field: "curve", type: "nominal", scale: { range: [[6, 4], [1, 0]] } },
        },
      },
      {
        width: 300,
        height: 280,
        data: { values: losses },
        mark: { type: "line", color: "#3366cc" },
        encoding: {
          x: { field: "step", type: "quantitative", title: "step" },
          y: { field: "loss", type: "quantitative", title: "loss", scale: { type: "log" } },
        },
      },
    ],
  });
}
