/**
 * The meaning of every elementwise primitive as one table of scalar definitions: the
 * unary, binary and comparison families (rows derived from their declarations) and the
 * elementwise primitives with params or other output dtypes. A definition, applied to a
 * renderer, the params and the dtypes, gives the function of the element values; the
 * interpreter applies it to numbers, the emitter to source text.
 */
import type { DType } from "../dtype";
import { InternalError, JitgradError } from "../errors";
import type { PrimParams } from "../primitives";
import { type ScalarRenderer, classOf } from "../scalar/ops";
import { BINARY_PRIMS, type BinaryDef, type BinaryPrim, COMPARE_PRIMS, type ComparePrim, binaryPrims, comparePrims } from "./binary";
import { rowsFor } from "./family";
import { UNARY_PRIMS, type UnaryDef, type UnaryPrim, unaryPrims } from "./unary";

/** Elementwise primitives outside the families: they have params or another output dtype. */
export const OTHER_ELEMENTWISE_PRIMS = ["round", "is_finite", "integer_pow", "convert_element_type", "select_n"] as const;

export type ElementwisePrim = UnaryPrim | BinaryPrim | ComparePrim | (typeof OTHER_ELEMENTWISE_PRIMS)[number];

export const ELEMENTWISE_PRIMS: readonly ElementwisePrim[] = [...UNARY_PRIMS, ...BINARY_PRIMS, ...COMPARE_PRIMS, ...OTHER_ELEMENTWISE_PRIMS];

/** A primitive's function of element values, for a renderer, its params and the dtypes. */
export type Sem<P extends ElementwisePrim> = <T>(
  r: ScalarRenderer<T>,
  params: PrimParams[P],
  inDtypes: readonly DType[],
  outDtype: DType,
) => (...args: T[]) => T;

const missing = (prim: string, dtype: DType): JitgradError =>
  new InternalError(`internal: ${prim} has no ${dtype} definition (abstract eval should have rejected it).`);

/** A float result of a float32 primitive is rounded once, at the end (unless it is exact). */
const rounded = <T>(r: ScalarRenderer<T>, out: DType, f: (...a: T[]) => T): ((...a: T[]) => T) =>
  out === "float32" ? (...a) => r.float.round32(f(...a)) : f;

function unarySem(prim: UnaryPrim, def: UnaryDef): Sem<UnaryPrim> {
  return (r, _p, [d], out) => {
    const { float, int, bool } = def;
    switch (classOf(d)) {
      case "float":
        if (float) return out === "float32" && !def.exact32 ? (x) => r.float.round32(float(r.float, x)) : (x) => float(r.float, x);
        break;
      case "int":
        if (int) return (x) => int(r.int, x);
        break;
      case "bool":
        if (bool) return (x) => bool(r.bool, x);
    }
    throw missing(prim, d);
  };
}

function binarySem(prim: BinaryPrim, def: BinaryDef): Sem<BinaryPrim> {
  return (r, _p, [d], out) => {
    const { float, int, bool } = def;
    switch (classOf(d)) {
      case "float":
        if (float) return out === "float32" && !def.exact32 ? (x, y) => r.float.round32(float(r.float, x, y)) : (x, y) => float(r.float, x, y);
        break;
      case "int":
        if (int) return (x, y) => int(r.int, x, y);
        break;
      case "bool":
        if (bool) return (x, y) => bool(r.bool, x, y);
    }
    throw missing(prim, d);
  };
}

const compareSem =
  (prim: ComparePrim): Sem<ComparePrim> =>
  (r, _p, [d]) => {
    const f = comparePrims[prim];
    const m = r[classOf(d)];
    return (x, y) => f(m, x, y);
  };

/** `x ** y` by binary exponentiation, in the multiplication order of JAX's lowering (float32 rounds every product). */
const integerPow: Sem<"integer_pow"> = (r, { y }, [d]) => {
  if (d === "bool") throw missing("integer_pow", d);
  const m = d === "int32" ? r.int : r.float;
  const mul = d === "float32" ? (a: ReturnType<typeof m.lit>, b: ReturnType<typeof m.lit>) => r.float.round32(m.mul(a, b)) : m.mul;
  return (x) => {
    if (y === 0) return m.lit(1);
    let n = Math.abs(y);
    let acc: typeof x | undefined;
    let base = x;
    while (n > 0) {
      if (n & 1) acc = acc === undefined ? base : mul(acc, base);
      n >>= 1;
      if (n > 0) base = mul(base, base);
    }
    return y > 0 ? acc! : rounded(r, d, (a) => m.div(m.lit(1), a))(acc!);
  };
};

/** The scalar definition of every elementwise primitive. */
export const elementwiseSem: { readonly [P in ElementwisePrim]: Sem<P> } = {
  ...rowsFor(UNARY_PRIMS, (p) => unarySem(p, unaryPrims[p])),
  ...rowsFor(BINARY_PRIMS, (p) => binarySem(p, binaryPrims[p])),
  ...rowsFor(COMPARE_PRIMS, compareSem),
  round: (r, { rounding_method }, _in, out) =>
    rounded(r, out, rounding_method === 1 ? (x) => r.float.roundEven(x) : (x) => r.float.roundAway(x)),
  is_finite: (r) => (x) => r.float.isFinite(x),
  integer_pow: integerPow,
  convert_element_type: (r, { new_dtype }, [from]) => (x) => r.convert(x, from, new_dtype),
  select_n: (r, _p, [whichDtype]) => (which, ...cases) => r.selectN(which, cases, whichDtype),
};

const elementwiseSet: ReadonlySet<string> = new Set(ELEMENTWISE_PRIMS);

export const isElementwisePrim = (p: string): p is ElementwisePrim => elementwiseSet.has(p);

/** The element function of `prim` for these dtypes (params as in the IR). */
export function scalarFn<T>(r: ScalarRenderer<T>, prim: ElementwisePrim, params: unknown, inDtypes: readonly DType[], outDtype: DType): (...args: T[]) => T {
  return (elementwiseSem[prim] as Sem<ElementwisePrim>)(r, params as never, inDtypes, outDtype);
}
