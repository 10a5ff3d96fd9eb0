/**
 * JS emission rules, one per primitive (a complete table): how the compiler realises it.
 *
 * - `elementwise`: an expression of the operands' element values. These mirror
 *   `core/kernels/scalar-ops.ts` operation for operation — float32 results are rounded
 *   with Math.fround after every primitive, int32 ones wrap — so compiled code is
 *   bit-identical to the interpreter (checked by the differential tests).
 * - `view`: index arithmetic over the operand's buffer (no copy).
 * - `reduce`: an accumulation fused into the loop that produces its operand.
 * - `dot`: a generated i-k-j loop nest.
 * - `kernel`: calls the interpreter's own kernel (rare ops; identical by construction).
 * - `layout`: copies into planned buffers (pad, concatenate, dynamic updates) or a view
 *   with a run-time offset (dynamic_slice).
 * - `control`: real `if` / `for` / `while` statements around the lowered sub-jaxprs.
 */
import type { DType } from "../core/dtype";
import type { Prim, PrimParams } from "../core/primitives";
import { type Code, type Ident, code } from "./code";

/** Runtime helpers the generated code may call (passed in as parameters, never spliced). */
export interface Helpers {
  readonly toInt32: Ident;
  readonly intDiv: Ident;
  readonly intRem: Ident;
  readonly roundEven: Ident;
  readonly roundAway: Ident;
}

type Expr = (x: readonly Code[], outDtype: DType, inDtypes: readonly DType[], h: Helpers) => Code;

export type EmitRule<P extends Prim> =
  | { readonly kind: "elementwise"; readonly expr: (x: readonly Code[], params: PrimParams[P], outDtype: DType, inDtypes: readonly DType[], h: Helpers) => Code }
  | { readonly kind: "view" }
  | { readonly kind: "reduce"; readonly op: ReduceOp }
  | { readonly kind: "dot" }
  | { readonly kind: "kernel" }
  /** `viewOfOperand`: the result is a view of the first operand's storage (which must outlive it). */
  | { readonly kind: "layout"; readonly viewOfOperand?: boolean }
  | { readonly kind: "control" };

export type ReduceOp = "sum" | "max" | "min" | "prod" | "and" | "or";

const f32 = (d: DType, e: Code): Code => (d === "float32" ? code`Math.fround(${e})` : e);

/** An expression rounded for its float dtype; int32 results use `int` instead. */
const float = (f: (x: readonly Code[]) => Code, int?: (x: readonly Code[], h: Helpers) => Code): Expr => (x, d, _in, h) =>
  d === "int32" && int ? int(x, h) : d === "bool" && int ? int(x, h) : f32(d, f(x));

const ew = <P extends Prim>(expr: Expr): EmitRule<P> => ({ kind: "elementwise", expr: (x, _p, d, ins, h) => expr(x, d, ins, h) });

const math = (fn: "exp" | "log" | "log1p" | "expm1" | "sin" | "cos" | "tan" | "asin" | "acos" | "atan" | "sinh" | "cosh" | "tanh" | "asinh" | "acosh" | "atanh" | "sqrt" | "cbrt" | "floor" | "ceil") => {
  const callee: Record<typeof fn, Code> = {
    exp: code`Math.exp`,
    log: code`Math.log`,
    log1p: code`Math.log1p`,
    expm1: code`Math.expm1`,
    sin: code`Math.sin`,
    cos: code`Math.cos`,
    tan: code`Math.tan`,
    asin: code`Math.asin`,
    acos: code`Math.acos`,
    atan: code`Math.atan`,
    sinh: code`Math.sinh`,
    cosh: code`Math.cosh`,
    tanh: code`Math.tanh`,
    asinh: code`Math.asinh`,
    acosh: code`Math.acosh`,
    atanh: code`Math.atanh`,
    sqrt: code`Math.sqrt`,
    cbrt: code`Math.cbrt`,
    floor: code`Math.floor`,
    ceil: code`Math.ceil`,
  };
  return ew(float(([a]) => code`${callee[fn]}(${a})`));
};

