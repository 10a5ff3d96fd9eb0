/** jax.nn's further activations against their scalar definitions, their derivatives, and errors. */
import { describe, expect, it } from "vitest";
import { ShapeError, type Tensor, grad, jit, nn, np, vmap } from "../src";
import { expectIdentical, flat } from "./helpers/assert";

const xs = [-7, -2.5, -1, -0.3, 0, 0.4, 1, 2.5, 6, 8];
const A = 1.6732632423543772848170429916717;
const L = 1.0507009873554804934193349852946;
const sig = (v: number) => 1 / (1 + Math.exp(-v));
const relu6 = (v: number) => Math.min(Math.max(v, 0), 6);

const DEFS: [string, (x: Tensor) => Tensor, (v: number) => number][] = [
  ["relu6", nn.relu6, relu6],
  ["elu", (x) => nn.elu(x), (v) => (v > 0 ? v : Math.expm1(v))],
  ["elu α=0.5", (x) => nn.elu(x, 0.5), (v) => (v > 0 ? v : 0.5 * Math.expm1(v))],
  ["celu α=2", (x) => nn.celu(x, 2), (v) => Math.max(v, 0) + 2 * Math.expm1(Math.min(v, 0) / 2)],
  ["selu", nn.selu, (v) => L * (v > 0 ? v : A * Math.expm1(v))],
  ["leakyRelu", (x) => nn.leakyRelu(x), (v) => (v >= 0 ? v : 0.01 * v)],
  ["hardTanh", nn.hardTanh, (v) => Math.min(Math.max(v, -1), 1)],
  ["hardSigmoid", nn.hardSigmoid, (v) => relu6(v + 3) / 6],
  ["hardSilu", nn.hardSilu, (v) => (v * relu6(v + 3)) / 6],
  ["swish", nn.swish, (v) => v * sig(v)],
  ["softSign", nn.softSign, (v) => v / (Math.abs(v) + 1)],
  ["squareplus", (x) => nn.squareplus(x), (v) => (v + Math.sqrt(v * v + 4)) / 2],
  ["sparsePlus", nn.sparsePlus, (v) => (v <= -1 ? 0 : v >= 1 ? v : (v + 1) ** 2 / 4)],
  ["sparseSigmoid", nn.sparseSigmoid, (v) => (v <= -1 ? 0 : v >= 1 ? 1 : (v + 1) / 2)],
];

describe("jax.nn activations", () => {
  for (const [name, f, def] of DEFS) {
    it(`${name}: values, gradients against finite differences, jit and vmap`, () => {
      const x = np.array(xs);
      flat(f(x)).forEach((v, i) => expect(Math.abs(v - def(xs[i]))).toBeLessThanOrEqual(1e-15 * Math.max(1, Math.abs(def(xs[i])))));
      const g = vmap(grad((t: Tensor) => f(t)))(x);
      // Away from the kinks (0, ±1, −3, 3, 6), the derivative is the slope of the definition.
      const smooth = xs.map((v, i) => [v, i] as const).filter(([v]) => ![0, 1, -1, 3, -3, 6].includes(v));
      for (const [v, i] of smooth) {
        const h = 1e-6;
        const fd = (def(v + h) - def(v - h)) / (2 * h);
        expect(Math.abs(flat(g)[i] - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
      expectIdentical(jit(f)(x), f(x));
    });
  }
  it("relu6's derivative is 0 at 0 and at 6, as JAX's custom rule", () => {
    expect(flat(vmap(grad((t: Tensor) => nn.relu6(t)))(np.array([0, 3, 6])))).toEqual([0, 1, 0]);
  });
  it("glu gates the first half by the sigmoid of the second; standardize is JAX's", () => {
    const x = np.array([[1, -2, 0.5, 3], [0, 1, 2, -1]]);
    const want = [1 * sig(0.5), -2 * sig(3), 0 * sig(2), 1 * sig(-1)];
    flat(nn.glu(x)).forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-15));
    expect(() => nn.glu(np.ones([3]))).toThrow(ShapeError);
    const s = nn.standardize(x);
    const row = [1, -2, 0.5, 3];
    const m = row.reduce((a, b) => a + b) / 4;
    const v = row.reduce((a, b) => a + b * b, 0) / 4 - m * m;
    flat(s.slice(0)).forEach((y, i) => expect(Math.abs(y - (row[i] - m) / Math.sqrt(v + 1e-5))).toBeLessThan(1e-14));
    expectIdentical(nn.standardize(x, -1, { mean: 0, variance: 1, epsilon: 0 }), x);
  });
});
