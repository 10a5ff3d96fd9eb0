import { describe, expect, it } from "vitest";
import { AllocationError, ArgumentError, ShapeError, np } from "../src";
import { expectClose } from "./helpers/assert";

describe("creation", () => {
  it("array from numbers, booleans, nested arrays, typed arrays", () => {
    expect(np.array(3).shape).toEqual([]);
    expect(np.array(3).dtype).toBe("float64");
    expect(np.array(true).dtype).toBe("bool");
    expect(np.array([[1, 2], [3, 4]]).shape).toEqual([2, 2]);
    expect(np.array([true, false]).dtype).toBe("bool");
    expect(np.array(new Float32Array([1, 2])).dtype).toBe("float32");
    expect(np.array(new Int32Array([1, 2])).tolist()).toEqual([1, 2]);
    expect(np.array([1.7, -1.7], "int32").tolist()).toEqual([1, -1]);
    expect(np.array([1, 2], { dtype: "float32" }).dtype).toBe("float32");
    expect(np.array([]).shape).toEqual([0]);
    expect(np.array([[], []]).shape).toEqual([2, 0]);
  });

  it("stacks Tensors inside nested arrays", () => {
    const r = np.array([np.array([1, 2]), np.array([3, 4])]);
    expect(r.shape).toEqual([2, 2]);
    expect(r.tolist()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(np.array([np.array(1), 2]).tolist()).toEqual([1, 2]);
  });

  it("rejects ragged and non-numeric data", () => {
    expect(() => np.array([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => np.array([[1, 2], [3]])).toThrow(/ragged nested array: the entry at \[1\] has length 1, expected length 2/);
    expect(() => np.array(["a"] as never)).toThrow(/the entry at \[0\] is "a"/);
    expect(() => np.array([[[1], [2]], [[3], [null]]] as never)).toThrow(/the entry at \[1\]\[1\]\[0\] is null/);
  });

  it("zeros, ones, full and the *Like variants", () => {
    expect(np.zeros([2, 3]).tolist()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(np.ones(2, "int32").dtype).toBe("int32");
    expect(np.full([2], 7).tolist()).toEqual([7, 7]);
    expect(np.full([2, 2], [1, 2]).tolist()).toEqual([
      [1, 2],
      [1, 2],
    ]);
    expect(np.zerosLike(np.ones([2], "float32")).dtype).toBe("float32");
    expect(np.onesLike([1, 2]).tolist()).toEqual([1, 1]);
    expect(np.fullLike([1, 2], 5).tolist()).toEqual([5, 5]);
    expect(() => np.zeros([2, -1])).toThrow(ArgumentError);
  });

  it("refuses arrays too large to allocate, before allocating", () => {
    expect(() => np.zeros([1e6, 1e6])).toThrow(AllocationError);
    expect(() => np.zeros([1e6, 1e6])).toThrow(/shape \[1000000, 1000000\] and dtype float64 needs 8\.00e\+12 bytes/);
  });

  it("arange, linspace, eye, identity", () => {
    expect(np.arange(4).tolist()).toEqual([0, 1, 2, 3]);
    expect(np.arange(4).dtype).toBe("int32");
    expectClose(np.arange(0, 1, 0.25), [0, 0.25, 0.5, 0.75]);
    expect(np.arange(5, 1, -2).tolist()).toEqual([5, 3]);
    expectClose(np.linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
    expectClose(np.linspace(0, 1, 4, { endpoint: false }), [0, 0.25, 0.5, 0.75]);
    expect(np.eye(2, 3, 1).tolist()).toEqual([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(np.identity(2).tolist()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(() => np.arange(0, 1, 0)).toThrow(/step must not be zero/);
  });

  it("converts back to JS", () => {
    const x = np.array([[1, 2]], "float32");
    expect(x.tolist()).toEqual([[1, 2]]);
    expect(x.toTypedArray()).toBeInstanceOf(Float32Array);
    expect(np.array(2.5).item()).toBe(2.5);
    expect(np.array(false).item()).toBe(false);
    expect(() => x.item()).toThrow(/only a 0-d tensor has one item/);
    expect(String(np.array([1, 2]))).toBe("Tensor(f64[2], [1, 2])");
    expect(Number(np.array(4))).toBe(4);
    expect(np.array(3) > np.array(2)).toBe(true);
  });
});
