import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, type Tensor, lax, np } from "../src";
import { expectClose, flat } from "./helpers/assert";

describe("unary math against known values", () => {
  const cases: [string, (x: number[]) => ReturnType<typeof np.sqrt>, number[], number[]][] = [
    ["sqrt", np.sqrt, [0, 4, 2.25, -1], [0, 2, 1.5, NaN]],
    ["cbrt", np.cbrt, [27, -8], [3, -2]],
    ["exp", np.exp, [0, 1, -Infinity], [1, Math.E, 0]],
    ["exp2", np.exp2, [3, -1], [8, 0.5]],
    ["log", np.log, [1, Math.E, 0, -1], [0, 1, -Infinity, NaN]],
    ["log2", np.log2, [8, 1], [3, 0]],
    ["log10", np.log10, [100, 1], [2, 0]],
    ["log1p", np.log1p, [0, 1e-20], [0, 1e-20]],
    ["expm1", np.expm1, [0, 1e-20], [0, 1e-20]],
    ["sin", np.sin, [0, Math.PI / 2], [0, 1]],
    ["cos", np.cos, [0, Math.PI], [1, -1]],
    ["tan", np.tan, [0, Math.PI / 4], [0, 1]],
    ["arcsin", np.arcsin, [1, 0], [Math.PI / 2, 0]],
    ["arccos", np.arccos, [1, -1], [0, Math.PI]],
    ["arctan", np.arctan, [1, Infinity], [Math.PI / 4, Math.PI / 2]],
    ["sinh", np.sinh, [0, 1], [0, (Math.E - 1 / Math.E) / 2]],
    ["cosh", np.cosh, [0, 1], [1, (Math.E + 1 / Math.E) / 2]],
    ["tanh", np.tanh, [0, Infinity, -Infinity], [0, 1, -1]],
    ["arcsinh", np.arcsinh, [0, Math.sinh(2)], [0, 2]],
    ["arccosh", np.arccosh, [1, Math.cosh(2)], [0, 2]],
    ["arctanh", np.arctanh, [0, Math.tanh(0.5)], [0, 0.5]],
    ["abs", np.abs, [-3, 2, -0], [3, 2, 0]],
    ["negative", np.negative, [1, -2], [-1, 2]],
    ["sign", np.sign, [-3, 0, 2], [-1, 0, 1]],
    ["square", np.square, [3, -1.5], [9, 2.25]],
    ["reciprocal", np.reciprocal, [4, -0.5], [0.25, -2]],
    ["floor", np.floor, [1.5, -1.5], [1, -2]],
    ["ceil", np.ceil, [1.5, -1.5], [2, -1]],
    ["round", np.round, [0.5, 1.5, 2.5, -0.5, 2.6], [0, 2, 2, -0, 3]],
    ["trunc", np.trunc, [1.7, -1.7], [1, -1]],
  ];
  for (const [name, f, input, expected] of cases) {
    it(name, () => {
      const r = f(input);
      expect(r.dtype).toBe("float64");
      expectClose(r, expected, 1e-15, 1e-15);
    });
  }

  it("keeps the sign of zero and NaN where IEEE does", () => {
    expect(Object.is(flat(np.round([-0.4]))[0], -0)).toBe(true);
    expect(Object.is(flat(np.negative([0]))[0], -0)).toBe(true);
    expect(Object.is(flat(np.sign([-0]))[0], -0)).toBe(true);
    expect(flat(np.sign([NaN]))[0]).toBeNaN();
  });

  it("promotes ints to float64 for inexact ops but keeps them for abs/neg/square", () => {
    const i = np.array([4, 9], "int32");
    expect(np.sqrt(i).dtype).toBe("float64");
    expect(np.abs(i).dtype).toBe("int32");
    expect(np.square(i).dtype).toBe("int32");
    expect(np.floor(i).dtype).toBe("int32");
  });
});

