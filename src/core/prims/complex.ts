/**
 * The primitives that cross between real and complex values — `complex(x, y)`, `real`,
 * `imag`, `conj` — and the Fourier transform `fft` (XLA's: FFT, IFFT, RFFT, IRFFT over the
 * trailing `fft_lengths.length` axes): params, abstract eval and eager kernels. How the
 * other primitives act on complex operands is `core/complex-expansion.ts`; the derivative
 * rules are `transforms/complex-rules.ts`.
 */
import { ConcreteArray } from "../array";
import { type Aval, makeAval, showAval } from "../aval";
import { type ComplexDType, type TypedArray, allocate, complexDType, isComplex, isFloat, realDType } from "../dtype";
import * as E from "../either";
import type { NoParams } from "./family";
import { ArgumentError, DTypeError, type JitgradError, ShapeError } from "../errors";
import { dftAlongAxis, irfftLine, rfftLine } from "../kernels/fft";

export const COMPLEX_PRIMS = ["complex", "real", "imag", "conj", "fft"] as const;
export type ComplexPrim = (typeof COMPLEX_PRIMS)[number];

/** XLA's transform kinds: complex↔complex forward and inverse, real→complex and back. */
export type FftType = "FFT" | "IFFT" | "RFFT" | "IRFFT";


/** Params of the complex primitives, as JAX names them. */
export interface ComplexParams {
  /** `complex(x, y)` = x + iy, for real floating x and y of one dtype. */
  readonly complex: NoParams;
  readonly real: NoParams;
  readonly imag: NoParams;
  readonly conj: NoParams;
  /**
   * `fft(x)` over the last `fft_lengths.length` (1 to 3) axes. IFFT and IRFFT divide by
   * the product of the lengths, as XLA does. RFFT's input has `fft_lengths` as its trailing
   * shape and its output n//2 + 1 entries on the last axis; IRFFT is the reverse.
   */
  readonly fft: { readonly fft_type: FftType; readonly fft_lengths: readonly number[] };
}

type Result = E.Either<JitgradError, readonly Aval[]>;
const dtypeErr = (msg: string): Result => E.left(new DTypeError(msg));
const one = (prim: string, avals: readonly Aval[]): Result | undefined =>
  avals.length === 1 ? undefined : E.left(new ArgumentError(`${prim}: expected 1 operand, got ${avals.length}.`));

function complexPart(prim: "real" | "imag" | "conj"): (avals: readonly Aval[]) => Result {
  return (avals) => {
    const bad = one(prim, avals);
    if (bad) return bad;
    const [x] = avals;
    if (!isComplex(x.dtype)) return dtypeErr(`${prim}: expected a complex operand (complex64 or complex128), got ${showAval(x)}.`);
    return E.right([prim === "conj" ? x : makeAval(x.shape, realDType(x.dtype))]);
  };
}

function fftAval([x]: readonly Aval[], { fft_type, fft_lengths }: ComplexParams["fft"]): Result {
  const k = fft_lengths.length;
  if (k < 1 || k > 3) return E.left(new ArgumentError(`fft: fft_lengths must name 1 to 3 axes, got [${fft_lengths.join(", ")}].`));
  if (fft_lengths.some((n) => !Number.isInteger(n) || n < 0)) return E.left(new ArgumentError(`fft: fft_lengths must be non-negative integers, got [${fft_lengths.join(", ")}].`));
  if (x.shape.length < k) return E.left(new ShapeError(`fft: a ${k}-axis transform needs an operand with at least ${k} axes, got ${showAval(x)}.`));
  const lead = x.shape.slice(0, x.shape.length - k);
  const trail = x.shape.slice(x.shape.length - k);
  const last = fft_lengths[k - 1];
  const wantTrail = fft_type === "IRFFT" ? [...fft_lengths.slice(0, -1), Math.floor(last / 2) + 1] : [...fft_lengths];
  if (trail.some((d, i) => d !== wantTrail[i])) {
    return E.left(new ShapeError(`fft: ${fft_type} with fft_lengths [${fft_lengths.join(", ")}] needs trailing axes [${wantTrail.join(", ")}], got ${showAval(x)}.`));
  }
  if (fft_type === "RFFT") {
    if (!isFloat(x.dtype)) return dtypeErr(`fft: RFFT expects a real floating operand, got ${showAval(x)}.`);
    return E.right([makeAval([...lead, ...fft_lengths.slice(0, -1), Math.floor(last / 2) + 1], complexDType(x.dtype))]);
  }
  if (!isComplex(x.dtype)) return dtypeErr(`fft: ${fft_type} expects a complex operand, got ${showAval(x)}; convert real input with astype("complex128") or use RFFT.`);
  if (fft_type === "IRFFT") return E.right([makeAval([...lead, ...fft_lengths], realDType(x.dtype))]);
  return E.right([x]);
}

