/**
 * Python's `str.format` as `jax.debug.print` uses it: `{}` (automatic numbering), `{0}`,
 * `{name}` (a field of the last argument), `{{`/`}}`, and the format-spec mini-language
 * for numbers (`{:.3f}`, `{:>8.2e}`, `{:+,d}`, `{:.1%}`, …). A spec on an array applies
 * to each element. Parsing and checking happen when the print is traced; formatting when
 * it runs.
 */
import { formatScalar, formatValues } from "../core/array";
import type { ConcreteArray } from "../core/array";
import type { DType } from "../core/dtype";
import { ArgumentError } from "../core/errors";
import { isIdentifierName } from "../core/identifier";

/** One replacement field: which argument, and how to format it. */
export interface Field {
  /** A position among the arguments, or a key of the last argument. */
  readonly ref: number | string;
  readonly spec: Spec | null;
}

export type Segment = string | Field;

/** A parsed format spec (Python's mini-language, without nested fields). */
export interface Spec {
  readonly fill: string;
  readonly align: "<" | ">" | "^" | "=" | null;
  readonly sign: "+" | "-" | " ";
  readonly zero: boolean;
  readonly width: number;
  readonly grouping: "," | "_" | null;
  readonly precision: number | null;
  readonly type: "d" | "e" | "E" | "f" | "F" | "g" | "G" | "%" | "s" | null;
}

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(0)?(\d+)?([,_])?(?:\.(\d+))?([deEfFgG%s])?$/su;

function parseSpec(fmt: string, text: string): Spec {
  const m = SPEC.exec(text);
  if (!m) {
    throw new ArgumentError(
      `debug.print: the format spec ":${text}" in ${JSON.stringify(fmt)} is not one of Python's ([[fill]align][sign][0][width][,][.precision][type]); nested {} in a spec are not supported.`,
    );
  }
  const [, fill, align, sign, zero, width, grouping, precision, type] = m;
  return {
    fill: fill ?? (zero && !align ? "0" : " "),
    align: (align as Spec["align"]) ?? (zero ? "=" : null),
    sign: (sign as Spec["sign"]) ?? "-",
    zero: zero !== undefined,
    width: width === undefined ? 0 : Number(width),
    grouping: (grouping as Spec["grouping"]) ?? null,
    precision: precision === undefined ? null : Number(precision),
    type: (type as Spec["type"]) ?? null,
  };
}

/** Splits a format string into text and fields. */
export function parseFormat(fmt: string): Segment[] {
  const out: Segment[] = [];
  let text = "";
  let auto = 0;
  let numbering: "auto" | "manual" | null = null;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c === "}") {
      if (fmt[i + 1] !== "}") throw new ArgumentError(`debug.print: a single "}" in ${JSON.stringify(fmt)}; write "}}" for a literal brace.`);
      text += "}";
      i++;
      continue;
    }
    if (c !== "{") {
      text += c;
      continue;
    }
    if (fmt[i + 1] === "{") {
      text += "{";
      i++;
      continue;
    }
    const end = fmt.indexOf("}", i);
    if (end < 0) throw new ArgumentError(`debug.print: the field opened at position ${i} of ${JSON.stringify(fmt)} is not closed; write "{{" for a literal brace.`);
    const body = fmt.slice(i + 1, end);
    if (body.includes("{")) throw new ArgumentError(`debug.print: nested fields ("${body}") in ${JSON.stringify(fmt)} are not supported.`);
    const colon = body.indexOf(":");
    let name = colon < 0 ? body : body.slice(0, colon);
    const specText = colon < 0 ? "" : body.slice(colon + 1);
    const bang = name.indexOf("!");
    if (bang >= 0) {
      const conversion = name.slice(bang + 1);
      if (conversion !== "s" && conversion !== "r") throw new ArgumentError(`debug.print: unknown conversion "!${conversion}" in ${JSON.stringify(fmt)}; use !s or !r.`);
      name = name.slice(0, bang);
    }
    let ref: number | string;
    if (name === "") {
      if (numbering === "manual") throw new ArgumentError(`debug.print: ${JSON.stringify(fmt)} mixes automatic ({}) and manual ({0}) field numbering; use one.`);
      numbering = "auto";
      ref = auto++;
    } else if (/^\d+$/.test(name)) {
      if (numbering === "auto") throw new ArgumentError(`debug.print: ${JSON.stringify(fmt)} mixes automatic ({}) and manual ({0}) field numbering; use one.`);
      numbering = "manual";
      ref = Number(name);
    } else if (isIdentifierName(name)) ref = name;
    else throw new ArgumentError(`debug.print: the field "{${body}}" in ${JSON.stringify(fmt)} is not supported; fields are {}, {0} or {name} (attribute and index access are not).`);
    if (text) out.push(text);
    text = "";
    out.push({ ref, spec: specText === "" ? null : parseSpec(fmt, specText) });
    i = end;
  }
  if (text) out.push(text);
  return out;
}

