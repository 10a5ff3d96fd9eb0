import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, lax, np } from "../src";
import { expectClose } from "./helpers/assert";

const a6 = () => np.arange(6).astype("float64");

describe("shape ops", () => {
  it("reshape with -1, ravel, flatten", () => {
    expect(np.reshape(a6(), [2, -1]).shape).toEqual([2, 3]);
    expect(np.ravel(np.ones([2, 3])).shape).toEqual([6]);
    expect(a6().reshape([3, 2]).flatten().tolist()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(() => np.reshape(a6(), [4, -1])).toThrow(ShapeError);
    expect(() => np.reshape(a6(), [-1, -1])).toThrow(ArgumentError);
  });

  it("transpose, T, swapaxes, moveaxis", () => {
    const x = a6().reshape([2, 3]);
    expect(np.transpose(x).tolist()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5],
    ]);
    expect(x.T.shape).toEqual([3, 2]);
    const y = np.arange(24).reshape([2, 3, 4]);
    expect(np.transpose(y, [1, 0, 2]).shape).toEqual([3, 2, 4]);
    expect(np.swapaxes(y, 0, 2).shape).toEqual([4, 3, 2]);
    expect(np.moveaxis(y, 0, -1).shape).toEqual([3, 4, 2]);
    expect(np.transpose(y, [2, 0, 1]).slice(1, 0).tolist()).toEqual([1, 5, 9]);
  });

  it("expandDims and squeeze", () => {
    expect(np.expandDims([1, 2], 0).shape).toEqual([1, 2]);
    expect(np.expandDims([1, 2], [0, -1]).shape).toEqual([1, 2, 1]);
    expect(np.squeeze(np.ones([1, 3, 1])).shape).toEqual([3]);
    expect(np.squeeze(np.ones([1, 3, 1]), -1).shape).toEqual([1, 3]);
    expect(() => np.squeeze(np.ones([2, 3]), 0)).toThrow(/axis 0 of shape \[2, 3\] has size 2/);
  });

  it("concatenate, stack, hstack, vstack", () => {
    expect(np.concatenate([[1, 2], [3]]).tolist()).toEqual([1, 2, 3]);
    expect(np.stack([[1, 2], [3, 4]], 1).tolist()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(np.hstack([[1], [2, 3]]).tolist()).toEqual([1, 2, 3]);
    expect(np.vstack([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
    expect(() => np.stack([[1, 2], [3]])).toThrow(/same shape/);
    expect(() => np.concatenate([np.ones([2, 2]), np.ones([3, 3])])).toThrow(/differ outside axis 0/);
  });

  it("split into sections or at indices", () => {
    expect(np.split(a6(), 3).map((t) => t.tolist())).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(np.split(a6(), [1, 4]).map((t) => t.tolist())).toEqual([[0], [1, 2, 3], [4, 5]]);
    expect(() => np.split(a6(), 4)).toThrow(/cannot be split into 4 equal sections/);
  });

  it("flip and roll", () => {
    expect(np.flip([1, 2, 3]).tolist()).toEqual([3, 2, 1]);
    expect(np.flip(a6().reshape([2, 3]), 1).tolist()).toEqual([
      [2, 1, 0],
      [5, 4, 3],
    ]);
    expect(np.roll([1, 2, 3, 4], 1).tolist()).toEqual([4, 1, 2, 3]);
    expect(np.roll([1, 2, 3, 4], -5).tolist()).toEqual([2, 3, 4, 1]);
    expect(np.roll(a6().reshape([2, 3]), 1, 1).tolist()).toEqual([
      [2, 0, 1],
      [5, 3, 4],
    ]);
    expect(np.roll(a6().reshape([2, 3]), [1, 1], [0, 1]).tolist()).toEqual([
      [5, 3, 4],
      [2, 0, 1],
    ]);
  });

  it("takeAlongAxis with negative and broadcast indices", () => {
    const x = np.array([
      [10, 30, 20],
      [60, 40, 50],
    ]);
    const idx = np.argmax(x, 1, { keepdims: true });
    expect(np.takeAlongAxis(x, idx, 1).tolist()).toEqual([[30], [60]]);
    expect(np.takeAlongAxis(x, np.array([[-1], [0]], "int32"), 1).tolist()).toEqual([[20], [60]]);
    expect(np.takeAlongAxis(x, np.array([[0, 2]], "int32"), 1).tolist()).toEqual([
      [10, 20],
      [60, 50],
    ]);
  });

  it("pad with constants", () => {
    expect(np.pad([1, 2], 1).tolist()).toEqual([0, 1, 2, 0]);
    expect(np.pad([[1]], [[0, 1], [1, 0]], { constantValues: 9 }).tolist()).toEqual([
      [9, 1],
      [9, 9],
    ]);
    expect(lax.pad(np.array([1, 2]), 0, [[1, 1, 1]]).tolist()).toEqual([0, 1, 0, 2, 0]);
    expect(lax.pad(np.array([1, 2, 3, 4]), 0, [[-1, -1, 0]]).tolist()).toEqual([2, 3]);
  });
});

describe("lax slicing", () => {
  it("slice with strides, indexInDim, dynamicSlice (clamped), dynamicUpdateSlice", () => {
    expect(lax.slice(np.arange(10), [2], [8], [3]).tolist()).toEqual([2, 5]);
    const m = np.arange(6).reshape([2, 3]);
    expect(lax.indexInDim(m, 1).shape).toEqual([1, 3]);
    expect(lax.indexInDim(m, 1, 0, { keepdims: false }).tolist()).toEqual([3, 4, 5]);
    expect(lax.indexInDim(m, -1, 1, { keepdims: false }).tolist()).toEqual([2, 5]);
    expect(lax.dynamicSlice(np.arange(10), [8], [3]).tolist()).toEqual([7, 8, 9]);
    expect(lax.dynamicSlice(m, [np.array(1, "int32"), 1], [1, 2]).tolist()).toEqual([[4, 5]]);
    expect(lax.dynamicUpdateSlice(np.zeros([5]), np.ones([2]), [1]).tolist()).toEqual([0, 1, 1, 0, 0]);
    expect(lax.dynamicUpdateSlice(np.zeros([5]), np.ones([2]), [4]).tolist()).toEqual([0, 0, 0, 1, 1]);
    expect(() => lax.indexInDim(m, 2)).toThrow(/index 2 is out of bounds for axis 0 of size 2/);
  });

  it("iota, select, dotGeneral with batch dims", () => {
    expect(lax.iota("int32", 3).tolist()).toEqual([0, 1, 2]);
    expect(lax.broadcastedIota("int32", [2, 2], 1).tolist()).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(lax.select(np.array([true, false]), np.array([1, 2]), np.array([3, 4])).tolist()).toEqual([1, 4]);
    const a = np.ones([4, 2, 3]);
    const b = np.ones([4, 3, 5]);
    expect(lax.dotGeneral(a, b, [[[2], [1]], [[0], [0]]]).shape).toEqual([4, 2, 5]);
    expectClose(lax.dotGeneral(a, b, [[[2], [1]], [[0], [0]]]).slice(0, 0, 0), 3);
  });
});