const abstractEval: { readonly [P in ComplexPrim]: (avals: readonly Aval[], params: ComplexParams[P]) => Result } = {
  complex: (avals) => {
    if (avals.length !== 2) return E.left(new ArgumentError(`complex: expected 2 operands, got ${avals.length}.`));
    const [x, y] = avals;
    if (!isFloat(x.dtype) || x.dtype !== y.dtype) {
      return dtypeErr(`complex: expected two real floating operands of one dtype, got ${showAval(x)}, ${showAval(y)}.`);
    }
    if (x.shape.length !== y.shape.length || x.shape.some((d, i) => d !== y.shape[i])) {
      return E.left(new ShapeError(`complex: operands must have one shape, got ${showAval(x)}, ${showAval(y)}.`));
    }
    return E.right([makeAval(x.shape, complexDType(x.dtype))]);
  },
  real: complexPart("real"),
  imag: complexPart("imag"),
  conj: complexPart("conj"),
  fft: (avals, params) => one("fft", avals) ?? fftAval(avals, params),
};

/** The real and imaginary planes of interleaved complex storage, as float64. */
export function toPlanes(data: TypedArray, n: number): [Float64Array, Float64Array] {
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    re[i] = data[2 * i];
    im[i] = data[2 * i + 1];
  }
  return [re, im];
}

/** Interleaved storage of `dtype` from two planes (rounded once for complex64). */
export function fromPlanes(re: ArrayLike<number>, im: ArrayLike<number>, dtype: ComplexDType): TypedArray {
  const n = re.length;
  const out = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = re[i];
    out[2 * i + 1] = im[i];
  }
  return out;
}

function fftKernel(x: ConcreteArray, { fft_type, fft_lengths }: ComplexParams["fft"], out: Aval): ConcreteArray {
  const k = fft_lengths.length;
  const nd = x.shape.length;
  const axes = Array.from({ length: k }, (_, i) => nd - k + i);
  const n = fft_lengths[k - 1];
  if (fft_type === "RFFT") {
    // Each row of the last axis to its half spectrum (straight into the interleaved result
    // for one axis), then complex transforms over the others.
    const h = out.shape[nd - 1];
    const rows = n === 0 ? 0 : x.size / n;
    if (k === 1) {
      const o = allocate(out.dtype, rows * h);
      for (let r = 0; r < rows; r++) rfftLine(x.data, r * n, n, o, 2 * r * h, o, 2 * r * h + 1, 2);
      return new ConcreteArray(out, o);
    }
    const re = new Float64Array(rows * h);
    const im = new Float64Array(rows * h);
    for (let r = 0; r < rows; r++) rfftLine(x.data, r * n, n, re, r * h, im, r * h, 1);
    for (const a of axes.slice(0, -1)) dftAlongAxis(re, im, out.shape, a, false);
    return new ConcreteArray(out, fromPlanes(re, im, out.dtype as ComplexDType));
  }
  const [re, im] = toPlanes(x.data, x.size);
  if (fft_type === "IRFFT") {
    for (const a of axes.slice(0, -1)) dftAlongAxis(re, im, x.shape, a, true);
    const h = x.shape[nd - 1];
    const rows = h === 0 ? 0 : x.size / h;
    const o = allocate(out.dtype, rows * n);
    for (let r = 0; r < rows; r++) irfftLine(re, im, r * h, n, o, r * n);
    return new ConcreteArray(out, o);
  }
  for (const a of axes) dftAlongAxis(re, im, x.shape, a, fft_type === "IFFT");
  return new ConcreteArray(out, fromPlanes(re, im, out.dtype as ComplexDType));
}

type Impl<P extends ComplexPrim> = (args: readonly ConcreteArray[], params: ComplexParams[P], outAvals: readonly Aval[]) => ConcreteArray[];

function part(component: 0 | 1): Impl<"real" | "imag"> {
  return ([x], _p, [out]) => {
    const o = allocate(out.dtype, x.size);
    for (let i = 0; i < o.length; i++) o[i] = x.data[2 * i + component];
    return [new ConcreteArray(out, o)];
  };
}

const impl: { readonly [P in ComplexPrim]: Impl<P> } = {
  complex: ([x, y], _p, [out]) => [new ConcreteArray(out, fromPlanes(x.data, y.data, out.dtype as ComplexDType))],
  real: part(0),
  imag: part(1),
  conj: ([x], _p, [out]) => {
    const o = x.data.slice();
    for (let i = 1; i < o.length; i += 2) o[i] = -o[i];
    return [new ConcreteArray(out, o)];
  },
  fft: ([x], params, [out]) => [fftKernel(x, params, out)],
};

export const complexPrims = { abstractEval, impl };