const cmp = (op: Code): EmitRule<"eq"> => ew(([a, b]) => code`(${a} ${op} ${b} ? 1 : 0)`);

/** x ** y by the multiplication sequence of `integerPow` (scalar-ops.ts), unrolled. */
function integerPowExpr(x: Code, y: number, d: DType): Code {
  if (y === 0) return code`1`;
  const mul = (a: Code, b: Code): Code => (d === "int32" ? code`Math.imul(${a}, ${b})` : f32(d, code`(${a} * ${b})`));
  let n = Math.abs(y);
  let acc: Code | undefined;
  let base = x;
  while (n > 0) {
    if (n & 1) acc = acc === undefined ? base : mul(acc, base);
    n >>= 1;
    if (n > 0) base = mul(base, base);
  }
  return y < 0 ? f32(d, code`(1 / ${acc!})`) : acc!;
}

/** Conversion as `castScalar` (dtype.ts) does it. */
function convertExpr(x: Code, from: DType, to: DType, h: Helpers): Code {
  if (to === "bool") return from === "bool" ? x : code`(${x} !== 0 ? 1 : 0)`;
  if (to === "int32") return from === "float64" || from === "float32" ? code`${h.toInt32}(${x})` : x;
  if (to === "float32") return from === "float32" || from === "bool" ? x : code`Math.fround(${x})`;
  return x;
}