/** Checks that a spec can format values of `dtype` (called when the print is traced). */
export function checkSpec(fmt: string, spec: Spec, dtype: DType | "string" | "tree"): void {
  const bad = (why: string) => {
    throw new ArgumentError(`debug.print: the format spec in ${JSON.stringify(fmt)} ${why}.`);
  };
  if (dtype === "tree") bad("applies to a pytree; specs format numbers, arrays or strings");
  if (dtype === "string") {
    if (spec.type !== null && spec.type !== "s") bad(`has type "${spec.type}" for a string`);
    return;
  }
  if (spec.type === "s") bad(`has type "s" for a ${dtype} value; drop it or use a number type`);
  if (spec.type === "d" && (dtype === "float64" || dtype === "float32")) bad(`has type "d" for a ${dtype} value; use "f", "e" or "g" (or convert with astype("int32"))`);
  if (spec.type === "d" && spec.precision !== null) bad(`gives a precision with type "d"`);
}

const group = (digits: string, sep: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);

/**
 * A finite double ≥ 0 as an exact decimal, `digits × 10^-scale` (every double has one).
 * Rounding from it, half to even, is what Python does; JS's toFixed and toExponential
 * round exact ties up and switch notation above 1e21.
 */
function exactDecimal(x: number): { digits: bigint; scale: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = biased === 0 ? frac : frac | (1n << 52n);
  const exp2 = (biased === 0 ? 1 : biased) - 1075;
  return exp2 >= 0 ? { digits: mant << BigInt(exp2), scale: 0 } : { digits: mant * 5n ** BigInt(-exp2), scale: -exp2 };
}

/** `n / 10^k`, rounded half to even. */
function divRound(n: bigint, k: number): bigint {
  if (k <= 0) return n * 10n ** BigInt(-k);
  const d = 10n ** BigInt(k);
  const q = n / d;
  const r2 = (n % d) * 2n;
  return r2 > d || (r2 === d && q % 2n === 1n) ? q + 1n : q;
}

/** Fixed notation with `decimals` digits after the point. */
function fixed(x: number, decimals: number): string {
  const { digits, scale } = exactDecimal(x);
  const n = divRound(digits, scale - decimals).toString().padStart(decimals + 1, "0");
  return decimals === 0 ? n : `${n.slice(0, -decimals)}.${n.slice(-decimals)}`;
}

/** Mantissa digits (`decimals + 1` of them) and decimal exponent, rounded half to even. */
function significant(x: number, decimals: number): { mant: string; exp: number } {
  if (x === 0) return { mant: "0".repeat(decimals + 1), exp: 0 };
  const { digits, scale } = exactDecimal(x);
  const len = digits.toString().length;
  let n = divRound(digits, len - (decimals + 1)).toString();
  let exp = len - 1 - scale;
  if (n.length > decimals + 1) {
    n = n.slice(0, decimals + 1);
    exp++;
  }
  return { mant: n, exp };
}

