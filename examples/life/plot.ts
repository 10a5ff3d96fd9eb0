/** Target, found board and its true next generation, side by side as cell grids. */
import type { Tensor } from "../../src";
import { flat } from "../shared/data";
import { CONFIG, renderVegaLite } from "../shared/vega";

function cells(board: Tensor, target?: Tensor) {
  const size = board.shape[1];
  const b = flat(board);
  const t = target ? flat(target) : undefined;
  return b.map((v, i) => ({
    x: i % size,
    y: Math.floor(i / size),
    state: t && v !== t[i] ? (v ? "alive, should be dead" : "dead, should be alive") : v ? "alive" : "dead",
  }));
}

export function boardsSvg(target: Tensor, board: Tensor, next: Tensor, matched: number): Promise<string> {
  const size = target.shape[0];
  const panel = (title: string, values: ReturnType<typeof cells>) => ({
    width: 240,
    height: 240,
    title: { text: title, fontSize: 13 },
    data: { values },
    mark: { type: "rect" as const, stroke: "#dddddd", strokeWidth: 0.5 },
    encoding: {
      x: { field: "x", type: "ordinal" as const, axis: null },
      y: { field: "y", type: "ordinal" as const, axis: null },
      color: {
        field: "state",
        type: "nominal" as const,
        title: null,
        scale: { domain: ["alive", "dead", "alive, should be dead", "dead, should be alive"], range: ["#222222", "#ffffff", "#cc2200", "#f2b8a8"] },
        legend: { orient: "bottom" as const, labelLimit: 0 },
      },
    },
  });
  return renderVegaLite({
    config: CONFIG,
    title: { text: `Reversing the Game of Life: ${matched} of ${size * size} cells match after one true step`, fontSize: 15 },
    hconcat: [panel("target", cells(target)), panel("found board (gradient descent)", cells(board)), panel("its true next generation", cells(next, target))],
    resolve: { scale: { color: "shared" } },
  });
}
