/** Suite 3: the terrain gradient at N start points in one call (vmap), Float64Arrays in and out. */
import { type Tensor, grad, jit, vmap } from "../../src";
import { makeCalcTime } from "../../examples/terrain/terrain";
import type { SuiteSpec } from "../harness";

/** calcTime of two scalars, so vmap can map two Float64Arrays. */
const calcTime = makeCalcTime();
const time2 = (x1: Tensor, x2: Tensor) => calcTime([x1, x2]);

export function vmapGradSuite(n: number): SuiteSpec {
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = (i % 1000) / 50 - 5;
    x2[i] = Math.floor(i / 1000) % 1000 / 50 - 2;
  }
  const g = vmap(grad(time2, { argnums: [0, 1] }));
  const batched = jit(g);
  const onJs = jit(g, { backend: "js" });
  const onWasm = jit(g, { backend: "wasm" });
  const [h, d, v1, v2, v3] = [20, 10, 0.7, 0.3, 0.45];
  const hand = () => {
    const g1 = new Float64Array(n);
    const g2 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const a = x1[i];
      const b = x2[i];
      const r = h - a - b;
      const third = r / (v3 * Math.sqrt(r * r + d * d));
      g1[i] = a / (v1 * Math.sqrt(a * a + d * d)) - third;
      g2[i] = b / (v2 * Math.sqrt(b * b + d * d)) - third;
    }
    return [g1, g2];
  };
  const sample = (arrs: readonly ArrayLike<number>[]) => [arrs[0][0], arrs[1][0], arrs[0][n - 1], arrs[1][n >> 1]];
  return {
    name: `vmapped terrain gradient, N = ${n.toExponential(0)}`,
    description: "∂t/∂(x1, x2) at N start points (two Float64Arrays in, two arrays out)",
    reference: { name: "hand-written JS (Float64Array loop)", run: hand, answer: () => sample(hand()) },
    contenders: [
      {
        name: "jitgrad jit(vmap(grad)) (auto)",
        run: () => batched(x1, x2),
        answer: () => sample((batched(x1, x2) as Tensor[]).map((t) => t.toTypedArray())),
      },
      { name: "jitgrad jit(vmap(grad), { backend: \"wasm\" })", run: () => onWasm(x1, x2), answer: () => sample((onWasm(x1, x2) as Tensor[]).map((t) => t.toTypedArray())) },
      { name: "jitgrad jit(vmap(grad), { backend: \"js\" })", run: () => onJs(x1, x2), answer: () => sample((onJs(x1, x2) as Tensor[]).map((t) => t.toTypedArray())) },
    ],
  };
}
