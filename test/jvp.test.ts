import { describe, expect, it } from "vitest";
import { ArgumentError, PytreeError, type Tensor, jvp, linearize, makeJaxpr, np } from "../src";
import { expectClose } from "./helpers/assert";

describe("jvp and linearize", () => {
  it("jvp with numbers, Tensors and pytrees", () => {
    const [y, t] = jvp((x: Tensor) => np.sin(x), [0.5], [1]);
    expect(y).toBe(Math.sin(0.5));
    expect(t).toBe(Math.cos(0.5));
    const [yo, to] = jvp((p: { a: Tensor; b: Tensor }) => ({ s: p.a.mul(p.b) }), [{ a: np.array([1, 2]), b: np.array([3, 4]) }], [{ a: np.array([1, 0]), b: np.array([0, 1]) }]);
    expectClose(yo.s, [3, 8]);
    expectClose(to.s, [3, 2]);
  });

  it("tangents of integer primals are zero; mismatches are errors", () => {
    const [, t] = jvp((x: Tensor, n: Tensor) => x.mul(n.astype("float64")), [2, np.array(3, "int32")], [1, np.array(1, "int32")]);
    expect((t as Tensor).item()).toBe(3);
    expect(() => jvp((x: Tensor) => x, [np.ones([2])], [np.ones([3])])).toThrow(ArgumentError);
    expect(() => jvp((x: Tensor) => x, [np.ones([2])], [np.ones([3])])).toThrow(/tangent at \[0\] has shape f64\[3\], but its primal has f64\[2\]/);
    expect(() => jvp((x: Tensor) => x, [1] as never, [[1, 2]] as never)).toThrow(PytreeError);
  });

  it("linearize evaluates the primal once and keeps only the linear part", () => {
    let calls = 0;
    const f = (x: Tensor) => {
      calls++;
      return np.sin(x).mul(x);
    };
    const [y, fJvp] = linearize(f, 2);
    expect(y).toBe(Math.sin(2) * 2);
    expect(fJvp(1)).toBeCloseTo(Math.sin(2) + 2 * Math.cos(2), 14);
    expect(fJvp(2)).toBeCloseTo(2 * (Math.sin(2) + 2 * Math.cos(2)), 14);
    expect(calls).toBe(1);
    // Under an outer staging trace the linear map stages without sin or cos: they were
    // evaluated at linearisation and are constants of the linear program.
    const staged = makeJaxpr((t: Tensor) => fJvp(t))(1).toString();
    expect(staged).not.toContain("sin");
    expect(staged).toContain("mul");
  });
});
