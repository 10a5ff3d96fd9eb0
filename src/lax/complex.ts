/** lax's complex primitives and its Fourier transform, one primitive each, no promotion. */
import type { FftType } from "../core/primitives";
import { ArgumentError } from "../core/errors";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { asTensor, laxOperands } from "../numpy/convert";

/**
 * x + iy from real floating arrays of one dtype and shape.
 * @example lax.complex(np.array([1]), np.array([2])) // c128[1]: [1+2j]
 */
export function complex(x: TensorLike, y: TensorLike): Tensor {
  return bind1("complex", laxOperands("lax.complex", [x, y]), {});
}

/** The real part of a complex array. @example lax.real(lax.complex(1, 2)) // 1 */
export function real(x: TensorLike): Tensor {
  return bind1("real", [asTensor(x, "lax.real")], {});
}

/** The imaginary part of a complex array. @example lax.imag(lax.complex(1, 2)) // 2 */
export function imag(x: TensorLike): Tensor {
  return bind1("imag", [asTensor(x, "lax.imag")], {});
}

/** The complex conjugate of a complex array. @example lax.conj(lax.complex(1, 2)) // 1-2j */
export function conj(x: TensorLike): Tensor {
  return bind1("conj", [asTensor(x, "lax.conj")], {});
}

const FFT_TYPES: readonly FftType[] = ["FFT", "IFFT", "RFFT", "IRFFT"];

/**
 * XLA's FFT over the trailing `fftLengths.length` (1 to 3) axes: "FFT" and "IFFT" (the
 * inverse divides by the product of the lengths) on complex input, "RFFT" from real input
 * to the n//2 + 1 non-negative frequencies, "IRFFT" back.
 * @example lax.fft(np.array([1, 2, 3, 4]), "RFFT", [4]) // [10+0j, -2+2j, -2+0j]
 */
export function fft(x: TensorLike, fftType: FftType, fftLengths: readonly number[]): Tensor {
  if (!FFT_TYPES.includes(fftType)) throw new ArgumentError(`lax.fft: fftType must be one of ${FFT_TYPES.join(", ")}, got ${JSON.stringify(fftType)}.`);
  if (!Array.isArray(fftLengths)) throw new ArgumentError(`lax.fft: fftLengths must be an array of 1 to 3 lengths, got ${String(fftLengths)}.`);
  return bind1("fft", [asTensor(x, "lax.fft")], { fft_type: fftType, fft_lengths: [...fftLengths] });
}
