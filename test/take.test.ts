/**
 * np.take, np.takeAlongAxis, np.put, np.putAlongAxis against the examples in JAX's
 * docstrings (jax/_src/numpy/indexing.py: `take`, `take_along_axis`, `put`,
 * `put_along_axis`), with their out-of-bounds modes, derivatives and compiled forms.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, type Tensor, grad, jit, np, vmap } from "../src";
import { expectIdentical } from "./helpers/assert";

const x = np.array([
  [1, 2, 3],
  [4, 5, 6],
]);
const i32 = (v: unknown) => np.array(v as number[], "int32");
const flat = (t: Tensor) => Array.from(t.toTypedArray());

describe("np.take (jnp.take's docstring)", () => {
  it("indexes the flattened array without an axis, and along an axis with one", () => {
    expect(np.take(x, i32([2, 0])).tolist()).toEqual([3, 1]);
    expect(np.take(x, i32([2, 0]), 1).tolist()).toEqual([
      [3, 1],
      [6, 4],
    ]);
  });
  it("fills out-of-bounds indices with NaN by default, clips in 'clip' mode, wraps in 'wrap' mode", () => {
    expect(flat(np.take(x, i32([2, 0]), 0))).toEqual([NaN, NaN, NaN, 1, 2, 3]);
    expect(np.take(x, i32([2, 0]), 0, { mode: "clip" }).tolist()).toEqual([
      [4, 5, 6],
      [1, 2, 3],
    ]);
    expect(np.take(x, i32([3, -1]), 1, { mode: "wrap" }).tolist()).toEqual([
      [1, 3],
      [4, 6],
    ]);
    expect(np.take(x, i32([-1]), 1).tolist()).toEqual([[3], [6]]);
    expect(np.take(x, i32([7]), 1, { fillValue: 0 }).tolist()).toEqual([[0], [0]]);
  });
  it("takes an index array of any shape", () => {
    expect(np.take(np.arange(5), i32([[0, 4], [1, 1]])).shape).toEqual([2, 2]);
    expect(np.take(x, i32([[0, 1]]), 1).shape).toEqual([2, 1, 2]);
  });
  it("rejects float and bool indices", () => {
    expect(() => np.take(x, np.array([0.5]))).toThrow(ArgumentError);
    expect(() => np.take(x, np.array([true]))).toThrow(/np.nonzero/);
  });
});

describe("np.takeAlongAxis (jnp.take_along_axis's docstring)", () => {
  it("picks along an axis", () => {
    expect(np.takeAlongAxis(x, i32([[0, 2], [1, 0]]), 1).tolist()).toEqual([
      [1, 3],
      [5, 4],
    ]);
    expect(flat(np.takeAlongAxis(x, i32([[1, 0, 2]]), 0))).toEqual([4, 2, NaN]);
    const y = np.array([
      [5, 3, 4],
      [2, 7, 6],
    ]).astype("int32");
    expect(np.takeAlongAxis(y, np.argsort(y, 1), 1).tolist()).toEqual([
      [3, 4, 5],
      [2, 6, 7],
    ]);
    expect(np.takeAlongAxis(y, np.argmin(y, 1, { keepdims: true }), 1).tolist()).toEqual([[3], [2]]);
  });
  it("broadcasts the other axes between the array and the indices", () => {
    expect(np.takeAlongAxis(x, i32([[2, 1]]), 1).tolist()).toEqual([
      [3, 2],
      [6, 5],
    ]);
  });
  it("rejects indices of another rank", () => {
    expect(() => np.takeAlongAxis(x, i32([0]), 1)).toThrow(ShapeError);
  });
  it("differentiates into a scatter-add and batches", () => {
    const f = (a: Tensor) => np.sum(np.square(np.takeAlongAxis(a, i32([[0, 0], [2, 1]]), 1)));
    expect(grad(f)(x).tolist()).toEqual([
      [4, 0, 0],
      [0, 10, 12],
    ]);
    const rows = vmap((r: Tensor) => np.takeAlongAxis(r, i32([2, 0]), 0))(x);
    expect(rows.tolist()).toEqual([
      [3, 1],
      [6, 4],
    ]);
    expectIdentical(jit(f)(x) as Tensor, f(x));
  });
});

describe("np.put and np.putAlongAxis (their jnp docstrings)", () => {
  it("puts at flat indices, repeating the values", () => {
    expect(np.put(np.zeros([5], "int32"), i32([0, 2, 4]), i32([10, 20, 30])).tolist()).toEqual([10, 0, 20, 0, 30]);
    expect(np.put(np.zeros([5], "int32"), i32([0, 2, 4]), 7).tolist()).toEqual([7, 0, 7, 0, 7]);
    expect(np.put(np.zeros([3, 5], "int32"), i32([0, 7, 14]), i32([10, 20, 30])).tolist()).toEqual([
      [10, 0, 0, 0, 0],
      [0, 0, 20, 0, 0],
      [0, 0, 0, 0, 30],
    ]);
  });
  it("drops out-of-bounds indices by default, clips or wraps on request", () => {
    const z = np.zeros([5], "int32");
    expect(np.put(z, i32([0, 2, 6]), i32([10, 20, 30])).tolist()).toEqual([10, 0, 20, 0, 0]);
    expect(np.put(z, i32([0, 2, 6]), i32([10, 20, 30]), { mode: "clip" }).tolist()).toEqual([10, 0, 20, 0, 30]);
    expect(np.put(z, i32([0, 2, 6]), i32([10, 20, 30]), { mode: "wrap" }).tolist()).toEqual([10, 30, 20, 0, 0]);
  });
  it("putAlongAxis inverts takeAlongAxis", () => {
    const a = np.array([
      [10, 30, 20],
      [60, 40, 50],
    ]);
    const ix = np.argmax(a, 1, { keepdims: true });
    expect(np.putAlongAxis(a, ix, 99, 1).tolist()).toEqual([
      [10, 99, 20],
      [99, 40, 50],
    ]);
  });
});
