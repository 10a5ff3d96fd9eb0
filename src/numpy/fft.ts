/**
 * `np.fft`: NumPy's discrete Fourier transforms over chosen axes, each one `fft` primitive
 * (XLA's four kinds over up to three trailing axes) between transposes, with NumPy's
 * `n`/`s` (crop or zero-pad first) and `norm` ("backward": 1/n on the inverse; "ortho":
 * 1/√n both ways; "forward": 1/n on the forward transform). Frequencies and shifts too.
 */
import { complexDType, isComplex, isFloat } from "../core/dtype";
import { ArgumentError, DTypeError } from "../core/errors";
import type { FftType } from "../core/primitives";
import { normalizeAxis, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { asTensor, convert } from "./convert";
import { arange } from "./creation";
import { multiply } from "./elementwise";
import { concatenate, roll, transpose } from "./shape-ops";
import { conj } from "./complex";

/** NumPy's normalization modes. */
export type FftNorm = "backward" | "ortho" | "forward";

const KINDS: Readonly<Record<FftType, { readonly inverse: boolean }>> = {
  FFT: { inverse: false },
  IFFT: { inverse: true },
  RFFT: { inverse: false },
  IRFFT: { inverse: true },
};

function checkNorm(op: string, norm: FftNorm | null | undefined): FftNorm {
  const n = norm ?? "backward";
  if (n !== "backward" && n !== "ortho" && n !== "forward") {
    throw new ArgumentError(`${op}: norm must be "backward", "ortho" or "forward", got ${JSON.stringify(norm)}.`);
  }
  return n;
}

/** The operand in the dtype the transform takes: complex for FFT/IFFT/IRFFT, real floating for RFFT. */
function operand(op: string, x: TensorLike, kind: FftType): Tensor {
  const t = asTensor(x, op);
  if (kind === "RFFT") {
    if (isComplex(t.dtype)) throw new DTypeError(`${op}: expects real input, got ${t.dtype}; use np.fft.fft for complex input.`);
    return isFloat(t.dtype) ? t : convert(t, "float64");
  }
  if (isComplex(t.dtype)) return t;
  return convert(t, complexDType(isFloat(t.dtype) ? t.dtype : "float64"));
}

/** `x` cropped or zero-padded to `size` along `axis`. */
function fit(x: Tensor, axis: number, size: number): Tensor {
  const have = x.shape[axis];
  if (have === size) return x;
  if (have > size) {
    return bind1("slice", [x], {
      start_indices: x.shape.map(() => 0),
      limit_indices: x.shape.map((d, i) => (i === axis ? size : d)),
      strides: null,
    });
  }
  const config = x.shape.map((_, i) => (i === axis ? ([0, size - have, 0] as const) : ([0, 0, 0] as const)));
  return bind1("pad", [x, asTensor(0, "np.fft", x.dtype)], { padding_config: config });
}

/** Distinct normalized axes, and the transform sizes (`s`, else the input's, or 2(m − 1) for the last of an IRFFT). */
function plan(op: string, x: Tensor, s: readonly number[] | null | undefined, axes: readonly number[] | null | undefined, kind: FftType): { axes: number[]; sizes: number[] } {
  const given = axes ?? (s ? s.map((_, i) => x.ndim - s.length + i) : x.shape.map((_, i) => i));
  const ax = given.map((a) => unwrap(normalizeAxis(op, a, x.ndim)));
  if (new Set(ax).size !== ax.length) throw new ArgumentError(`${op}: axes must be distinct, got [${given.join(", ")}].`);
  if (s && s.length !== ax.length) throw new ArgumentError(`${op}: s and axes must have one entry per transformed axis, got s = [${s.join(", ")}] and axes = [${ax.join(", ")}].`);
  if (ax.length === 0) throw new ArgumentError(`${op}: no axes to transform.`);
  const sizes = ax.map((a, i) => {
    const n = s ? s[i] : kind === "IRFFT" && i === ax.length - 1 ? 2 * (x.shape[a] - 1) : x.shape[a];
    if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`${op}: invalid number of data points ${n} along axis ${a}; it must be a positive integer.`);
    return n;
  });
  return { axes: ax, sizes };
}

