/**
 * `scipy.special`: the error function family and the normal distribution's Φ and Φ⁻¹
 * (`erf erfc ndtr logNdtr ndtri`), log Γ, ψ and log B (`gammaln digamma betaln`), and the log helpers that make 0·log 0 = 0
 * (`xlogy xlog1py entr logit`), with jax.scipy.special's definitions and derivatives.
 */
import type { Tensor, TensorLike } from "../core/tensor";
import { expNegSquare, erf as laxErf, erfc as laxErfc, erfInv, scaledErfc } from "../lax/special";
import { digamma as laxDigamma, lgamma, stirlingCorrection } from "../lax/gamma";
import { LOG_SQRT_2PI, inFloat64, realOperand } from "../lax/series";
import * as np from "../numpy";
import { promoteInexact } from "../numpy/convert";
import { customJvp } from "../transforms/custom";

/** The error function, as lax.erf. @example scipy.special.erf(0.5) // 0.5204998778130465 */
export function erf(x: TensorLike): Tensor {
  return laxErf(x);
}

/** The complementary error function 1 − erf(x), as lax.erfc. @example scipy.special.erfc(3) // 2.209049699858544e-5 */
export function erfc(x: TensorLike): Tensor {
  return laxErfc(x);
}

/** log|Γ(x)|, as lax.lgamma. @example scipy.special.gammaln(5) // 3.1780538303479458 (log 24) */
export function gammaln(x: TensorLike): Tensor {
  return lgamma(x);
}

/** ψ(x) = d/dx log Γ(x), as lax.digamma. @example scipy.special.digamma(1) // -0.5772156649015329 */
export function digamma(x: TensorLike): Tensor {
  return laxDigamma(x);
}

/** log|B(a, b)| in float64 for a, b > 0. */
const betalnAt = customJvp((a: Tensor, b: Tensor): Tensor => {
  const x = np.minimum(a, b);
  const y = np.maximum(a, b);
  // y >= 10: log Γ(y) − log Γ(x + y) with Stirling's leading terms cancelled by hand,
  // −(x + y − ½)·log1p(x/y) − x·log y + x, plus the corrections' difference: subtracting the
  // two log Γ would lose their common magnitude (y log y) in relative precision.
  const yBig = np.maximum(y, 10);
  const cancelled = np.add(np.subtract(np.multiply(np.negative(np.subtract(np.add(x, yBig), 0.5)), np.log1p(np.divide(x, yBig))), np.multiply(x, np.log(yBig))), x);
  const difference = np.add(cancelled, np.subtract(stirlingCorrection(yBig), stirlingCorrection(np.add(x, yBig))));
  const large = np.add(lgamma(x), difference);
  const small = np.subtract(np.add(lgamma(x), lgamma(y)), lgamma(np.add(x, y)));
  return np.where(np.greaterEqual(y, 10), large, small);
});
// ∂/∂a log B = ψ(a) − ψ(a + b), and alike for b.
betalnAt.defjvp(([a, b], [ta, tb]) => {
  const both = laxDigamma(np.add(a, b));
  return [betalnAt(a, b), np.add(np.multiply(ta, np.subtract(laxDigamma(a), both)), np.multiply(tb, np.subtract(laxDigamma(b), both)))];
});

/**
 * log|B(a, b)| = log Γ(a) + log Γ(b) − log Γ(a + b), without the cancellation of that
 * difference when a or b is large (log B(1e6, 3) to the last digits); derivatives
 * ψ(a) − ψ(a + b) and ψ(b) − ψ(a + b).
 * @example scipy.special.betaln(2, 3) // -2.4849066497880004 (log 1/12)
 */
export function betaln(a: TensorLike, b: TensorLike): Tensor {
  const op = "scipy.special.betaln";
  const [x, y] = np.broadcastArrays(...promoteInexact(op, [a, b]));
  return inFloat64(op, x, (t) => betalnAt(t, y.astype("float64"))).astype(x.dtype);
}

