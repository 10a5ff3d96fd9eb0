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
import { ArgumentError, DTypeError, type JitgradError, ShapeError } from "../errors";
import { dftAlongAxis } from "../kernels/fft";
import { sizeOf } from "../shape";

export const COMPLEX_PRIMS = ["complex", "real", "imag", "conj", "fft"] as const;
export type ComplexPrim = (typeof COMPLEX_PRIMS)[number];

/** XLA's transform kinds: complex↔complex forward and inverse, real→complex and back. */
export type FftType = "FFT" | "IFFT" | "RFFT" | "IRFFT";

type NoParams = Readonly<Record<never, never>>;

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

/** Copies the leading `keep` entries of the last axis of planes of `shape` into planes whose last axis is `size` (zeros beyond). */
function resizeLastAxis(re: Float64Array, im: Float64Array, shape: readonly number[], size: number): [Float64Array, Float64Array] {
  const from = shape[shape.length - 1];
  const rows = from === 0 ? sizeOf(shape.slice(0, -1)) : re.length / from;
  const keep = Math.min(from, size);
  const outRe = new Float64Array(rows * size);
  const outIm = new Float64Array(rows * size);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < keep; k++) {
      outRe[r * size + k] = re[r * from + k];
      outIm[r * size + k] = im[r * from + k];
    }
  }
  return [outRe, outIm];
}

function fftKernel(x: ConcreteArray, { fft_type, fft_lengths }: ComplexParams["fft"], out: Aval): ConcreteArray {
  const k = fft_lengths.length;
  const nd = x.shape.length;
  const axes = Array.from({ length: k }, (_, i) => nd - k + i);
  const inverse = fft_type === "IFFT" || fft_type === "IRFFT";
  let re: Float64Array;
  let im: Float64Array;
  let shape = [...x.shape];
  if (fft_type === "RFFT") {
    re = Float64Array.from(x.data);
    im = new Float64Array(re.length);
    dftAlongAxis(re, im, shape, nd - 1, false);
    const half = out.shape[nd - 1];
    [re, im] = resizeLastAxis(re, im, shape, half);
    shape = [...shape.slice(0, -1), half];
    for (const a of axes.slice(0, -1)) dftAlongAxis(re, im, shape, a, false);
    return new ConcreteArray(out, fromPlanes(re, im, out.dtype as ComplexDType));
  }
  [re, im] = toPlanes(x.data, x.size);
  if (fft_type === "IRFFT") {
    for (const a of axes.slice(0, -1)) dftAlongAxis(re, im, shape, a, true);
    // The Hermitian extension of the last axis: X[n−j] = conj(X[j]); the imaginary parts of
    // X[0] (and X[n/2] for even n) cannot survive in a real signal and are dropped, as pocketfft does.
    const n = fft_lengths[k - 1];
    const half = shape[nd - 1];
    const rows = x.size / Math.max(half, 1);
    const fullRe = new Float64Array(rows * n);
    const fullIm = new Float64Array(rows * n);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < n; j++) {
        const src = j < half ? j : n - j;
        const sign = j < half ? 1 : -1;
        fullRe[r * n + j] = re[r * half + src];
        fullIm[r * n + j] = sign * im[r * half + src];
      }
      fullIm[r * n] = 0;
      if (n % 2 === 0 && n > 0) fullIm[r * n + n / 2] = 0;
    }
    shape = [...shape.slice(0, -1), n];
    dftAlongAxis(fullRe, fullIm, shape, nd - 1, true);
    const o = allocate(out.dtype, fullRe.length);
    o.set(fullRe);
    return new ConcreteArray(out, o);
  }
  for (const a of axes) dftAlongAxis(re, im, shape, a, inverse);
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
