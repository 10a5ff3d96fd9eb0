/** Complex numbers in `np`: parts, conjugates, angles and the complex-or-real queries. */
import { isComplex } from "../core/dtype";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { conj, imag, real } from "./complex-parts";
import { asTensor } from "./convert";
import { arctan2, multiply } from "./elementwise";
import { takeAlongAxis } from "./take";
import { lexsort } from "./utilities";

export { conj, imag, real } from "./complex-parts";

/** Alias of {@link conj}. @example np.conjugate(np.array([{ re: 0, im: 1 }])) // [0-1j] */
export const conjugate = conj;

/**
 * The argument atan2(imag, real), in radians (or degrees with `deg`).
 * @example np.angle(np.array([{ re: 0, im: 1 }])) // [π/2]
 */
export function angle(z: TensorLike, deg = false): Tensor {
  const t = asTensor(z, "np.angle");
  const a = arctan2(imag(t), real(t));
  return deg ? multiply(a, 180 / Math.PI) : a;
}

/**
 * Elementwise: the imaginary part is nonzero.
 * @example np.iscomplex(np.array([{ re: 1, im: 0 }, { re: 1, im: 1 }])) // [false, true]
 */
export function iscomplex(x: TensorLike): Tensor {
  const t = asTensor(x, "np.iscomplex");
  return bind1("ne", [imag(t), asTensor(0, "np.iscomplex", imag(t).dtype)], {});
}

/**
 * Elementwise: the imaginary part is zero.
 * @example np.isreal(np.array([1, 2])) // [true, true]
 */
export function isreal(x: TensorLike): Tensor {
  const t = asTensor(x, "np.isreal");
  return bind1("eq", [imag(t), asTensor(0, "np.isreal", imag(t).dtype)], {});
}

/** Whether the array's dtype is complex. @example np.iscomplexobj(np.array([1])) // false */
export function iscomplexobj(x: TensorLike): boolean {
  return isComplex(asTensor(x, "np.iscomplexobj").dtype);
}

/** Whether the array's dtype is not complex. @example np.isrealobj(np.array([1])) // true */
export function isrealobj(x: TensorLike): boolean {
  return !iscomplexobj(x);
}

/**
 * A copy sorted by real part, then imaginary part, as complex (NumPy's order; NaNs last).
 * @example np.sortComplex([3, 1, 2]) // [1+0j, 2+0j, 3+0j]
 */
export function sortComplex(a: TensorLike): Tensor {
  const t = asTensor(a, "np.sortComplex");
  const z = isComplex(t.dtype) ? t : asTensor(t, "np.sortComplex", t.dtype === "float32" ? "complex64" : "complex128");
  const order = lexsort([imag(z), real(z)]);
  return takeAlongAxis(z, order, -1);
}
