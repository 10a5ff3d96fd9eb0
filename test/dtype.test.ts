import { describe, expect, it } from "vitest";
import { DTypeError, lax, np } from "../src";
import { castScalar, promoteTypes, weakTypeAgainst } from "../src/core/dtype";
import { flat } from "./helpers/assert";

describe("dtype promotion (JAX's lattice, JS numbers weak)", () => {
  it("strong types take the larger", () => {
    expect(promoteTypes("bool", "int32")).toBe("int32");
    expect(promoteTypes("int32", "float32")).toBe("float32");
    expect(promoteTypes("float32", "float64")).toBe("float64");
  });

  it("JS numbers adopt the other operand's type", () => {
    expect(weakTypeAgainst(2, "float32")).toBe("float32");
    expect(weakTypeAgainst(2, "int32")).toBe("int32");
    expect(weakTypeAgainst(2.5, "int32")).toBe("float64");
    expect(weakTypeAgainst(2, "bool")).toBe("int32");
    expect(weakTypeAgainst(true, "float32")).toBe("float32");
    expect(np.add(np.array([1], "float32"), 2.5).dtype).toBe("float32");
    expect(np.add(np.array([1], "int32"), 2).dtype).toBe("int32");
    expect(np.add(np.array([1], "int32"), 2.5).dtype).toBe("float64");
    expect(np.add(np.array([true]), 1).dtype).toBe("int32");
    expect(np.add(2, 3).dtype).toBe("float64");
  });

  it("arrays of different strong types promote", () => {
    expect(np.add(np.array([1], "int32"), np.array([1], "float32")).dtype).toBe("float32");
    expect(np.multiply(np.array([1], "float32"), np.array([1])).dtype).toBe("float64");
  });

  it("converts with XLA's rules: truncation, saturation, NaN to 0; NaN is truthy", () => {
    expect(castScalar(-1.7, "int32")).toBe(-1);
    expect(castScalar(3e10, "int32")).toBe(2147483647);
    expect(castScalar(-3e10, "int32")).toBe(-2147483648);
    expect(castScalar(NaN, "int32")).toBe(0);
    expect(castScalar(NaN, "bool")).toBe(1);
    expect(castScalar(0.1, "float32")).toBe(Math.fround(0.1));
    expect(flat(np.array([1.9, -1.9, 1e12]).astype("int32"))).toEqual([1, -1, 2147483647]);
    expect(np.array([0, 2, NaN]).astype("bool").tolist()).toEqual([false, true, true]);
  });

  it("rejects unknown dtypes and ops on the wrong dtype", () => {
    expect(() => np.zeros([2], "float16" as never)).toThrow(DTypeError);
    expect(() => np.zeros([2], "float16" as never)).toThrow(/unknown dtype "float16"/);
    expect(() => np.negative([true])).toThrow(/np\.negative: bools have no negative .* use np\.logicalNot/);
    expect(() => lax.neg(np.array([true]))).toThrow(/neg: expected a numeric dtype \(not bool\), got bool\[1\]/);
    expect(() => np.subtract([true], [false])).toThrow(/np\.subtract: bools have no subtraction/);
    // NumPy's bool arithmetic: + is or, * is and; abs and square are the identity.
    expect(np.add([true, false, false], [true, true, false]).tolist()).toEqual([true, true, false]);
    expect(np.multiply([true, false, true], [true, true, false]).tolist()).toEqual([true, false, false]);
    expect([np.abs([true, false]).tolist(), np.square([true, false]).tolist()]).toEqual([[true, false], [true, false]]);
  });
});
