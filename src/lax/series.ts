/** What the special functions share: Horner's rule over a coefficient table, and their float64 evaluation. */
import { DTypeError } from "../core/errors";
import type { Tensor, TensorLike } from "../core/tensor";
import * as np from "../numpy";
import { promoteInexact } from "../numpy/convert";

/** Σ cₖ wᵏ by Horner's rule, the coefficients highest power first. */
export const horner = (coefficients: readonly number[], w: Tensor): Tensor =>
  coefficients.slice(1).reduce((p, c) => np.add(np.multiply(p, w), c), np.fullLike(w, coefficients[0]));

/** log √(2π), the normal density's constant. */
export const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** `op`'s operand as a real floating array (ints and bools converted; complex refused). */
export function realOperand(op: string, x: TensorLike): Tensor {
  const [t] = promoteInexact(op, [x]);
  if (t.dtype !== "float64" && t.dtype !== "float32") throw new DTypeError(`${op}: complex input is not supported, got ${t.dtype}; take np.real or np.imag first.`);
  return t;
}

/**
 * `f` on `op`'s real floating operand in float64 (a float32 one rounds the float64 result
 * once; the coefficient tables are doubles); complex input refused.
 */
export function inFloat64(op: string, x: TensorLike, f: (x: Tensor) => Tensor): Tensor {
  const t = realOperand(op, x);
  return t.dtype === "float32" ? f(t.astype("float64")).astype("float32") : f(t);
}
