/**
 * JVP, VJP and batching rules of the complex primitives (`core/prims/complex.ts`), and the
 * derivative of `abs` on complex operands, with JAX's convention: cotangents pair with
 * tangents as Re(ct · t), without conjugation, so `grad` of a real function of z = x + iy
 * is ∂f/∂x − i ∂f/∂y (the conjugate of the steepest-ascent direction), as in JAX.
 */
import { fromData } from "../core/array";
import { allocate, realDType } from "../core/dtype";
import type { ComplexParams, ComplexPrim } from "../core/prims/complex";
import type { Tensor } from "../core/tensor";
import { bind1 } from "../core/trace";
import { broadcastInDim, div, eq, lit, mul, neg, select, toFront, zerosLike } from "./ad-ops";
import type { BatchRule } from "./batching-rules";
import type { JvpRule } from "./jvp-rules";
import type { Ct, VjpRule } from "./vjp-rules";

const NONE = {} as const;
export const complex = (x: Tensor, y: Tensor): Tensor => bind1("complex", [x, y], NONE);
export const real = (z: Tensor): Tensor => bind1("real", [z], NONE);
export const imag = (z: Tensor): Tensor => bind1("imag", [z], NONE);
export const conj = (z: Tensor): Tensor => bind1("conj", [z], NONE);
const fft = (x: Tensor, p: ComplexParams["fft"]): Tensor => bind1("fft", [x], p);

/** A real operand as a complex one with zero imaginary part (the transpose of `real`). */
const asComplexReal = (x: Tensor): Tensor => complex(x, zerosLike(x));

/** conj(z)/|z|, 0 at z = 0: d|z| = Re(conj(z)/|z| · dz). */
function absDirection(z: Tensor, y: Tensor): Tensor {
  const safe = select(eq(y, lit(y, 0)), lit(y, 1), y);
  const d = div(conj(z), asComplexReal(safe));
  return select(eq(y, lit(y, 0)), zerosLike(d), d);
}

/** `abs` of a complex operand: JVP Re(conj(z)/|z| · t), VJP ct · conj(z)/|z|. */
export const complexAbsJvp: JvpRule<"abs"> = ([z], [t]) => {
  const y = bind1("abs", [z], NONE);
  return [[y], [t === null ? null : real(mul(absDirection(z, y), t))]];
};

export const complexAbsVjp: VjpRule<"abs"> = ([z]) => {
  const y = bind1("abs", [z], NONE);
  return { outs: [y], backward: ([ct]) => [ct === null ? null : mul(asComplexReal(ct), absDirection(z, y))] };
};

/** The cotangent of an RFFT: zero-padded to the full lengths, transformed, real part (RFFT = slice ∘ FFT ∘ complex). */
function rfftTranspose(ct: Tensor, p: ComplexParams["fft"]): Tensor {
  const nd = ct.ndim;
  const last = p.fft_lengths[p.fft_lengths.length - 1];
  const config = ct.shape.map((d, i) => (i === nd - 1 ? ([0, last - d, 0] as const) : ([0, 0, 0] as const)));
  const padded = bind1("pad", [ct, lit(ct, 0)], { padding_config: config });
  return real(fft(padded, { fft_type: "FFT", fft_lengths: p.fft_lengths }));
}

/**
 * The cotangent of an IRFFT: conj(m · rfft(ct)) / N, where m weighs the entries of the
 * half spectrum that stand for two (1 for the DC and, for even n, Nyquist terms, 2 between).
 */
function irfftTranspose(ct: Tensor, p: ComplexParams["fft"]): Tensor {
  const x = fft(ct, { fft_type: "RFFT", fft_lengths: p.fft_lengths });
  const n = p.fft_lengths[p.fft_lengths.length - 1];
  const h = x.shape[x.ndim - 1];
  const total = p.fft_lengths.reduce((a, b) => a * b, 1);
  const dtype = realDType(x.dtype);
  const w = allocate(dtype, h);
  for (let k = 0; k < h; k++) w[k] = (k === 0 || (n % 2 === 0 && k === n / 2) ? 1 : 2) / total;
  const mask = broadcastInDim(asComplexReal(fromData([h], dtype, w)), x.shape, [x.ndim - 1]);
  return conj(mul(mask, x));
}

const jvpLinear =
  <P extends ComplexPrim>(prim: P): JvpRule<P> =>
  (primals, tangents, params) => {
    const out = bind1(prim, primals, params);
    if (tangents.every((t) => t === null)) return [[out], [null]];
    return [[out], [bind1(prim, tangents.map((t, i) => t ?? zerosLike(primals[i])), params)]];
  };

export const complexJvp: { readonly [P in ComplexPrim]: JvpRule<P> } = {
  complex: jvpLinear("complex"),
  real: jvpLinear("real"),
  imag: jvpLinear("imag"),
  conj: jvpLinear("conj"),
  fft: jvpLinear("fft"),
};

const unary = <P extends ComplexPrim>(prim: P, back: (ct: Tensor, params: ComplexParams[P]) => Tensor): VjpRule<P> => (primals, params) => {
  const out = bind1(prim, primals, params);
  return { outs: [out], backward: ([ct]) => [ct === null ? null : back(ct, params)] };
};

export const complexVjp: { readonly [P in ComplexPrim]: VjpRule<P> } = {
  complex: (primals) => {
    const out = bind1("complex", primals, NONE);
    return { outs: [out], backward: ([ct], [wx, wy]): Ct[] => (ct === null ? [null, null] : [wx ? real(ct) : null, wy ? neg(imag(ct)) : null]) };
  },
  real: unary("real", (ct) => asComplexReal(ct)),
  imag: unary("imag", (ct) => complex(zerosLike(ct), neg(ct))),
  conj: unary("conj", (ct) => conj(ct)),
  fft: unary("fft", (ct, p) =>
    p.fft_type === "RFFT" ? rfftTranspose(ct, p) : p.fft_type === "IRFFT" ? irfftTranspose(ct, p) : fft(ct, p),
  ),
};

/** Batch axes go first: the crossings are elementwise and the FFT acts on trailing axes. */
const front =
  <P extends ComplexPrim>(prim: P): BatchRule<P> =>
  (args, dims, params, size) => [[bind1(prim, args.map((x, i) => toFront(x, dims[i], size)), params)], [0]];

export const complexBatch: { readonly [P in ComplexPrim]: BatchRule<P> } = {
  complex: front("complex"),
  real: front("real"),
  imag: front("imag"),
  conj: front("conj"),
  fft: front("fft"),
};