/** Φ(x) in float64. */
const ndtrAt = customJvp((x: Tensor): Tensor => {
  const a = np.abs(x);
  const central = np.multiply(np.add(1, laxErf(np.multiply(x, Math.SQRT1_2))), 0.5);
  // Beyond √2, Φ(−|x|) = e^(−x²/2)·erfcx(|x|/√2)/2 with the exponent from x itself: erfc of
  // the rounded x/√2 would be off by x²·2⁻⁵³ relative (4e-14 at x = −20). Clamped to
  // [√2, 40]: the central lanes stay in erfcx's range, and Φ(−40) is 0 anyway.
  const b = np.clip(a, Math.SQRT2, 40);
  const lower = np.multiply(np.multiply(expNegSquare(b, 0.5), scaledErfc(np.multiply(b, Math.SQRT1_2))), 0.5);
  return np.where(np.less(a, Math.SQRT2), central, np.where(np.less(x, 0), lower, np.subtract(1, lower)));
});
ndtrAt.defjvp(([x], [t]) => [ndtrAt(x), np.multiply(t, np.divide(expNegSquare(x, 0.5), Math.sqrt(2 * Math.PI)))]);

/**
 * The standard normal CDF Φ(x) = (1 + erf(x/√2))/2, in the tails from erfcx and x's
 * exact square, so Φ(−30) is 4.906713927148187e-198 to the last digits.
 * @example scipy.special.ndtr(1) // 0.8413447460685429
 */
export function ndtr(x: TensorLike): Tensor {
  return inFloat64("scipy.special.ndtr", x, ndtrAt);
}

/** log φ(x) = −x²/2 − log √(2π). */
const logPdfAt = (x: Tensor) => np.subtract(np.multiply(np.square(x), -0.5), LOG_SQRT_2PI);

/** log Φ(x) in float64, from one erfcx: by the branch that keeps its digits. */
const logNdtrAt = customJvp((x: Tensor): Tensor => {
  const a = np.abs(x);
  const b = np.maximum(a, Math.SQRT2);
  // erfcx(|x|/√2)/2 = Φ(−|x|)·e^(x²/2) beyond √2; Φ(−|x|) itself (0 past 40, where it underflows anyway).
  const scaled = np.multiply(scaledErfc(np.multiply(b, Math.SQRT1_2)), 0.5);
  const tail = np.where(np.less(a, Math.SQRT2), np.multiply(np.add(1, laxErf(np.multiply(a, -Math.SQRT1_2))), 0.5), np.multiply(scaled, expNegSquare(np.minimum(b, 40), 0.5)));
  // Below −√2: log(erfcx(|x|/√2)/2) − x²/2, which neither underflows nor cancels; above 0:
  // log1p(−Φ(−x)), as Φ(−x) <= 1/2 is accurate where 1 − it is not; between: log Φ(x).
  const far = np.subtract(np.log(scaled), np.multiply(np.square(x), 0.5));
  return np.where(np.less(x, -Math.SQRT2), far, np.where(np.greater(x, 0), np.log1p(np.negative(tail)), np.log(tail)));
});
// d/dx log Φ = φ(x)/Φ(x) = exp(log φ(x) − log Φ(x)).
logNdtrAt.defjvp(([x], [t]) => {
  const y = logNdtrAt(x);
  return [y, np.multiply(t, np.exp(np.subtract(logPdfAt(x), y)))];
});

/**
 * log Φ(x), accurate far into both tails (log Φ(−40) = −804.6…, log Φ(10) = −7.6e-24).
 * @example scipy.special.logNdtr(-10) // -53.23128515051247
 */
export function logNdtr(x: TensorLike): Tensor {
  return inFloat64("scipy.special.logNdtr", x, logNdtrAt);
}

/** Φ⁻¹(p) for p <= 1/2 (float64): a first guess refined by Halley's method on log Φ. */
function ndtriLower(p: Tensor): Tensor {
  // The guess: √2·erfinv(2p − 1), or for p below 1e-10 (where 2p − 1 keeps few of p's
  // digits) the tail's asymptote x² ≈ L − log L − log 2π, L = −2 log p.
  const moderate = np.multiply(erfInv(np.subtract(np.multiply(p, 2), 1)), Math.SQRT2);
  const L = np.multiply(np.log(np.maximum(p, Number.MIN_VALUE)), -2);
  const asymptote = np.negative(np.sqrt(np.subtract(np.subtract(L, np.log(L)), Math.log(2 * Math.PI))));
  let x = np.where(np.less(p, 1e-10), asymptote, moderate);
  const logP = np.log(p);
  // Halley on f(x) = log Φ(x) − log p, with f′ = r = φ/Φ and f″ = −r(x + r):
  // x − f/(r + f(x + r)/2). Cubic, so two steps take the asymptote's 1e-3 past 1e-18.
  for (let step = 0; step < 2; step++) {
    const logCdf = logNdtrAt(x);
    const f = np.subtract(logCdf, logP);
    const r = np.exp(np.subtract(logPdfAt(x), logCdf));
    x = np.subtract(x, np.divide(f, np.add(r, np.multiply(np.multiply(f, np.add(x, r)), 0.5))));
  }
  return x;
}