describe("binary arithmetic", () => {
  it("adds, subtracts, multiplies, divides with broadcasting", () => {
    expectClose(np.add([1, 2], 10), [11, 12]);
    expectClose(np.subtract(20, np.array([1, 2])), [19, 18]);
    expectClose(np.multiply([[1], [2]], [3, 4]), [
      [3, 4],
      [6, 8],
    ]);
    expectClose(np.divide([1, 3], 4), [0.25, 0.75]);
  });

  it("true-divides ints into float64, as jnp.divide", () => {
    const r = np.divide(np.array([1, 3], "int32"), np.array([2, 2], "int32"));
    expect(r.dtype).toBe("float64");
    expectClose(r, [0.5, 1.5]);
  });

  it("remainder follows the divisor's sign, fmod the dividend's", () => {
    expectClose(np.remainder([5, -5, 5, -5], [3, 3, -3, -3]), [2, 1, -1, -2]);
    expectClose(np.fmod([5, -5], [3, 3]), [2, -2]);
    expect(flat(np.remainder(np.array([-7], "int32"), 3))).toEqual([2]);
  });

  it("floor-divides floats and ints like Python", () => {
    expectClose(np.floorDivide([7, -7, 7.5], [2, 2, 2]), [3, -4, 3]);
    expect(flat(np.floorDivide(np.array([7, -7, -8], "int32"), 2))).toEqual([3, -4, -4]);
  });

  it("power: integer exponents use integer_pow, others pow", () => {
    expectClose(np.power([2, 3], 2), [4, 9]);
    expectClose(np.power([2, 4], 0.5), [Math.SQRT2, 2]);
    expectClose(np.power(2, [1, 2, 3]), [2, 4, 8]);
    expectClose(np.power([2], -2), [0.25]);
    expect(np.power(np.array([3], "int32"), 3).dtype).toBe("int32");
    expect(flat(np.power(np.array([3], "int32"), 3))).toEqual([27]);
  });

  it("maximum/minimum propagate NaN", () => {
    expect(flat(np.maximum([NaN, 1], [1, NaN]))).toEqual([NaN, NaN]);
    expectClose(np.minimum([1, 5], 3), [1, 3]);
  });

  it("arctan2 and hypot", () => {
    expectClose(np.arctan2(1, 1), Math.PI / 4);
    expectClose(np.hypot(3, 4), 5);
  });

  it("int32 arithmetic wraps like two's complement, multiplication included", () => {
    const big = np.array([2147483647], "int32");
    expect(flat(np.add(big, 1))).toEqual([-2147483648]);
    expect(flat(np.multiply(np.array([65536], "int32"), 65536))).toEqual([0]);
    expect(flat(np.multiply(np.array([123456789], "int32"), 987654321))).toEqual([Math.imul(123456789, 987654321)]);
  });

  it("float32 results round to float32 after every op", () => {
    const a = np.array([0.1], "float32");
    const r = np.add(a, 0.2);
    expect(r.dtype).toBe("float32");
    expect(flat(r)[0]).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
  });

  it("names both shapes when broadcasting fails", () => {
    expect(() => np.add(np.ones([2, 3]), np.ones([4]))).toThrow(ShapeError);
    expect(() => np.add(np.ones([2, 3]), np.ones([4]))).toThrow(/np\.add: shapes \[2, 3\] and \[4\] cannot be broadcast/);
  });
});

