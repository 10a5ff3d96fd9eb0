/**
 * Cumulative operations and the associative scan: against NumPy's cumprod and
 * maximum/minimum.accumulate (their documented behaviour: sequential running results) and
 * JAX's associative_scan docstring, with reverse, axes, int dtypes, signed zeros and NaN;
 * compiled bits; the derivative of a running max at ties (JAX's rule through the scan).
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, DTypeError, type Tensor, grad, jit, lax, np, vmap } from "../src";
import { expectIdentical } from "./helpers/assert";

const flat = (t: Tensor) => Array.from(t.toTypedArray());

describe("cumsum, cumprod, cummax, cummin", () => {
  const x = np.array([3, 1, 4, 1, 5, 9, 2, 6]);
  it("accumulate as NumPy does (np.cumprod, np.maximum.accumulate, np.minimum.accumulate)", () => {
    expect(np.cumprod(x).tolist()).toEqual([3, 3, 12, 12, 60, 540, 1080, 6480]);
    expect(lax.cummax(x).tolist()).toEqual([3, 3, 4, 4, 5, 9, 9, 9]);
    expect(lax.cummin(x).tolist()).toEqual([3, 1, 1, 1, 1, 1, 1, 1]);
    expect(lax.cumsum(x, 0, { reverse: true }).tolist()).toEqual([31, 28, 27, 23, 22, 17, 8, 6]);
    expect(lax.cummax(x, 0, { reverse: true }).tolist()).toEqual([9, 9, 9, 9, 9, 9, 6, 6]);
    const m = np.array([
      [1, 5],
      [4, 2],
      [3, 6],
    ]);
    expect(lax.cummax(m, 0).tolist()).toEqual([
      [1, 5],
      [4, 5],
      [4, 6],
    ]);
    expect(np.cumprod(m, 1).tolist()).toEqual([
      [1, 5],
      [4, 8],
      [3, 18],
    ]);
    expect(np.cumprod(np.array([2, 3, 4], "int32")).dtype).toBe("int32");
  });

  it("propagate NaN, wrap int32, and start from the identity (cumsum of -0 is +0, as XLA)", () => {
    expect(flat(lax.cummax(np.array([1, NaN, 3])))).toEqual([1, NaN, NaN]);
    expect(np.cumprod(np.array([65536, 65536], "int32")).tolist()).toEqual([65536, 0]);
    expect(Object.is(flat(np.cumsum(np.array([-0])))[0], 0)).toBe(true);
    expect(Object.is(flat(np.cumprod(np.array([-0])))[0], -0)).toBe(true);
  });

  it("compiled: the interpreter's bits, small (scalarized) and large", () => {
    for (const n of [6, 200]) {
      const v = np.sin(np.arange(n)).mul(3);
      const f = (a: Tensor) => [np.cumprod(a), lax.cummax(a, 0, { reverse: true }), lax.cummin(a), np.cumsum(a)];
      const want = f(v);
      (jit(f)(v) as Tensor[]).forEach((g, i) => expectIdentical(g, want[i]));
    }
  });

  it("differentiate through the associative scan: a tie in a running max shares the tangent", () => {
    // d/dx of cummax([x0, x1]) at x0 = x1: JAX's max rule splits ties 0.5/0.5.
    expect(grad((a: Tensor) => lax.cummax(a).slice(1))(np.array([2, 2])).tolist()).toEqual([0.5, 0.5]);
    // cumprod's gradient without dividing (exact at a zero).
    expect(grad((a: Tensor) => np.cumprod(a).sum())(np.array([2, 0, 3])).tolist()).toEqual([1, 8, 0]);
    expect(vmap((a: Tensor) => np.cumprod(a))(np.array([[1, 2], [3, 4]])).tolist()).toEqual([
      [1, 2],
      [3, 12],
    ]);
  });

  it("reject what they cannot take", () => {
    expect(() => lax.cumprod(np.array([true]))).toThrow(DTypeError);
    expect(() => lax.cummax(np.array(1))).toThrow(ArgumentError);
    expect(() => lax.cumsum(np.ones([2]), 3)).toThrow(/axis 3 is out of bounds/);
  });
});

describe("lax.associativeScan (JAX's docstring)", () => {
  it("partial sums, reversed partial sums, partial matrix products", () => {
    expect(lax.associativeScan(np.add, np.arange(4)).tolist()).toEqual([0, 1, 3, 6]);
    expect(lax.associativeScan(np.add, np.arange(4), { reverse: true }).tolist()).toEqual([6, 6, 5, 3]);
    const mats = np.array([
      [[1, 1], [0, 1]],
      [[1, 0], [2, 1]],
      [[0, 1], [1, 0]],
    ]);
    const prods = lax.associativeScan(np.matmul, mats);
    expect(prods.slice(2).tolist()).toEqual(np.matmul(np.matmul(mats.slice(0), mats.slice(1)), mats.slice(2)).tolist());
  });

  it("scans pytrees, along any axis, of any length", () => {
    for (const n of [1, 2, 3, 7, 16, 33]) {
      const a = np.arange(n).astype("float64");
      expect(lax.associativeScan(np.add, a).tolist()).toEqual(np.cumsum(a).tolist());
    }
    const out = lax.associativeScan((p: { s: Tensor; m: Tensor }, q: { s: Tensor; m: Tensor }) => ({ s: np.add(p.s, q.s), m: np.maximum(p.m, q.m) }), {
      s: np.ones([2, 3]),
      m: np.array([[1, 5, 2], [0, 3, 7]]),
    }, { axis: 1 });
    expect(out.s.tolist()).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(out.m.tolist()).toEqual([
      [1, 5, 5],
      [0, 3, 7],
    ]);
  });

  it("keeps signed zeros when interleaving", () => {
    expect(Object.is(flat(lax.associativeScan(np.maximum, np.array([-0, -1, -2])))[2], -0)).toBe(true);
  });
});