/** One `fft` primitive over the last `sizes.length` axes (at most three; longer lists chain). */
function lastAxes(x: Tensor, kind: FftType, sizes: readonly number[]): Tensor {
  if (sizes.length <= 3) return bind1("fft", [x], { fft_type: kind, fft_lengths: [...sizes] });
  // Separable: the first axes as complex transforms, then the last three of the kind asked for.
  const head = sizes.slice(0, sizes.length - 3);
  const tail = sizes.slice(sizes.length - 3);
  const nd = x.ndim;
  const inverse = KINDS[kind].inverse;
  const complexKind: FftType = inverse ? "IFFT" : "FFT";
  // Bring the head axes to the end, transform, and put them back.
  const front = nd - sizes.length;
  const perm = [...Array(front).keys(), ...tail.map((_, i) => front + head.length + i), ...head.map((_, i) => front + i)];
  const inv = perm.map((_, i) => perm.indexOf(i));
  const transformHead = (v: Tensor) => transpose(lastAxes(transpose(v, perm), complexKind, head), inv);
  if (kind === "IRFFT") return bind1("fft", [transformHead(x)], { fft_type: kind, fft_lengths: tail });
  const y = bind1("fft", [x], { fft_type: kind, fft_lengths: tail });
  return transformHead(y);
}

function transform(op: string, x: TensorLike, s: readonly number[] | null | undefined, axes: readonly number[] | null | undefined, norm: FftNorm | null | undefined, kind: FftType): Tensor {
  const mode = checkNorm(op, norm);
  let t = operand(op, x, kind);
  const { axes: ax, sizes } = plan(op, t, s, axes, kind);
  ax.forEach((a, i) => {
    const want = kind === "IRFFT" && i === ax.length - 1 ? Math.floor(sizes[i] / 2) + 1 : sizes[i];
    t = fit(t, a, want);
  });
  const rest = t.shape.map((_, i) => i).filter((i) => !ax.includes(i));
  const perm = [...rest, ...ax];
  const inv = perm.map((_, i) => perm.indexOf(i));
  const moved = perm.every((p, i) => p === i) ? t : transpose(t, perm);
  const y0 = lastAxes(moved, kind, sizes);
  let y = perm.every((p, i) => p === i) ? y0 : transpose(y0, inv);
  const n = sizes.reduce((a, b) => a * b, 1);
  const inverse = KINDS[kind].inverse;
  // The primitive divides the inverse by n; other modes rescale.
  const scale = mode === "backward" ? 1 : mode === "ortho" ? (inverse ? Math.sqrt(n) : 1 / Math.sqrt(n)) : inverse ? n : 1 / n;
  if (scale !== 1) y = multiply(y, scale);
  return y;
}

const lastAxis = (n: number | null | undefined, axis: number) => ({ s: n === null || n === undefined ? null : [n], axes: [axis] });

/**
 * The one-dimensional DFT along `axis` (cropped or zero-padded to `n` points first).
 * @example np.fft.fft([1, 0, 0, 0]) // [1+0j, 1+0j, 1+0j, 1+0j]
 */
export function fft(a: TensorLike, n?: number | null, axis = -1, norm?: FftNorm | null): Tensor {
  const { s, axes } = lastAxis(n, axis);
  return transform("np.fft.fft", a, s, axes, norm, "FFT");
}

/**
 * The inverse of {@link fft}.
 * @example np.fft.ifft(np.fft.fft([1, 2, 3])) // [1+0j, 2+0j, 3+0j]
 */
export function ifft(a: TensorLike, n?: number | null, axis = -1, norm?: FftNorm | null): Tensor {
  const { s, axes } = lastAxis(n, axis);
  return transform("np.fft.ifft", a, s, axes, norm, "IFFT");
}