/** Python's exponent notation: `d.ddde+XX`, at least two exponent digits. */
function exponential(x: number, decimals: number, upper: boolean): string {
  const { mant, exp } = significant(x, decimals);
  const e = `${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return `${mant[0]}${decimals > 0 ? `.${mant.slice(1)}` : ""}${upper ? "E" : "e"}${e}`;
}

/**
 * Python's "g": `precision` significant digits, fixed or exponent notation by the
 * exponent, trailing zeros dropped. `addDot0` is the spec without a type: exponent
 * notation one step sooner, and a fixed integer keeps ".0".
 */
function general(x: number, precision: number, upper: boolean, addDot0 = false): string {
  const p = precision === 0 ? 1 : precision;
  const { exp } = significant(x, p - 1);
  const strip = (t: string) => (t.includes(".") ? t.replace(/0+$/, "").replace(/\.$/, "") : t);
  if (exp >= -4 && exp < p - (addDot0 ? 1 : 0)) {
    const t = strip(fixed(x, p - 1 - exp));
    return addDot0 && !t.includes(".") ? `${t}.0` : t;
  }
  const [mant, e] = exponential(x, p - 1, upper).split(upper ? "E" : "e");
  return `${strip(mant)}${upper ? "E" : "e"}${e}`;
}

/** One number under a spec, without padding. */
function number(v: number, dtype: DType, spec: Spec): string {
  if (dtype === "bool") return v ? "True" : "False";
  const upper = spec.type === "E" || spec.type === "F" || spec.type === "G";
  let body: string;
  const mag = Math.abs(v);
  if (!Number.isFinite(v)) body = `${Number.isNaN(v) ? (upper ? "NAN" : "nan") : upper ? "INF" : "inf"}${spec.type === "%" ? "%" : ""}`;
  else
    switch (spec.type) {
      case "d":
        body = String(mag);
        break;
      case "e":
      case "E":
        body = exponential(mag, spec.precision ?? 6, upper);
        break;
      case "f":
      case "F":
        body = fixed(mag, spec.precision ?? 6);
        break;
      case "%":
        body = `${fixed(mag * 100, spec.precision ?? 6)}%`;
        break;
      case "g":
      case "G":
        body = general(mag, spec.precision ?? 6, upper);
        break;
      default:
        // Python: with a precision, "g" keeping a digit after the point; without, the plain
        // text (here JS's, as `{}` prints it).
        if (spec.precision === null) body = formatScalar(mag, dtype);
        else body = dtype === "int32" ? general(mag, spec.precision, false) : general(mag, spec.precision, false, true);
    }
  if (spec.grouping && Number.isFinite(v)) {
    const [int, frac] = body.split(".");
    body = frac === undefined ? group(int, spec.grouping) : `${group(int, spec.grouping)}.${frac}`;
  }
  const negative = v < 0 || Object.is(v, -0);
  const sign = negative ? "-" : spec.sign === "+" ? "+" : spec.sign === " " ? " " : "";
  return pad(body, sign, spec);
}

/** Pads `sign + body` to the spec's width. */
function pad(body: string, sign: string, spec: Spec): string {
  const n = spec.width - sign.length - body.length;
  if (n <= 0) return sign + body;
  const fill = spec.fill.repeat(n);
  switch (spec.align) {
    case "<":
      return sign + body + fill;
    case "^": {
      const left = spec.fill.repeat(Math.floor(n / 2));
      return left + sign + body + spec.fill.repeat(n - left.length);
    }
    case "=":
      return sign + fill + body;
    default:
      return fill + sign + body;
  }
}

/** An array's values as text; with a spec, each element formatted by it. */
export function formatArray(a: ConcreteArray, spec: Spec | null): string {
  // NumPy shows every element up to 1000 of them, then the first and last three per axis.
  const limit = a.data.length > 1000 ? 6 : Infinity;
  if (a.ndim === 0) return spec ? number(a.data[0], a.dtype, spec) : formatScalar(a.data[0], a.dtype);
  return formatValues(a, limit, spec ? (v, dtype) => number(v, dtype, spec) : formatScalar);
}

/** A string under a spec (only alignment and width apply). */
export function formatString(s: string, spec: Spec | null): string {
  return spec ? pad(spec.precision === null ? s : s.slice(0, spec.precision), "", { ...spec, align: spec.align ?? "<" }) : s;
}