export const emitRules: { readonly [P in Prim]: EmitRule<P> } = {
  neg: ew(float(([a]) => code`(-${a})`, ([a]) => code`((-${a}) | 0)`)),
  sign: ew(([a]) => code`Math.sign(${a})`),
  floor: math("floor"),
  ceil: math("ceil"),
  exp: math("exp"),
  exp2: ew(float(([a]) => code`Math.pow(2, ${a})`)),
  log: math("log"),
  log1p: math("log1p"),
  expm1: math("expm1"),
  sin: math("sin"),
  cos: math("cos"),
  tan: math("tan"),
  asin: math("asin"),
  acos: math("acos"),
  atan: math("atan"),
  sinh: math("sinh"),
  cosh: math("cosh"),
  tanh: math("tanh"),
  asinh: math("asinh"),
  acosh: math("acosh"),
  atanh: math("atanh"),
  logistic: ew(float(([a]) => code`(1 / (1 + Math.exp(-${a})))`)),
  sqrt: math("sqrt"),
  rsqrt: ew(float(([a]) => code`(1 / Math.sqrt(${a}))`)),
  cbrt: math("cbrt"),
  abs: ew(float(([a]) => code`Math.abs(${a})`, ([a]) => code`(Math.abs(${a}) | 0)`)),
  square: ew(float(([a]) => code`(${a} * ${a})`, ([a]) => code`Math.imul(${a}, ${a})`)),
  not: ew((x, d) => (d === "bool" ? code`(${x[0]} ? 0 : 1)` : code`(~${x[0]})`)),
  stop_gradient: ew(([a]) => a),
  round: { kind: "elementwise", expr: ([a], p, d, _i, h) => f32(d, code`${p.rounding_method === 1 ? h.roundEven : h.roundAway}(${a})`) },
  is_finite: ew(([a]) => code`(Number.isFinite(${a}) ? 1 : 0)`),
  integer_pow: { kind: "elementwise", expr: ([a], p, d) => integerPowExpr(a, p.y, d) },
  add: ew(float(([a, b]) => code`(${a} + ${b})`, ([a, b]) => code`((${a} + ${b}) | 0)`)),
  add_any: ew(float(([a, b]) => code`(${a} + ${b})`, ([a, b]) => code`((${a} + ${b}) | 0)`)),
  sub: ew(float(([a, b]) => code`(${a} - ${b})`, ([a, b]) => code`((${a} - ${b}) | 0)`)),
  mul: ew(float(([a, b]) => code`(${a} * ${b})`, ([a, b]) => code`Math.imul(${a}, ${b})`)),
  div: ew(float(([a, b]) => code`(${a} / ${b})`, ([a, b], h) => code`${h.intDiv}(${a}, ${b})`)),
  rem: ew(float(([a, b]) => code`(${a} % ${b})`, ([a, b], h) => code`${h.intRem}(${a}, ${b})`)),
  pow: ew(float(([a, b]) => code`Math.pow(${a}, ${b})`)),
  max: ew(float(([a, b]) => code`Math.max(${a}, ${b})`, ([a, b]) => code`Math.max(${a}, ${b})`)),
  min: ew(float(([a, b]) => code`Math.min(${a}, ${b})`, ([a, b]) => code`Math.min(${a}, ${b})`)),
  atan2: ew(float(([a, b]) => code`Math.atan2(${a}, ${b})`)),
  and: ew(([a, b]) => code`(${a} & ${b})`),
  or: ew(([a, b]) => code`(${a} | ${b})`),
  xor: ew(([a, b]) => code`(${a} ^ ${b})`),
  eq: cmp(code`===`),
  ne: cmp(code`!==`),
  lt: cmp(code`<`),
  le: cmp(code`<=`),
  gt: cmp(code`>`),
  ge: cmp(code`>=`),
  convert_element_type: { kind: "elementwise", expr: ([a], p, _d, [from], h) => convertExpr(a, from, p.new_dtype, h) },
  select_n: ew(([w, ...cases]) => {
    // Clamp the selector as the interpreter does: below 1 → case 0, above the last → the last.
    let e = cases[cases.length - 1];
    for (let i = cases.length - 2; i >= 0; i--) e = code`(${w} < ${i + 1} ? ${cases[i]} : ${e})`;
    return e;
  }),
  reduce_sum: { kind: "reduce", op: "sum" },
  reduce_max: { kind: "reduce", op: "max" },
  reduce_min: { kind: "reduce", op: "min" },
  reduce_prod: { kind: "reduce", op: "prod" },
  reduce_and: { kind: "reduce", op: "and" },
  reduce_or: { kind: "reduce", op: "or" },
  argmax: { kind: "kernel" },
  argmin: { kind: "kernel" },
  cumsum: { kind: "kernel" },
  broadcast_in_dim: { kind: "view" },
  reshape: { kind: "view" },
  transpose: { kind: "view" },
  squeeze: { kind: "view" },
  slice: { kind: "view" },
  rev: { kind: "view" },
  pad: { kind: "layout" },
  concatenate: { kind: "layout" },
  dynamic_slice: { kind: "layout", viewOfOperand: true },
  dynamic_update_slice: { kind: "layout" },
  take_along_axis: { kind: "kernel" },
  scatter_add_along_axis: { kind: "kernel" },
  iota: { kind: "kernel" },
  random_bits: { kind: "kernel" },
  argsort: { kind: "kernel" },
  dot_general: { kind: "dot" },
  cond: { kind: "control" },
  while: { kind: "control" },
  scan: { kind: "control" },
  checkpoint: { kind: "control" },
};

/** The identity of a reduction and its accumulation step, matching `reducer` in impl-rules.ts. */
export function reduceStep(op: ReduceOp, dtype: DType, acc: Code, x: Code): { init: number; step: Code } {
  const isInt = dtype === "int32";
  const isBool = dtype === "bool";
  switch (op) {
    case "sum":
      return { init: 0, step: isInt ? code`((${acc} + ${x}) | 0)` : f32(dtype, code`(${acc} + ${x})`) };
    case "prod":
      return { init: 1, step: isInt ? code`Math.imul(${acc}, ${x})` : f32(dtype, code`(${acc} * ${x})`) };
    case "max":
      return { init: isBool ? 0 : isInt ? -2147483648 : -Infinity, step: code`Math.max(${acc}, ${x})` };
    case "min":
      return { init: isBool ? 1 : isInt ? 2147483647 : Infinity, step: code`Math.min(${acc}, ${x})` };
    case "and":
      return { init: isBool ? 1 : -1, step: code`(${acc} & ${x})` };
    case "or":
      return { init: 0, step: code`(${acc} | ${x})` };
  }
}
