/**
 * The scalar operations rendered as JavaScript expressions: what compiled loops and
 * straight-line code compute with. Each one is the JS form of the same operation in
 * `core/scalar/numeric.ts` (the interpreter's), so a primitive's definition rendered here
 * computes the interpreter's bits. Helpers the source calls (int division, rounding)
 * reach it as factory parameters, never as spliced text.
 */
import type { DType } from "../core/dtype";
import type { BoolOps, CommonOps, FloatOps, IntOps, ScalarRenderer } from "../core/scalar/ops";
import { type Code, type Ident, code, numberLiteral } from "./code";

/** Runtime helpers the generated code may call (passed in as parameters, never spliced). */
export interface Helpers {
  readonly toInt32: Ident;
  readonly intDiv: Ident;
  readonly intRem: Ident;
  readonly roundEven: Ident;
  readonly roundAway: Ident;
  readonly pow: Ident;
}

const call = (fn: Code) => (a: Code) => code`${fn}(${a})`;
const infix = (op: Code) => (a: Code, b: Code) => code`(${a} ${op} ${b})`;
const compare = (op: Code) => (a: Code, b: Code) => code`(${a} ${op} ${b} ? 1 : 0)`;
/** An int32 result of a double operation: `| 0` wraps it as XLA's int32 arithmetic does. */
const wrapped = (op: Code) => (a: Code, b: Code) => code`((${a} ${op} ${b}) | 0)`;

const common: CommonOps<Code> = {
  lit: numberLiteral,
  max: (a, b) => code`Math.max(${a}, ${b})`,
  min: (a, b) => code`Math.min(${a}, ${b})`,
  eq: compare(code`===`),
  ne: compare(code`!==`),
  lt: compare(code`<`),
  le: compare(code`<=`),
  gt: compare(code`>`),
  ge: compare(code`>=`),
};

const bits = { and: infix(code`&`), or: infix(code`|`), xor: infix(code`^`) };

/** Conversion as `castScalar` (dtype.ts) does it. */
function convert(h: Helpers, x: Code, from: DType, to: DType): Code {
  if (to === "bool") return from === "bool" ? x : code`(${x} !== 0 ? 1 : 0)`;
  if (to === "int32") return from === "float64" || from === "float32" ? code`${h.toInt32}(${x})` : x;
  if (to === "float32") return from === "float32" || from === "bool" ? x : code`Math.fround(${x})`;
  return x;
}

const renderers = new Map<string, ScalarRenderer<Code>>();

/**
 * The JavaScript renderer, with the helpers of one compiled function. It depends only on
 * the helpers' names, which every compilation gives alike, so it is built once per set
 * of names (building it was 8% of a first jit(grad(f)) call).
 */
export function jsScalarRenderer(h: Helpers): ScalarRenderer<Code> {
  const key = [h.toInt32, h.intDiv, h.intRem, h.roundEven, h.roundAway, h.pow].map((id) => id.code.text).join(",");
  let made = renderers.get(key);
  if (!made) renderers.set(key, (made = makeRenderer(h)));
  return made;
}

function makeRenderer(h: Helpers): ScalarRenderer<Code> {
  const float: FloatOps<Code> = {
    ...common,
    neg: (a) => code`(-${a})`,
    abs: call(code`Math.abs`),
    sign: call(code`Math.sign`),
    add: infix(code`+`),
    sub: infix(code`-`),
    mul: infix(code`*`),
    div: infix(code`/`),
    rem: infix(code`%`),
    floor: call(code`Math.floor`),
    ceil: call(code`Math.ceil`),
    roundEven: call(h.roundEven.code),
    roundAway: call(h.roundAway.code),
    sqrt: call(code`Math.sqrt`),
    cbrt: call(code`Math.cbrt`),
    exp: call(code`Math.exp`),
    log: call(code`Math.log`),
    log1p: call(code`Math.log1p`),
    expm1: call(code`Math.expm1`),
    sin: call(code`Math.sin`),
    cos: call(code`Math.cos`),
    tan: call(code`Math.tan`),
    asin: call(code`Math.asin`),
    acos: call(code`Math.acos`),
    atan: call(code`Math.atan`),
    sinh: call(code`Math.sinh`),
    cosh: call(code`Math.cosh`),
    tanh: call(code`Math.tanh`),
    asinh: call(code`Math.asinh`),
    acosh: call(code`Math.acosh`),
    atanh: call(code`Math.atanh`),
    pow: (a, b) => code`${h.pow}(${a}, ${b})`,
    atan2: (a, b) => code`Math.atan2(${a}, ${b})`,
    isFinite: (a) => code`(Number.isFinite(${a}) ? 1 : 0)`,
    round32: call(code`Math.fround`),
  };
  const int: IntOps<Code> = {
    ...common,
    ...bits,
    neg: (a) => code`((-${a}) | 0)`,
    abs: (a) => code`(Math.abs(${a}) | 0)`,
    sign: call(code`Math.sign`),
    add: wrapped(code`+`),
    sub: wrapped(code`-`),
    mul: (a, b) => code`Math.imul(${a}, ${b})`,
    div: (a, b) => code`${h.intDiv}(${a}, ${b})`,
    rem: (a, b) => code`${h.intRem}(${a}, ${b})`,
    not: (a) => code`(~${a})`,
  };
  const bool: BoolOps<Code> = { ...common, ...bits, not: (a) => code`(${a} ? 0 : 1)` };
  return {
    float,
    int,
    bool,
    convert: (a, from, to) => convert(h, a, from, to),
    selectN: (which, cases, whichDtype) => {
      if (whichDtype === "bool" && cases.length === 2) return code`(${which} ? ${cases[1]} : ${cases[0]})`;
      // Clamped as the interpreter clamps: below 1 → case 0, from the last index up → the last case.
      let e = cases[cases.length - 1];
      for (let i = cases.length - 2; i >= 0; i--) e = code`(${which} < ${i + 1} ? ${cases[i]} : ${e})`;
      return e;
    },
  };
}
