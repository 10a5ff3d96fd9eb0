/**
 * Window reductions and pooling: lax.reduceWindow and nn.maxPool/minPool/avgPool against a
 * NumPy reference of XLA's ReduceWindow (`reference/numpy/window.json`, from
 * `reference/scripts/window.py`), then derivatives (finite differences, the first maximum
 * taking the gradient, vjp = jvp), vmap, jit bit for bit, and errors.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, type Tensor, TransformError, grad, jit, jvp, lax, nn, np, vjp, vmap } from "../src";
import { expectIdentical, flat } from "./helpers/assert";
import { rng, uniform } from "./helpers/random";
import { type Arr, loadCases, num, referenceSuite } from "./helpers/reference";

type In = Record<string, Tensor>;
const logaddexp = (a: Tensor, b: Tensor) => np.logaddexp(a, b);

const CALLS: Record<string, (i: In) => Tensor> = {
  "maxPool 2x2 stride 2": ({ x }) => nn.maxPool(x, [2, 2], { strides: [2, 2] }),
  "avgPool 3x3 SAME": ({ x }) => nn.avgPool(x, [3, 3], { padding: "SAME" }),
  "avgPool 3x3 SAME without padding": ({ x }) => nn.avgPool(x, [3, 3], { padding: "SAME", countIncludePad: false }),
  "minPool SAME_LOWER strides": ({ x }) => lax.reduceWindow(x, Infinity, lax.min, [1, 2, 3, 1], [1, 2, 2, 1], "SAME_LOWER"),
  "sum with dilations and negative padding": ({ v }) => lax.reduceWindow(v, 0, lax.add, [3], [2], [[-1, 3]], [2], [2]),
  "max with base dilation": ({ m }) => lax.reduceWindow(m, -Infinity, lax.max, [2, 3], [1, 2], [[1, 0], [0, 2]], [2, 1], [1, 1]),
  "product (a general monoid)": ({ m }) => lax.reduceWindow(m, 1, lax.mul, [2, 2], [1, 1], [[0, 1], [1, 0]], [1, 1], [1, 2]),
  "logaddexp (a general monoid)": ({ v }) => lax.reduceWindow(v, -Infinity, logaddexp, [4], [1], [[2, 1]]),
};

function close(got: Tensor, want: Arr, what: string): void {
  expect(got.shape, what).toEqual(want.shape);
  const w = want.data.map(num);
  flat(got).forEach((v, i) => {
    if (!Number.isFinite(w[i])) expect(v, `${what} [${i}]`).toBe(w[i]);
    else if (Math.abs(v - w[i]) > 1e-12 * Math.max(1, Math.abs(w[i]))) expect.fail(`${what} [${i}]: ${v} vs ${w[i]}`);
  });
}

referenceSuite("window reductions against the NumPy reference", loadCases("window.json"), CALLS, (got, want, what) => close(got, want, what));

const randn = (shape: number[], seed: number) => uniform(rng(seed), shape, -2, 2);

const FUNCS: [string, number[], (x: Tensor) => Tensor][] = [
  ["maxPool", [2, 5, 6, 2], (x) => nn.maxPool(x, [2, 3], { strides: [2, 1], padding: "SAME" })],
  ["minPool", [1, 4, 4, 3], (x) => nn.minPool(x, [3, 3], { padding: [[1, 0], [0, 1]] })],
  ["avgPool", [2, 5, 5, 2], (x) => nn.avgPool(x, [2, 2], { strides: [2, 2], padding: "SAME", countIncludePad: false })],
  ["sum with dilations", [2, 9], (x) => lax.reduceWindow(x, 0, lax.add, [1, 3], [1, 2], [[0, 0], [-1, 3]], [1, 2], [1, 2])],
  ["max with base dilation", [4, 5], (x) => lax.reduceWindow(x, -Infinity, lax.max, [2, 3], [1, 2], [[1, 0], [0, 2]], [2, 1])],
  ["general monoid (logaddexp)", [2, 7], (x) => lax.reduceWindow(x, -Infinity, logaddexp, [1, 3], [1, 2], "SAME")],
];

describe("window derivatives", () => {
  for (const [name, shape, f] of FUNCS) {
    it(`${name}: grad against finite differences, jvp = vjp, jit(grad) the same bits`, () => {
      const x = randn(shape, 3);
      const dx = randn(shape, 4);
      const g = (t: Tensor) => np.sum(np.sin(f(t)));
      const gx = grad(g)(x);
      const h = 1e-6;
      const fd = ((g(np.add(x, np.multiply(dx, h))).item() as number) - (g(np.subtract(x, np.multiply(dx, h))).item() as number)) / (2 * h);
      expect(Math.abs(fd - (np.sum(np.multiply(gx, dx)).item() as number))).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      const [y, t] = jvp(f, [x], [dx]);
      const ct = randn([...y.shape], 5);
      const [, pull] = vjp(f, x);
      const [cx] = pull(ct) as [Tensor];
      const a = np.sum(np.multiply(ct, t)).item() as number;
      const b = np.sum(np.multiply(cx, dx)).item() as number;
      expect(Math.abs(a - b)).toBeLessThan(1e-12 * Math.max(1, Math.abs(a)));
      expectIdentical(jit(grad(g))(x), gx);
      // Second order through the selections (their JVPs and transposes).
      const hv = jvp(grad(g), [x], [dx])[1];
      expectIdentical(jit((u: Tensor, v: Tensor) => jvp(grad(g), [u], [v])[1] as Tensor)(x, dx), hv as Tensor);
    });
  }
  it("a tied window gives its whole gradient to the first maximum, as XLA's select does", () => {
    const x = np.array([[1, 3, 3, 2]]);
    expect(flat(grad((t: Tensor) => np.sum(lax.reduceWindow(t, -Infinity, lax.max, [1, 4], [1, 1], "VALID")))(x))).toEqual([0, 1, 0, 0]);
    // Overlapping windows add their cotangents where they pick the same element.
    expect(flat(grad((t: Tensor) => np.sum(lax.reduceWindow(t, -Infinity, lax.max, [1, 2], [1, 1], "VALID")))(np.array([[1, 5, 2, 4]])))).toEqual([0, 2, 0, 1]);
  });
  it("refuses reverse mode through max with window dilation, as JAX does", () => {
    const f = (t: Tensor) => np.sum(lax.reduceWindow(t, -Infinity, lax.max, [3], [1], "VALID", null, [2]));
    expect(() => grad(f)(np.arange(8).astype("float64"))).toThrow(TransformError);
    expect(jvp(f, [np.arange(8).astype("float64")], [np.ones([8])])[1].item()).toBe(4);
  });
});

describe("windows under vmap and jit", () => {
  for (const [name, shape, f] of FUNCS) {
    it(`${name}: vmap is the loop and jit the interpreter, bit for bit`, () => {
      const X = randn([3, ...shape], 7);
      expectIdentical(vmap(f)(X), np.stack([0, 1, 2].map((i) => f(X.slice(i)))));
      expectIdentical(vmap(f, { inAxes: shape.length })(np.moveaxis(X, 0, -1)), vmap(f)(X));
      expectIdentical(jit(f)(X.slice(0)), f(X.slice(0)));
      const g = (t: Tensor) => np.sum(np.sin(f(t)));
      expectIdentical(jit(vmap(grad(g)))(X), np.stack([0, 1, 2].map((i) => grad(g)(X.slice(i)))));
    });
  }
  it("pools an unbatched image as a batch of one; int32 max pooling", () => {
    const img = randn([4, 4, 2], 9);
    expectIdentical(nn.maxPool(img, [2, 2], { strides: [2, 2] }), nn.maxPool(img.reshape([1, 4, 4, 2]), [2, 2], { strides: [2, 2] }).reshape([2, 2, 2]));
    const ints = np.array([[1, -7, 3], [4, 0, -2]], "int32").reshape([1, 2, 3, 1]);
    expect(flat(nn.maxPool(ints, [2, 2]))).toEqual([4, 3]);
    expect(nn.maxPool(ints, [2, 2]).dtype).toBe("int32");
  });
});

describe("window errors", () => {
  it("names the operation and what to change", () => {
    expect(() => nn.maxPool(np.ones([4, 4]), [2, 2])).toThrow(ShapeError);
    expect(() => nn.maxPool(np.ones([1, 4, 4, 1]), [2, 2], { strides: [2] })).toThrow(/strides must have one entry per spatial axis/);
    expect(() => lax.reduceWindow(np.ones([4]), 0, lax.add, [2, 2], [1], "VALID")).toThrow(/windowDimensions must be 1/);
    expect(() => lax.reduceWindow(np.ones([4]), 0, lax.add, [2], [1], "FULL" as never)).toThrow(ArgumentError);
    expect(() => lax.reduceWindow(np.ones([4]), np.zeros([2]), lax.add, [2], [1], "VALID")).toThrow(/initial value must be 0-d/);
  });
});
