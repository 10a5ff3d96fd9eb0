/**
 * How primitives act on complex operands, written once as real arithmetic on the
 * components. The interpreter evaluates these expansions on the planes of concrete
 * arrays, and jit's complex-lowering pass stages the very same expansions as real
 * equations, so the compiled code computes what the interpreter does, bit for bit.
 *
 * A primitive without a row here refuses complex operands in abstract eval (with a
 * typed error naming it); `core/prims/complex.ts` holds the primitives that cross between
 * real and complex values, and control flow carries complex values as they are.
 */
import { InternalError } from "./errors";
import { scalarArray } from "./array";
import type { Aval } from "./aval";
import { type DType, isComplex, realDType } from "./dtype";
import type { Prim, PrimParams } from "./primitives";
import type { Tensor } from "./tensor";

/** A complex value as its real and imaginary components, real arrays of one shape. */
export class Parts {
  constructor(
    readonly re: Tensor,
    readonly im: Tensor,
  ) {}
}

/** An operand or result of an expansion: a real array, or the parts of a complex one. */
export type Value = Tensor | Parts;

/** How an expansion applies real primitives (eagerly in the interpreter, staged under jit). */
export interface RealBuilder {
  apply<P extends Prim>(prim: P, args: readonly Tensor[], params: PrimParams[P]): Tensor[];
}

export interface ComplexRule<P extends Prim> {
  /**
   * The output dtypes: by default each output whose dtype the real-substituted abstract
   * eval gives as the operands' component dtype is complex; `"real"` keeps it real.
   */
  readonly outputs?: "real";
  /** The output dtype from the params, where it is not the operands' (convert_element_type). */
  readonly outDType?: (params: PrimParams[P]) => DType;
  readonly expand: (b: RealBuilder, args: readonly Value[], params: PrimParams[P], outAvals: readonly Aval[]) => Value[];
}

const NONE = {} as const;

/** Expansion helpers over a builder. */
function ops(b: RealBuilder) {
  const un = <P extends Prim>(prim: P, x: Tensor, params: PrimParams[P] = NONE as PrimParams[P]) => b.apply(prim, [x], params)[0];
  const bin = <P extends Prim>(prim: P, x: Tensor, y: Tensor) => b.apply(prim, [x, y], NONE as PrimParams[P])[0];
  const k = (like: Tensor, v: number) => scalarArray(v, like.dtype);
  /** An array of `like`'s shape and dtype filled with `v`. */
  const full = (like: Tensor, v: number) =>
    like.shape.length === 0 ? k(like, v) : b.apply("broadcast_in_dim", [k(like, v)], { shape: [...like.shape], broadcast_dimensions: [] })[0];
  const fill = (x: Tensor, like: Tensor) =>
    x.shape.length === like.shape.length ? x : b.apply("broadcast_in_dim", [x], { shape: [...like.shape], broadcast_dimensions: [] })[0];
  /** `onTrue` where `pred`, else `onFalse`; a scalar among them (a weak constant's parts) is filled to the others' shape. */
  const select = (pred: Tensor, onTrue: Tensor, onFalse: Tensor) => {
    const like = [onTrue, onFalse].reduce((l, v) => (v.shape.length > l.shape.length ? v : l), pred);
    return b.apply("select_n", [fill(pred, like), fill(onFalse, like), fill(onTrue, like)], NONE)[0];
  };
  const add = (x: Tensor, y: Tensor) => bin("add", x, y);
  const sub = (x: Tensor, y: Tensor) => bin("sub", x, y);
  const mul = (x: Tensor, y: Tensor) => bin("mul", x, y);
  const div = (x: Tensor, y: Tensor) => bin("div", x, y);
  const abs = (x: Tensor) => un("abs", x);
  /** |a + ib| without overflow or underflow: max · sqrt(1 + (min/max)²), exact at 0 and ∞. */
  const modulus = (a: Tensor, c: Tensor) => {
    const aa = abs(a);
    const ac = abs(c);
    const hi = bin("max", aa, ac);
    const lo = bin("min", aa, ac);
    const r = div(lo, hi);
    const scaled = mul(hi, un("sqrt", add(k(r, 1), mul(r, r))));
    const plain = bin("or", bin("eq", hi, k(hi, 0)), bin("eq", hi, k(hi, Infinity)));
    return select(plain, hi, scaled);
  };
  const cmul = (x: Parts, y: Parts) => new Parts(sub(mul(x.re, y.re), mul(x.im, y.im)), add(mul(x.re, y.im), mul(x.im, y.re)));
  /** Smith's algorithm, as NumPy divides: the ratio of the smaller to the larger part of the divisor. */
  const cdiv = (x: Parts, y: Parts) => {
    const { re: a, im: bb } = x;
    const { re: c, im: d } = y;
    const big = bin("ge", abs(c), abs(d));
    const r1 = div(d, c);
    const den1 = add(c, mul(d, r1));
    const r2 = div(c, d);
    const den2 = add(mul(c, r2), d);
    return new Parts(
      select(big, div(add(a, mul(bb, r1)), den1), div(add(mul(a, r2), bb), den2)),
      select(big, div(sub(bb, mul(a, r1)), den1), div(sub(mul(bb, r2), a), den2)),
    );
  };
  const cexp = (x: Parts) => {
    const e = un("exp", x.re);
    return new Parts(mul(e, un("cos", x.im)), mul(e, un("sin", x.im)));
  };
  const clog = (x: Parts) => new Parts(un("log", modulus(x.re, x.im)), bin("atan2", x.im, x.re));
  /**
   * tanh(x + iy) = (sinh x cosh x + i sin y cos y) / (sinh² x + cos² y), glibc's formula;
   * past |x| = 354 sinh² would overflow, and the value is (±1, 4 sin y cos y e^{−2|x|}).
   */
  const ctanh = ({ re: x, im: y }: Parts) => {
    const [sx, cx, sy, cy] = [un("sinh", x), un("cosh", x), un("sin", y), un("cos", y)];
    const den = add(mul(sx, sx), mul(cy, cy));
    const far = bin("gt", abs(x), k(x, 354));
    const farIm = mul(mul(mul(k(y, 4), sy), cy), un("exp", mul(k(x, -2), abs(x))));
    return new Parts(select(far, un("sign", x), div(mul(sx, cx), den)), select(far, farIm, div(mul(sy, cy), den)));
  };
  return { un, bin, k, full, select, add, sub, mul, div, abs, modulus, cmul, cdiv, cexp, clog, ctanh };
}

