/**
 * The closed scalar op set: every operation of every class, rendered as JavaScript and
 * compiled, gives the numeric implementation's bits on special and ordinary values. The
 * random-program properties reach these only through the primitives they happen to use.
 */
import { describe, expect, it } from "vitest";
import { toInt32 } from "../src/core/dtype";
import type { DType } from "../src/core/dtype";
import { ieeePow, intDiv, intRem, numeric, roundHalfAway, roundHalfEven } from "../src/core/scalar/numeric";
import type { ScalarClass, ScalarRenderer } from "../src/core/scalar/ops";
import { type Code, Names, code, instantiate } from "../src/jit/code";
import { jsScalarRenderer } from "../src/jit/scalar-js";
import { sameBits } from "./helpers/bits";

const helperValues = { toInt32, intDiv, intRem, roundEven: roundHalfEven, roundAway: roundHalfAway, pow: ieeePow };
const names = new Names();
const helperIds = {
  toInt32: names.fresh("hToInt32"),
  intDiv: names.fresh("hIntDiv"),
  intRem: names.fresh("hIntRem"),
  roundEven: names.fresh("hRoundEven"),
  roundAway: names.fresh("hRoundAway"),
  pow: names.fresh("hPow"),
};
const js = jsScalarRenderer(helperIds);
const [a, b] = [names.fresh("a"), names.fresh("b")];

/** Compiles `(a, b) => expr` with the helpers as parameters, the way jit passes them. */
function compile(expr: Code): (x: number, y: number) => number {
  const params = Object.entries(helperIds).map(([k, id]) => [id, helperValues[k as keyof typeof helperValues]] as const);
  return instantiate(params, code`return (${a}, ${b}) => ${expr};`) as (x: number, y: number) => number;
}

const VALUES: Record<ScalarClass, readonly number[]> = {
  float: [NaN, 0, -0, Infinity, -Infinity, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 3, 1e300, -1e-300, 2 ** 31, 2 ** 31 - 1.5, -(2 ** 31) - 0.5, -(2 ** 31) + 0.5, 0.1, Math.PI],
  int: [0, 1, -1, 2, -2, 7, -7, 2147483647, -2147483648, 65536, 46341],
  bool: [0, 1],
};

type Ops = Record<string, (...x: unknown[]) => unknown>;

describe("every scalar operation: JavaScript source = numeric implementation, bit for bit", () => {
  for (const cls of ["float", "int", "bool"] as const) {
    const num = numeric[cls] as unknown as Ops;
    const src = js[cls] as unknown as Ops;
    for (const op of Object.keys(num)) {
      if (op === "lit") continue;
      it(`${cls}.${op}`, () => {
        expect(Object.keys(src)).toContain(op);
        const arity = num[op].length === 1 ? 1 : 2;
        const f = compile(src[op](a.code, b.code) as Code);
        for (const x of VALUES[cls]) {
          for (const y of arity === 1 ? [0] : VALUES[cls]) {
            const want = arity === 1 ? (num[op] as (x: number) => number)(x) : (num[op] as (x: number, y: number) => number)(x, y);
            const got = f(x, y);
            if (!sameBits(got, want)) expect.fail(`${cls}.${op}(${x}, ${y}): source gives ${got}, numeric ${want}`);
          }
        }
      });
    }
  }

  it("literals round-trip, including -0 and non-finite values", () => {
    for (const v of VALUES.float) expect(sameBits(compile(js.float.lit(v))(0, 0), v)).toBe(true);
  });

  const dtypes: DType[] = ["float64", "float32", "int32", "bool"];
  it("convert between every pair of dtypes", () => {
    for (const from of dtypes) {
      for (const to of dtypes) {
        const f = compile(js.convert(a.code, from, to));
        // A float32 operand holds a float32 value.
        const inputs = VALUES[from === "bool" ? "bool" : from === "int32" ? "int" : "float"].map((v) => (from === "float32" ? Math.fround(v) : v));
        for (const x of inputs) {
          const want = numeric.convert(x, from, to);
          if (!sameBits(f(x, 0), want)) expect.fail(`convert ${from} → ${to} of ${x}: source gives ${f(x, 0)}, numeric ${want}`);
        }
      }
    }
  });

  it("selectN clamps its selector as the interpreter does", () => {
    const cases = [code`10`, code`20`, code`30`];
    const f = compile(js.selectN(a.code, cases, "int32"));
    const r: ScalarRenderer<number> = numeric;
    for (const w of [-5, -1, 0, 1, 2, 3, 9]) expect(f(w, 0)).toBe(r.selectN(w, [10, 20, 30], "int32"));
    const g = compile(js.selectN(a.code, cases.slice(0, 2), "bool"));
    for (const w of [0, 1]) expect(g(w, 0)).toBe(r.selectN(w, [10, 20], "bool"));
  });
});
