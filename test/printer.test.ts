import { describe, expect, it } from "vitest";
import ref from "../reference/terrain-jax.json";
import { type Tensor, lax, makeJaxpr, np } from "../src";
import { pythonFloatRepr } from "../src/core/printer";
import { calcTime } from "../examples/terrain/terrain";

describe("jaxpr printer", () => {
  it("prints the terrain function exactly as JAX does", () => {
    expect(makeJaxpr(calcTime)(np.array([2, 17])).toString()).toBe(ref.jaxpr_calc_time);
  });

  it("uses the one-line form when it fits in 80 columns", () => {
    expect(makeJaxpr((x: Tensor) => np.sin(x).mul(2))(1).toString()).toBe(
      "{ lambda ; a:f64[]. let b:f64[] = sin a; c:f64[] = mul b 2.0:f64[] in (c,) }",
    );
    expect(makeJaxpr((x: Tensor) => x)(1).toString()).toBe("{ lambda ; a:f64[]. let  in (a,) }");
  });

  it("prints several outputs, constvars and typed literals", () => {
    const w = np.array([1, 2, 3]);
    const s = makeJaxpr((x: Tensor) => [np.add(x, w), np.greater(x, 0)])(np.zeros([3])).toString();
    expect(s).toBe(
      "{ lambda a:f64[3]; b:f64[3]. let\n" +
        "    c:f64[3] = add b a\n" +
        "    d:bool[3] = gt b 0.0:f64[]\n" +
        "  in (c, d) }",
    );
    const i = makeJaxpr((x: Tensor) => np.add(x, 2))(np.array([1], "int32")).toString();
    expect(i).toBe("{ lambda ; a:i32[1]. let b:i32[1] = add a 2:i32[] in (b,) }");
    const b = makeJaxpr((x: Tensor) => np.logicalAnd(x, true))(np.array([true])).toString();
    expect(b).toContain("True:bool[]");
  });

  it("prints params as Python tuples, sorted by name, and unused results as _", () => {
    const s = makeJaxpr((x: Tensor) => {
      np.sin(x);
      return np.sum(lax.broadcastInDim(x, [2, 3], [1]), 0);
    })(np.zeros([3])).toString();
    expect(s).toContain("_:f64[3] = sin a");
    expect(s).toContain("broadcast_in_dim[broadcast_dimensions=(1,) shape=(2, 3)] a");
    expect(s).toContain("reduce_sum[axes=(0,)]");
  });

  it("names variables a…z, then ba, bb, …", () => {
    const s = makeJaxpr((x: Tensor) => {
      let y = x;
      for (let k = 0; k < 30; k++) y = np.sin(y);
      return y;
    })(1).toString();
    expect(s).toContain("z:f64[] = sin y");
    expect(s).toContain("ba:f64[] = sin z");
    expect(s).toContain("in (be,) }");
  });

  it("formats floats like Python's repr", () => {
    const cases: [number, string][] = [
      [100, "100.0"],
      [0.7, "0.7"],
      [1e-5, "1e-05"],
      [0.0001, "0.0001"],
      [1e16, "1e+16"],
      [1.5e16, "1.5e+16"],
      [123456789012345.6, "123456789012345.6"],
      [-2.5, "-2.5"],
      [-0, "-0.0"],
      [NaN, "nan"],
      [Infinity, "inf"],
      [-Infinity, "-inf"],
      [5e-324, "5e-324"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
    ];
    for (const [x, s] of cases) expect(pythonFloatRepr(x)).toBe(s);
  });
});
