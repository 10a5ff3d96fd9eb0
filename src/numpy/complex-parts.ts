/**
 * The parts of a complex array, |x|² and the refusal of complex input, in a leaf module:
 * elementwise functions, reductions, products and norms need them without the rest of
 * `complex.ts` (whose sort imports back into them).
 */
import { isComplex } from "../core/dtype";
import { DTypeError } from "../core/errors";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { asTensor } from "./convert";
import { zerosLike } from "./creation";

/**
 * The real part (a real array is its own real part).
 * @example np.real(np.array([{ re: 1, im: 2 }])) // [1]
 */
export function real(x: TensorLike): Tensor {
  const t = asTensor(x, "np.real");
  return isComplex(t.dtype) ? bind1("real", [t], {}) : t;
}

/**
 * The imaginary part (zeros for a real array).
 * @example np.imag(np.array([{ re: 1, im: 2 }])) // [2]
 */
export function imag(x: TensorLike): Tensor {
  const t = asTensor(x, "np.imag");
  return isComplex(t.dtype) ? bind1("imag", [t], {}) : zerosLike(t);
}

/**
 * The complex conjugate, a − ib (a real array is returned as it is).
 * @example np.conj(np.array([{ re: 1, im: 2 }])) // [1-2j]
 */
export function conj(x: TensorLike): Tensor {
  const t = asTensor(x, "np.conj");
  return isComplex(t.dtype) ? bind1("conj", [t], {}) : t;
}

/** |x|², real: x², or real(x·conj(x)) for a complex x (JAX's formula in var, std and norm). */
export function absSquare(t: Tensor): Tensor {
  return isComplex(t.dtype) ? bind1("real", [bind1("mul", [t, bind1("conj", [t], {})], {})], {}) : bind1("square", [t], {});
}

/** Refuses a complex operand where NumPy and JAX define the operation only on reals (rounding, hypot, fabs). */
export function refuseComplex(op: string, t: Tensor, instead: string): Tensor {
  if (isComplex(t.dtype)) throw new DTypeError(`${op}: complex input is not supported (NumPy and JAX refuse it too), got ${t.dtype}; ${instead}.`);
  return t;
}
