/**
 * `logaddexp` and `logaddexp2`: log(eˣ + eʸ) (and log₂(2ˣ + 2ʸ)) without overflow, with
 * JAX's definitions — NaN or equal infinities pass through x + y, and a custom JVP whose
 * weights treat +inf as 0 so the derivative stays finite where the naive one is NaN.
 */
import type { Tensor, TensorLike } from "../core/tensor";
import { customJvp } from "../transforms/custom";
import { promoteInexact } from "./convert";
import { broadcastArrays } from "./shape-ops";
import { abs, add, divide, exp, exp2, isnan, isposinf, log1p, maximum, multiply, negative, subtract, where } from "./elementwise";

/** x with +inf replaced by 0 (JAX's `_replace_inf`). */
const replaceInf = (x: Tensor) => where(isposinf(x), 0, x);

function make(base2: boolean) {
  const ln2 = Math.LN2;
  const f = customJvp((a: Tensor, b: Tensor): Tensor => {
    const amax = maximum(a, b);
    const delta = subtract(a, b);
    const rest = base2 ? divide(log1p(exp2(negative(abs(delta)))), ln2) : log1p(exp(negative(abs(delta))));
    return where(isnan(delta), add(a, b), add(amax, rest));
  });
  f.defjvp(([a, b]: Tensor[], [ta, tb]: Tensor[]) => {
    const out = f(a, b);
    const weight = (x: Tensor) => (base2 ? exp2(subtract(replaceInf(x), replaceInf(out))) : exp(subtract(replaceInf(x), replaceInf(out))));
    return [out, add(multiply(ta, weight(a)), multiply(tb, weight(b)))];
  });
  return f;
}

const natural = make(false);
const binary = make(true);

/**
 * log(eˣ¹ + eˣ²), elementwise with broadcasting, computed without overflow.
 * @example np.logaddexp(1000, 1000) // 1000.6931471805599
 */
export function logaddexp(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = promoteInexact("np.logaddexp", [x1, x2]);
  const [x, y] = broadcastArrays(a, b);
  return natural(x, y);
}

/**
 * log₂(2ˣ¹ + 2ˣ²), elementwise with broadcasting, computed without overflow.
 * @example np.logaddexp2(1, 1) // 2
 */
export function logaddexp2(x1: TensorLike, x2: TensorLike): Tensor {
  const [a, b] = promoteInexact("np.logaddexp2", [x1, x2]);
  const [x, y] = broadcastArrays(a, b);
  return binary(x, y);
}
