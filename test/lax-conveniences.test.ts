/**
 * jax.lax's convenience forms against the np functions they match (themselves checked
 * against NumPy), under jit (the interpreter's bits) and grad, and their errors.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, type Tensor, grad, jit, lax, np } from "../src";
import { expectIdentical, flat } from "./helpers/assert";

const x = np.array([
  [0.5, -2, 3.25, 1],
  [4, 0, -1.5, 2.5],
  [-3, 7, 0.25, -0.5],
]);

describe("lax conveniences", () => {
  it("reductions over axes, argmax and argmin match np", () => {
    expectIdentical(lax.reduceSum(x, [1]), np.sum(x, 1));
    expectIdentical(lax.reduceMax(x, [0]), np.max(x, 0));
    expectIdentical(lax.reduceMin(x, [-1]), np.min(x, -1));
    expectIdentical(lax.reduceProd(x, [0, 1]), np.prod(x));
    expectIdentical(lax.reduceAnd(np.greater(x, -4), [1]), np.all(np.greater(x, -4), 1));
    expectIdentical(lax.reduceOr(np.greater(x, 5), [0]), np.any(np.greater(x, 5), 0));
    expectIdentical(lax.argmax(x, 1), np.argmax(x, 1));
    expectIdentical(lax.argmin(x, 0), np.argmin(x, 0));
  });

  it("clamp, the InDim slices and updates, broadcasts and reshapes match their np forms", () => {
    expectIdentical(lax.clamp(-1, x, 2), np.clip(x, -1, 2));
    expectIdentical(lax.clamp(np.fullLike(x, -1), x, 2), np.clip(x, -1, 2));
    expectIdentical(lax.sliceInDim(x, 1, 4, 2, 1), x.slice([], [1, 4, 2]));
    expectIdentical(lax.sliceInDim(x, -2, 3, 1, 0), x.slice([-2, 3]));
    expectIdentical(lax.dynamicSliceInDim(x, np.array(2, "int32"), 2, 1), x.slice([], [2, 4]));
    expectIdentical(lax.dynamicIndexInDim(x, 1, 0, { keepdims: false }), x.slice(1));
    expect(lax.dynamicIndexInDim(x, 1).shape).toEqual([1, 4]);
    expectIdentical(lax.dynamicUpdateSliceInDim(x, np.zeros([3, 2]), 1, 1), np.concatenate([x.slice([], [0, 1]), np.zeros([3, 2]), x.slice([], [3, 4])], 1));
    expectIdentical(lax.dynamicUpdateIndexInDim(x, np.ones([4]), 2, 0), np.concatenate([x.slice([0, 2]), np.ones([1, 4])], 0));
    expectIdentical(lax.broadcast(np.array([1, 2]), [3, 1]), np.broadcastTo(np.array([1, 2]), [3, 1, 2]));
    expect(lax.broadcastToRank(x, 4).shape).toEqual([1, 1, 3, 4]);
    expect(lax.expandDims(x, [0, 3]).shape).toEqual([1, 3, 4, 1]);
    expectIdentical(lax.collapse(np.ones([2, 3, 4]), 1), np.ones([2, 12]));
    expectIdentical(lax.full([2, 3], 1.5), np.full([2, 3], 1.5));
    expectIdentical(lax.fullLike(np.ones([2], "int32"), 7), np.array([7, 7], "int32"));
    expectIdentical(lax.zerosLikeArray(x), np.zerosLike(x));
  });

  it("dot and batchMatmul are matmul without broadcasting; sortKeyVal and topK sort stably", () => {
    expectIdentical(lax.dot(x, np.array([1, 2, 3, 4])), np.matmul(x, np.array([1, 2, 3, 4])));
    expectIdentical(lax.dot(np.array([1, 2, 3]), x), np.matmul(np.array([1, 2, 3]), x));
    const a = np.reshape(np.arange(24).astype("float64"), [2, 3, 4]);
    expectIdentical(lax.batchMatmul(a, np.transpose(a, [0, 2, 1])), np.matmul(a, np.transpose(a, [0, 2, 1])));
    const [k, v] = lax.sortKeyVal(np.array([3, 1, 2, 1]), np.array([30, 10, 20, 11]));
    expect([flat(k), flat(v)]).toEqual([
      [1, 1, 2, 3],
      [10, 11, 20, 30],
    ]);
    const [top, at] = lax.topK(x, 2);
    expect(flat(top)).toEqual([3.25, 1, 4, 2.5, 7, 0.25]);
    expect(flat(at)).toEqual([2, 3, 0, 3, 1, 2]);
    // Ties: the lower index first; int32 extremes and bools keep their order.
    expect(lax.topK(np.array([9, 1, 9, 9]), 3).map(flat)).toEqual([
      [9, 9, 9],
      [0, 2, 3],
    ]);
    expect(flat(lax.topK(np.array([-2147483648, 2147483647, 0], "int32"), 3)[0])).toEqual([2147483647, 0, -2147483648]);
    expect(flat(lax.topK(np.array([false, true, true]), 2)[1])).toEqual([1, 2]);
  });

  it("jit gives the interpreter's bits; grads flow through topK, clamp and the slices; stopGradient stops", () => {
    const f = (t: Tensor) => np.sum(np.add(np.multiply(lax.topK(t, 2)[0], 3), lax.clamp(-1, lax.dynamicSliceInDim(t, 1, 2, 1), 1)));
    expectIdentical(jit(f)(x), f(x));
    expectIdentical(jit(grad(f))(x), grad(f)(x));
    // d/dx: 3 on the top two of each row, 1 on the entries of columns 1 and 2 inside [-1, 1].
    expect(flat(grad(f)(x))).toEqual([0, 0, 3, 3, 3, 1, 0, 3, 0, 3, 4, 0]);
    expect(grad((t: Tensor) => np.sum(np.multiply(t, lax.stopGradient(t))))(np.array([2, 3])).tolist()).toEqual([2, 3]);
  });

  it("bad input gets typed errors naming the operation", () => {
    expect(() => lax.reduceSum(x, [2])).toThrow(/lax.reduceSum/);
    expect(() => lax.argmax(x, 5)).toThrow(/lax.argmax/);
    expect(() => lax.clamp(np.zeros([2]), x, 1)).toThrow(ShapeError);
    expect(() => lax.dot(np.ones([2, 2, 2]), np.ones([2]))).toThrow(/vectors or matrices/);
    expect(() => lax.batchMatmul(np.ones([2, 3, 4]), np.ones([3, 4, 2]))).toThrow(/same batch axes/);
    expect(() => lax.topK(x, 5)).toThrow(ArgumentError);
    expect(() => lax.topK(np.array(1), 1)).toThrow(/scalar/);
    expect(() => lax.collapse(x, 2, 1)).toThrow(/not a range/);
    expect(() => lax.broadcastToRank(x, 1)).toThrow(/at least x's rank/);
    expect(() => lax.full([2], np.ones([2]))).toThrow(/must be a scalar/);
  });
});