describe("comparisons and logic", () => {
  it("compare to bool", () => {
    const x = np.array([1, 2, 3]);
    expect(np.greater(x, 2).tolist()).toEqual([false, false, true]);
    expect(np.greaterEqual(x, 2).tolist()).toEqual([false, true, true]);
    expect(np.less(x, 2).tolist()).toEqual([true, false, false]);
    expect(np.lessEqual(x, 2).tolist()).toEqual([true, true, false]);
    expect(np.equal(x, 2).tolist()).toEqual([false, true, false]);
    expect(np.notEqual(x, 2).tolist()).toEqual([true, false, true]);
    expect(np.equal([NaN], [NaN]).tolist()).toEqual([false]);
  });

  it("logical ops treat non-zero as true", () => {
    expect(np.logicalAnd([1, 0, 2], [true, true, false]).tolist()).toEqual([true, false, false]);
    expect(np.logicalOr([0, 0], [0, 3]).tolist()).toEqual([false, true]);
    expect(np.logicalXor([true, true], [true, false]).tolist()).toEqual([false, true]);
    expect(np.logicalNot([0, 5]).tolist()).toEqual([true, false]);
  });

  it("isnan / isinf / isfinite", () => {
    const x = [1, NaN, Infinity, -Infinity];
    expect(np.isnan(x).tolist()).toEqual([false, true, false, false]);
    expect(np.isinf(x).tolist()).toEqual([false, false, true, true]);
    expect(np.isfinite(x).tolist()).toEqual([true, false, false, false]);
  });

  it("where broadcasts all three operands", () => {
    expect(np.where([true, false], 1, [5, 6]).tolist()).toEqual([1, 6]);
    expect(np.where([[true], [false]], [1, 2], 0).tolist()).toEqual([
      [1, 2],
      [0, 0],
    ]);
  });

  it("clip with either bound", () => {
    expect(np.clip([-1, 2, 5], 0, 3).tolist()).toEqual([0, 2, 3]);
    expect(np.clip([-1, 5], null, 3).tolist()).toEqual([-1, 3]);
  });
});

describe("lax elementwise functions (no promotion, no broadcasting)", () => {
  const f64 = (xs: number[]) => np.array(xs);
  const unary: [string, (x: Tensor) => Tensor, number[], number[]][] = [
    ["exp2", lax.exp2, [3, -1], [8, 0.5]],
    ["asin", lax.asin, [1, 0], [Math.PI / 2, 0]],
    ["acos", lax.acos, [1, -1], [0, Math.PI]],
    ["atan", lax.atan, [1, Infinity], [Math.PI / 4, Math.PI / 2]],
    ["sinh", lax.sinh, [0, 1], [0, Math.sinh(1)]],
    ["cosh", lax.cosh, [0, 1], [1, Math.cosh(1)]],
    ["asinh", lax.asinh, [0, Math.sinh(2)], [0, 2]],
    ["acosh", lax.acosh, [1, Math.cosh(2)], [0, 2]],
    ["atanh", lax.atanh, [0, Math.tanh(0.5)], [0, 0.5]],
    ["cbrt", lax.cbrt, [27, -8], [3, -2]],
  ];
  for (const [name, f, input, expected] of unary) {
    it(name, () => expectClose(f(f64(input)), expected, 1e-15, 1e-15));
  }

  it("round: halves away from zero by default, to even on request (JAX's lax.round)", () => {
    expect(lax.round(f64([0.5, 1.5, -2.5, 2.4])).tolist()).toEqual([1, 2, -3, 2]);
    expect(lax.round(f64([0.5, 1.5, -2.5]), lax.RoundingMethod.TO_NEAREST_EVEN).tolist()).toEqual([0, 2, -2]);
    expect(() => lax.round(f64([1]), 2 as 0)).toThrow(ArgumentError);
  });

  it("isFinite and the bitwise ops", () => {
    expect(lax.isFinite(f64([1, Infinity, NaN, -Infinity])).tolist()).toEqual([true, false, false, false]);
    const a = np.array([12, -1], "int32");
    const b = np.array([10, 5], "int32");
    expect(lax.bitwiseNot(a).tolist()).toEqual([-13, 0]);
    expect(lax.bitwiseAnd(a, b).tolist()).toEqual([8, 5]);
    expect(lax.bitwiseOr(a, b).tolist()).toEqual([14, -1]);
    expect(lax.bitwiseXor(a, b).tolist()).toEqual([6, -6]);
    expect(lax.bitwiseNot(np.array([true, false])).tolist()).toEqual([false, true]);
  });

  it("rejects dtypes the primitive does not take, naming it", () => {
    expect(() => lax.exp2(np.array([1], "int32"))).toThrow(/exp2: expected a floating dtype \(float32 or float64\), got i32\[1\]/);
    expect(() => lax.bitwiseNot(f64([1]))).toThrow(/not: expected int32 or bool, got f64\[1\]/);
  });
});
