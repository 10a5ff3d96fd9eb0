/**
 * Both final paths over the three bands with the bridge's entrance marked, and the true
 * crossing time along each descent.
 */
import { CONFIG, renderVegaLite } from "../shared/vega";
import { bandLayers } from "../terrain/plots";
import type { TerrainParams } from "../terrain/terrain";
import type { Bridge, BridgeResult, DescentPoint } from "./bridge";

const HARD = "lax.cond (hard)";
const SOFT = "soft.cond (annealed)";

export function bridgeSvg(result: BridgeResult, bridge: Bridge, p: TerrainParams): Promise<string> {
  const { h, d } = p;
  const route = (method: string, q: DescentPoint) =>
    [
      [0, 0],
      [q.x1, d],
      [q.x1 + q.x2, 2 * d],
      [h, 3 * d],
    ].map(([x, y], order) => ({ method, x, y, order }));
  const lastHard = result.hard[result.hard.length - 1];
  const lastSoft = result.soft[result.soft.length - 1];
  const routes = [...route(`${HARD}: t = ${lastHard.t.toFixed(2)}`, lastHard), ...route(`${SOFT}: t = ${lastSoft.t.toFixed(2)}`, lastSoft)];
  const xs = routes.map((r) => r.x);
  const [xlo, xhi] = [Math.min(0, ...xs) - 1, Math.max(h, ...xs) + 1];
  const bands = [
    { y: 0, y2: d, color: "#d8ead2", name: `v1 = ${p.v1}` },
    { y: d, y2: 2 * d, color: "#f3e3c3", name: `v2 = ${p.v2} (bridge: ${bridge.vBridge})` },
    { y: 2 * d, y2: 3 * d, color: "#d3e3f3", name: `v3 = ${p.v3}` },
  ];
  const x = { field: "x", type: "quantitative" as const, title: "along the boundaries", scale: { domain: [xlo, xhi], nice: false } };
  const y = { field: "y", type: "quantitative" as const, title: "across the terrains", scale: { domain: [0, 3 * d], nice: false } };
  const times = [...result.hard.map((q) => ({ ...q, method: HARD })), ...result.soft.map((q) => ({ ...q, method: SOFT }))];
  return renderVegaLite({
    config: CONFIG,
    title: { text: "A bridge the hard gradient cannot see: lax.cond vs soft.cond", fontSize: 15 },
    hconcat: [
      {
        width: Math.round((380 * (xhi - xlo)) / (3 * d)),
        height: 380,
        layer: [
          ...bandLayers(bands, [xlo, xhi], d),
          {
            data: { values: [{ x: bridge.a, x2: bridge.b, y: d }] },
            mark: { type: "rule", strokeWidth: 7, color: "#8b5a2b" },
            encoding: { x: { field: "x", type: "quantitative" }, x2: { field: "x2" }, y: { field: "y", type: "quantitative" } },
          },
          {
            data: { values: [{ x: (bridge.a + bridge.b) / 2, y: d, label: "bridge entrance" }] },
            mark: { type: "text", dy: 14, fontSize: 11, color: "#8b5a2b" },
            encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" }, text: { field: "label" } },
          },
          {
            data: { values: routes },
            mark: { type: "line", strokeWidth: 3, point: { filled: true, size: 50 } },
            encoding: {
              x,
              y,
              order: { field: "order", type: "quantitative" },
              color: { field: "method", type: "nominal", title: null, scale: { range: ["#555555", "#cc2200"] }, legend: { orient: "bottom", columns: 1, labelLimit: 0 } },
            },
          },
        ],
      },
      {
        width: 320,
        height: 380,
        data: { values: times },
        mark: { type: "line", strokeWidth: 2 },
        encoding: {
          x: { field: "step", type: "quantitative", title: "step" },
          y: { field: "t", type: "quantitative", title: "true time to cross", scale: { zero: false } },
          color: { field: "method", type: "nominal", title: null, scale: { domain: [HARD, SOFT], range: ["#555555", "#cc2200"] }, legend: { orient: "bottom", columns: 1, labelLimit: 0 } },
        },
      },
    ],
    resolve: { scale: { color: "independent" } },
  });
}