const isParts = (v: Value): v is Parts => v instanceof Parts;
const parts = (v: Value): Parts => {
  if (!isParts(v)) throw new InternalError("internal: a complex operand arrived as a real array");
  return v;
};

/** The primitive applied to the real parts and to the imaginary parts (linear with real coefficients: shape ops, sums, selects). */
function componentwise<P extends Prim>(prim: P): ComplexRule<P> {
  return {
    expand: (b, args, params) => {
      const re = b.apply(prim, args.map((a) => (isParts(a) ? a.re : a)), params);
      const im = b.apply(prim, args.map((a) => (isParts(a) ? a.im : a)), params);
      return re.map((r, i) => new Parts(r, im[i]));
    },
  };
}

type Rules = { readonly [P in Prim]?: ComplexRule<P> };

const unaryRule = <P extends Prim>(f: (o: ReturnType<typeof ops>, x: Parts) => Value): ComplexRule<P> => ({
  expand: (b, [x]) => [f(ops(b), parts(x))],
});

const binaryRule = <P extends Prim>(f: (o: ReturnType<typeof ops>, x: Parts, y: Parts) => Value): ComplexRule<P> => ({
  expand: (b, [x, y]) => [f(ops(b), parts(x), parts(y))],
});

export const complexRules: Rules = {
  add: componentwise("add"),
  add_any: componentwise("add_any"),
  sub: componentwise("sub"),
  neg: componentwise("neg"),
  stop_gradient: componentwise("stop_gradient"),
  reduce_sum: componentwise("reduce_sum"),
  cumsum: componentwise("cumsum"),
  broadcast_in_dim: componentwise("broadcast_in_dim"),
  reshape: componentwise("reshape"),
  transpose: componentwise("transpose"),
  squeeze: componentwise("squeeze"),
  slice: componentwise("slice"),
  rev: componentwise("rev"),
  pad: componentwise("pad"),
  concatenate: componentwise("concatenate"),
  dynamic_slice: componentwise("dynamic_slice"),
  dynamic_update_slice: componentwise("dynamic_update_slice"),
  select_n: componentwise("select_n"),
  scatter: componentwise("scatter"),
  "scatter-add": componentwise("scatter-add"),
  gather: {
    // An explicit fill value v fills v + 0i, as JAX's does; the default (NaN) fills both parts.
    expand: (b, [x, idx], params) => {
      const { re, im } = parts(x);
      const i = idx as Tensor;
      const imParams = params.fill_value === null ? params : { ...params, fill_value: 0 };
      return [new Parts(b.apply("gather", [re, i], params)[0], b.apply("gather", [im, i], imParams)[0])];
    },
  },
  mul: binaryRule((o, x, y) => o.cmul(x, y)),
  div: binaryRule((o, x, y) => o.cdiv(x, y)),
  eq: binaryRule((o, x, y) => o.bin("and", o.bin("eq", x.re, y.re), o.bin("eq", x.im, y.im))),
  ne: binaryRule((o, x, y) => o.bin("or", o.bin("ne", x.re, y.re), o.bin("ne", x.im, y.im))),
  square: unaryRule((o, x) => {
    const p = o.mul(x.re, x.im);
    return new Parts(o.sub(o.mul(x.re, x.re), o.mul(x.im, x.im)), o.add(p, p));
  }),
  integer_pow: {
    // Binary exponentiation, as the real kernel: square-and-multiply from the low bit.
    expand: (b, [x], { y }) => {
      const o = ops(b);
      const z = parts(x);
      const one = new Parts(o.full(z.re, 1), o.full(z.im, 0));
      let acc: Parts | null = null;
      let base = z;
      for (let e = Math.abs(y); e > 0; e >>= 1) {
        if (e & 1) acc = acc === null ? base : o.cmul(acc, base);
        if (e > 1) base = o.cmul(base, base);
      }
      const pos = acc ?? one;
      return [y < 0 ? o.cdiv(one, pos) : pos];
    },
  },
  abs: { outputs: "real", ...unaryRule((o, x) => o.modulus(x.re, x.im)) },
  sign: unaryRule((o, x) => {
    const m = o.modulus(x.re, x.im);
    const zero = o.bin("eq", m, o.k(m, 0));
    return new Parts(o.select(zero, x.re, o.div(x.re, m)), o.select(zero, x.im, o.div(x.im, m)));
  }),
  exp: unaryRule((o, x) => o.cexp(x)),
  log: unaryRule((o, x) => o.clog(x)),
  // NumPy's nc_exp2 and nc_expm1.
  exp2: unaryRule((o, x) => o.cexp(new Parts(o.mul(x.re, o.k(x.re, Math.LN2)), o.mul(x.im, o.k(x.im, Math.LN2))))),
  expm1: unaryRule((o, { re: x, im: y }) => {
    const h = o.un("sin", o.mul(y, o.k(y, 0.5)));
    const hh = o.mul(h, h);
    return new Parts(o.sub(o.mul(o.un("expm1", x), o.un("cos", y)), o.add(hh, hh)), o.mul(o.un("exp", x), o.un("sin", y)));
  }),
  log1p: unaryRule((o, x) => {
    // log|1 + z| as ½ log1p(x(2 + x) + y²) near 0, where log(|1 + z|) would lose every digit
    // (NumPy's nc_log1p does; JAX's does not); the plain modulus elsewhere, where that could overflow.
    const { re: x0, im: y } = x;
    const shifted = new Parts(o.add(x0, o.k(x0, 1)), y);
    const near = o.bin("lt", o.bin("max", o.abs(x0), o.abs(y)), o.k(x0, 0.5));
    const nearRe = o.mul(o.un("log1p", o.add(o.mul(x0, o.add(o.k(x0, 2), x0)), o.mul(y, y))), o.k(x0, 0.5));
    const far = o.clog(shifted);
    return new Parts(o.select(near, nearRe, far.re), far.im);
  }),
  pow: binaryRule((o, x, y) => {
    // glibc's cpow, exp(y log x), with NumPy's cases: x^0 = 1; 0^y = 0 for real y > 0, else NaN.
    const e = o.cexp(o.cmul(y, o.clog(x)));
    const isZero = (v: Parts) => o.bin("and", o.bin("eq", v.re, o.k(v.re, 0)), o.bin("eq", v.im, o.k(v.im, 0)));
    const [yZero, xZero] = [isZero(y), isZero(x)];
    const toZero = o.bin("and", o.bin("gt", y.re, o.k(y.re, 0)), o.bin("eq", y.im, o.k(y.im, 0)));
    const part = (v: Tensor, one: number) => o.select(yZero, o.k(v, one), o.select(xZero, o.select(toZero, o.k(v, 0), o.k(v, NaN)), v));
    return new Parts(part(e.re, 1), part(e.im, 0));
  }),
  sinh: unaryRule((o, x) => new Parts(o.mul(o.un("sinh", x.re), o.un("cos", x.im)), o.mul(o.un("cosh", x.re), o.un("sin", x.im)))),
  cosh: unaryRule((o, x) => new Parts(o.mul(o.un("cosh", x.re), o.un("cos", x.im)), o.mul(o.un("sinh", x.re), o.un("sin", x.im)))),
  tanh: unaryRule((o, x) => o.ctanh(x)),
  // tan z = −i tanh(iz).
  tan: unaryRule((o, x) => {
    const t = o.ctanh(new Parts(o.un("neg", x.im), x.re));
    return new Parts(t.im, o.un("neg", t.re));
  }),
  sqrt: unaryRule((o, { re: a, im: c }) => {
    // NumPy's csqrt: t = sqrt((|a| + |z|)/2); a ≥ 0 gives (t, b/2t), a < 0 gives (|b|/2t, ±t) with b's sign.
    const t = o.un("sqrt", o.mul(o.add(o.abs(a), o.modulus(a, c)), o.k(a, 0.5)));
    const twoT = o.add(t, t);
    const tZero = o.bin("eq", t, o.k(t, 0));
    const negative = o.bin("lt", a, o.k(a, 0));
    const bNegative = o.bin("or", o.bin("lt", c, o.k(c, 0)), o.bin("lt", o.div(o.k(c, 1), c), o.k(c, 0)));
    const re = o.select(negative, o.select(tZero, o.abs(c), o.div(o.abs(c), twoT)), t);
    const im = o.select(negative, o.select(bNegative, o.un("neg", t), t), o.select(tZero, c, o.div(c, twoT)));
    return new Parts(re, im);
  }),
  sin: unaryRule((o, x) => new Parts(o.mul(o.un("sin", x.re), o.un("cosh", x.im)), o.mul(o.un("cos", x.re), o.un("sinh", x.im)))),
  cos: unaryRule((o, x) => new Parts(o.mul(o.un("cos", x.re), o.un("cosh", x.im)), o.un("neg", o.mul(o.un("sin", x.re), o.un("sinh", x.im))))),
  dot_general: {
    expand: (b, [x, y], params) => {
      const p = parts(x);
      const q = parts(y);
      const dot = (u: Tensor, v: Tensor) => b.apply("dot_general", [u, v], params)[0];
      const o = ops(b);
      return [new Parts(o.sub(dot(p.re, q.re), dot(p.im, q.im)), o.add(dot(p.re, q.im), dot(p.im, q.re)))];
    },
  },
  iota: {
    // No complex operand, a complex result: the real iota as the real part, zeros as the imaginary.
    outDType: ({ dtype }) => dtype,
    expand: (b, _args, params) => {
      const re = b.apply("iota", [], { ...params, dtype: realDType(params.dtype) })[0];
      return [new Parts(re, ops(b).full(re, 0))];
    },
  },
  convert_element_type: {
    outDType: ({ new_dtype }) => new_dtype,
    expand: (b, [x], { new_dtype, weak_type }, [out]) => {
      const o = ops(b);
      const cvt = (v: Tensor, to: DType) => (v.dtype === to ? v : b.apply("convert_element_type", [v], { new_dtype: to, weak_type })[0]);
      if (!isParts(x)) {
        // Real to complex: the value as the real part, an imaginary part of zeros.
        const re = cvt(x, realDType(new_dtype));
        return [new Parts(re, o.full(re, 0))];
      }
      if (isComplex(new_dtype)) return [new Parts(cvt(x.re, realDType(new_dtype)), cvt(x.im, realDType(new_dtype)))];
      if (out.dtype === "bool") return [o.bin("or", cvt(x.re, "bool"), cvt(x.im, "bool"))];
      // To a real dtype: the real part, as NumPy and JAX take it.
      return [cvt(x.re, new_dtype)];
    },
  },
};

/** Whether `prim` has a complex expansion. */
export function hasComplexRule(prim: Prim): boolean {
  return complexRules[prim] !== undefined;
}

/**
 * Applies `prim` to operands some of which are complex through its expansion: splits them
 * with `real`/`imag`, expands, and joins complex results with `complex`.
 */
export function expandComplex<P extends Prim>(b: RealBuilder, prim: P, args: readonly Tensor[], params: PrimParams[P], outAvals: readonly Aval[]): Tensor[] {
  const rule = complexRules[prim] as ComplexRule<P>;
  const values = args.map((a) => (isComplex(a.dtype) ? new Parts(b.apply("real", [a], NONE)[0], b.apply("imag", [a], NONE)[0]) : a));
  return rule.expand(b, values, params, outAvals).map((v) => (v instanceof Parts ? b.apply("complex", [v.re, v.im], NONE)[0] : v));
}