/**
 * The DFT of real input: the n//2 + 1 non-negative frequencies.
 * @example np.fft.rfft([1, 2, 3, 4]) // [10+0j, -2+2j, -2+0j]
 */
export function rfft(a: TensorLike, n?: number | null, axis = -1, norm?: FftNorm | null): Tensor {
  const { s, axes } = lastAxis(n, axis);
  return transform("np.fft.rfft", a, s, axes, norm, "RFFT");
}

/**
 * The inverse of {@link rfft}: `n` real points (default 2(m − 1) from m frequencies).
 * @example np.fft.irfft(np.fft.rfft([1, 2, 3, 4])) // [1, 2, 3, 4]
 */
export function irfft(a: TensorLike, n?: number | null, axis = -1, norm?: FftNorm | null): Tensor {
  const { s, axes } = lastAxis(n, axis);
  return transform("np.fft.irfft", a, s, axes, norm, "IRFFT");
}

/**
 * The DFT of a Hermitian-symmetric signal given by its first half: real output of `n` points.
 * @example np.fft.hfft([1, 0, 0]) // [1, 1, 1, 1]
 */
export function hfft(a: TensorLike, n?: number | null, axis = -1, norm?: FftNorm | null): Tensor {
  const swapped: FftNorm = norm === "forward" ? "backward" : norm === "ortho" ? "ortho" : "forward";
  return irfft(conj(operand("np.fft.hfft", a, "FFT")), n, axis, swapped);
}

/**
 * The inverse of {@link hfft}: the half spectrum of a real signal, conjugated and scaled by 1/n.
 * @example np.fft.ihfft([1, 1, 1, 1]) // [1+0j, 0+0j, 0+0j]
 */
export function ihfft(a: TensorLike, n?: number | null, axis = -1, norm?: FftNorm | null): Tensor {
  const swapped: FftNorm = norm === "forward" ? "backward" : norm === "ortho" ? "ortho" : "forward";
  return conj(rfft(a, n, axis, swapped));
}

/**
 * The two-dimensional DFT over `axes` (default the last two).
 * @example np.fft.fft2(np.ones([2, 2])) // [[4+0j, 0+0j], [0+0j, 0+0j]]
 */
export function fft2(a: TensorLike, s?: readonly number[] | null, axes: readonly number[] = [-2, -1], norm?: FftNorm | null): Tensor {
  return transform("np.fft.fft2", a, s, axes, norm, "FFT");
}

/** The inverse of {@link fft2}. @example np.fft.ifft2(np.fft.fft2(np.eye(2))) // the identity, complex */
export function ifft2(a: TensorLike, s?: readonly number[] | null, axes: readonly number[] = [-2, -1], norm?: FftNorm | null): Tensor {
  return transform("np.fft.ifft2", a, s, axes, norm, "IFFT");
}

/** The two-dimensional DFT of real input (half the last axis). @example np.fft.rfft2(np.ones([2, 4])).shape // [2, 3] */
export function rfft2(a: TensorLike, s?: readonly number[] | null, axes: readonly number[] = [-2, -1], norm?: FftNorm | null): Tensor {
  return transform("np.fft.rfft2", a, s, axes, norm, "RFFT");
}

/** The inverse of {@link rfft2}. @example np.fft.irfft2(np.fft.rfft2(np.eye(4))) // the identity */
export function irfft2(a: TensorLike, s?: readonly number[] | null, axes: readonly number[] = [-2, -1], norm?: FftNorm | null): Tensor {
  return transform("np.fft.irfft2", a, s, axes, norm, "IRFFT");
}

/** The n-dimensional DFT over `axes` (default all, or the last `s.length`). @example np.fft.fftn(np.ones([2, 2, 2])) // 8 at the origin */
export function fftn(a: TensorLike, s?: readonly number[] | null, axes?: readonly number[] | null, norm?: FftNorm | null): Tensor {
  return transform("np.fft.fftn", a, s, axes, norm, "FFT");
}