const ndtriAt = customJvp((p: Tensor): Tensor => {
  // The upper half by symmetry: 1 − p is exact for p >= 1/2.
  const upper = np.greater(p, 0.5);
  const q = np.where(upper, np.subtract(1, p), p);
  const x = ndtriLower(np.clip(q, Number.MIN_VALUE, 0.5));
  const signed = np.where(upper, np.negative(x), x);
  const edge = np.where(np.equal(p, 0), -Infinity, np.where(np.equal(p, 1), Infinity, NaN));
  return np.where(np.logicalAnd(np.greater(p, 0), np.less(p, 1)), signed, edge);
});
// dΦ⁻¹/dp = 1/φ(Φ⁻¹(p)) = √(2π)·exp(x²/2).
ndtriAt.defjvp(([p], [t]) => {
  const x = ndtriAt(p);
  return [x, np.multiply(t, np.multiply(np.exp(np.multiply(np.square(x), 0.5)), Math.sqrt(2 * Math.PI)))];
});

/**
 * The normal quantile Φ⁻¹(p): −∞ at 0, ∞ at 1, NaN outside [0, 1]; accurate to the
 * smallest p (Φ⁻¹(1e-300) = −37.0471…).
 * @example scipy.special.ndtri(0.975) // 1.959963984540054
 */
export function ndtri(p: TensorLike): Tensor {
  return inFloat64("scipy.special.ndtri", p, ndtriAt);
}

const xlogyAt = customJvp((x: Tensor, y: Tensor): Tensor => np.where(np.notEqual(x, 0), np.multiply(x, np.log(y)), np.zerosLike(x)));
xlogyAt.defjvp(([x, y], [tx, ty]) => [xlogyAt(x, y), np.add(np.multiply(tx, np.log(y)), np.divide(np.multiply(ty, x), y))]);

/**
 * x·log(y), and 0 where x = 0 (whatever y), as entropies need; JAX's derivative
 * (log y, x/y), unmasked.
 * @example scipy.special.xlogy(0, 0) // 0
 */
export function xlogy(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = np.broadcastArrays(...promoteInexact("scipy.special.xlogy", [x, y]));
  return xlogyAt(a, b);
}

const xlog1pyAt = customJvp((x: Tensor, y: Tensor): Tensor => np.where(np.notEqual(x, 0), np.multiply(x, np.log1p(y)), np.zerosLike(x)));
xlog1pyAt.defjvp(([x, y], [tx, ty]) => [xlog1pyAt(x, y), np.add(np.multiply(tx, np.log1p(y)), np.divide(np.multiply(ty, x), np.add(y, 1)))]);

/**
 * x·log(1 + y), and 0 where x = 0.
 * @example scipy.special.xlog1py(0, -1) // 0
 */
export function xlog1py(x: TensorLike, y: TensorLike): Tensor {
  const [a, b] = np.broadcastArrays(...promoteInexact("scipy.special.xlog1py", [x, y]));
  return xlog1pyAt(a, b);
}

const xlogxAt = customJvp((x: Tensor): Tensor => np.where(np.equal(x, 0), np.zerosLike(x), np.multiply(x, np.log(x))));
xlogxAt.defjvp(([x], [t]) => [xlogxAt(x), np.multiply(t, np.add(np.log(x), 1))]);

/**
 * The entropy term −x·log x: 0 at 0, −∞ for x < 0 (NaN stays NaN).
 * @example scipy.special.entr(0.5) // 0.34657359027997264
 */
export function entr(x: TensorLike): Tensor {
  const t = realOperand("scipy.special.entr", x);
  return np.where(np.less(t, 0), np.fullLike(t, -Infinity), np.negative(xlogxAt(t)));
}

const logitAt = customJvp((x: Tensor): Tensor => np.log(np.divide(x, np.subtract(1, x))));
logitAt.defjvp(([x], [t]) => [logitAt(x), np.divide(t, np.multiply(x, np.subtract(1, x)))]);

/**
 * log(x/(1 − x)), the inverse of nn.sigmoid (scipy's expit).
 * @example scipy.special.logit(0.75) // 1.0986122886681098
 */
export function logit(x: TensorLike): Tensor {
  return logitAt(realOperand("scipy.special.logit", x));
}