/** The inverse of {@link fftn}. @example np.fft.ifftn(np.fft.fftn(x)) // x, complex */
export function ifftn(a: TensorLike, s?: readonly number[] | null, axes?: readonly number[] | null, norm?: FftNorm | null): Tensor {
  return transform("np.fft.ifftn", a, s, axes, norm, "IFFT");
}

/** The n-dimensional DFT of real input. @example np.fft.rfftn(np.ones([2, 2, 4])).shape // [2, 2, 3] */
export function rfftn(a: TensorLike, s?: readonly number[] | null, axes?: readonly number[] | null, norm?: FftNorm | null): Tensor {
  return transform("np.fft.rfftn", a, s, axes, norm, "RFFT");
}

/** The inverse of {@link rfftn}. @example np.fft.irfftn(np.fft.rfftn(x), x.shape) // x */
export function irfftn(a: TensorLike, s?: readonly number[] | null, axes?: readonly number[] | null, norm?: FftNorm | null): Tensor {
  return transform("np.fft.irfftn", a, s, axes, norm, "IRFFT");
}

function checkCount(op: string, n: number, d: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`${op}: n must be a positive integer, got ${n}.`);
  if (typeof d !== "number" || !(d !== 0)) throw new ArgumentError(`${op}: the sample spacing d must be a nonzero number, got ${String(d)}.`);
}

/**
 * The sample frequencies of an n-point DFT with spacing `d`: [0, 1, …, n/2 − 1, −n/2, …, −1] / (d n).
 * @example np.fft.fftfreq(4) // [0, 0.25, -0.5, -0.25]
 */
export function fftfreq(n: number, d = 1): Tensor {
  checkCount("np.fft.fftfreq", n, d);
  const pos = Math.floor((n - 1) / 2) + 1;
  const k = concatenate([arange(0, pos), arange(-Math.floor(n / 2), 0)]);
  return multiply(k, 1 / (d * n));
}

/**
 * The non-negative sample frequencies of an n-point real DFT: [0, 1, …, n//2] / (d n).
 * @example np.fft.rfftfreq(4) // [0, 0.25, 0.5]
 */
export function rfftfreq(n: number, d = 1): Tensor {
  checkCount("np.fft.rfftfreq", n, d);
  return multiply(arange(0, Math.floor(n / 2) + 1), 1 / (d * n));
}

function shiftAxes(op: string, x: Tensor, axes: number | readonly number[] | null | undefined): number[] {
  const list = axes === null || axes === undefined ? x.shape.map((_, i) => i) : typeof axes === "number" ? [axes] : [...axes];
  return list.map((a) => unwrap(normalizeAxis(op, a, x.ndim)));
}

/**
 * Moves the zero frequency to the centre: rolls each axis by n//2.
 * @example np.fft.fftshift(np.fft.fftfreq(4)) // [-0.5, -0.25, 0, 0.25]
 */
export function fftshift(x: TensorLike, axes?: number | readonly number[] | null): Tensor {
  const t = asTensor(x, "np.fft.fftshift");
  const ax = shiftAxes("np.fft.fftshift", t, axes);
  return ax.length === 0 ? t : roll(t, ax.map((a) => Math.floor(t.shape[a] / 2)), ax);
}

/**
 * The inverse of {@link fftshift}: rolls each axis back by −(n//2).
 * @example np.fft.ifftshift(np.fft.fftshift(np.arange(5))) // [0, 1, 2, 3, 4]
 */
export function ifftshift(x: TensorLike, axes?: number | readonly number[] | null): Tensor {
  const t = asTensor(x, "np.fft.ifftshift");
  const ax = shiftAxes("np.fft.ifftshift", t, axes);
  return ax.length === 0 ? t : roll(t, ax.map((a) => -Math.floor(t.shape[a] / 2)), ax);
}
