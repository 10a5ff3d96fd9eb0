/** Special functions built from elementwise primitives: erf, erfc and erfInv. */
import type { Tensor, TensorLike } from "../core/tensor";
import * as np from "../numpy";
import { promoteInexact } from "../numpy/convert";
import { customJvp } from "../transforms/custom";
import { ERF_SMALL, ERFCX_FAR, ERFCX_MID } from "./erf-coefficients";
import { horner, inFloat64 } from "./series";

/**
 * Giles' double-precision erfinv ("Approximating the erfinv function", GPU Computing Gems,
 * 2011): three polynomials in w = -log((1 - x)(1 + x)), the same scheme XLA uses for f64.
 * Coefficients run from the highest power down.
 */
const CENTRAL = [
  -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18, 1.115787767802518096e-17,
  -1.333171662854620906e-16, 2.0972767875968561637e-17, 6.6376381343583238325e-15, -4.0545662729752068639e-14,
  -8.1519341976054721522e-14, 2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11,
  1.051212273321532285e-9, -4.1126339803469836976e-9, -2.9070369957882005086e-8, 4.2347877827932403518e-7,
  -1.3654692000834678645e-6, -1.3882523362786468719e-5, 0.0001867342080340571352, -0.00074070253416626697512,
  -0.0060336708714301490533, 0.24015818242558961693, 1.6536545626831027356,
];
const TAIL = [
  2.2137376921775787049e-9, 9.0756561938885390979e-8, -2.7517406297064545428e-7, 1.8239629214389227755e-8,
  1.5027403968909827627e-6, -4.013867526981545969e-6, 2.9234449089955446044e-6, 1.2475304481671778723e-5,
  -4.7318229009055733981e-5, 6.8284851459573175448e-5, 2.4031110387097893999e-5, -0.0003550375203628474796,
  0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066, -0.0037512085075692412107,
  0.005370914553590063617, 1.0052589676941592334, 3.0838856104922207635,
];
const FAR_TAIL = [
  -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-9, -3.7894654401267369937e-9,
  7.6157012080783393804e-9, -1.4960026627149240478e-8, 2.9147953450901080826e-8, -6.7711997758452339498e-8,
  2.2900482228026654717e-7, -9.9298272942317002539e-7, 4.5260625972231537039e-6, -1.9681778105531670567e-5,
  7.5995277030017761139e-5, -0.00021503011930044477347, -0.00013871931833623122026, 1.0103004648645343977,
  4.8499064014085844221,
];

const erfInvAt = customJvp((x: Tensor): Tensor => {
  const w = np.negative(np.log(np.multiply(np.subtract(1, x), np.add(1, x))));
  const s = np.sqrt(w);
  const p = np.where(
    np.less(w, 6.25),
    horner(CENTRAL, np.subtract(w, 3.125)),
    np.where(np.less(w, 16), horner(TAIL, np.subtract(s, 3.25)), horner(FAR_TAIL, np.subtract(s, 5))),
  );
  // The polynomials are NaN at w = ∞; erfinv(±1) = ±∞.
  return np.where(np.equal(np.abs(x), 1), np.multiply(x, Infinity), np.multiply(p, x));
});
erfInvAt.defjvp(([x], [t]) => {
  const y = erfInvAt(x);
  return [y, np.multiply(t, np.multiply(Math.sqrt(Math.PI) / 2, np.exp(np.square(y))))];
});

/**
 * The inverse error function: erfInv(erf(y)) = y on (-1, 1), ±∞ at ±1, NaN outside.
 * Accurate to a few ulp in float64; its derivative is √π/2 · exp(erfInv(x)²).
 * @example lax.erfInv(0.5) // 0.4769362762044699
 */
export function erfInv(x: TensorLike): Tensor {
  return erfInvAt(promoteInexact("lax.erfInv", [x])[0]);
}

/**
 * exp(−c·x²) to a few ulp, for c a power of two: x² rounded would carry c·x²·2⁻⁵³ of
 * absolute error into the exponent (0.3 ulp of the result per unit of c·x²), so x splits
 * into a head of float32 precision, whose square is exact, and a tail:
 * exp(−c·h²)·exp(−c·(2h·t + t²)).
 */
export function expNegSquare(x: Tensor, c = 1): Tensor {
  const head = np.asarray(x).astype("float32").astype("float64");
  const tail = np.subtract(x, head);
  const rest = np.add(np.multiply(np.multiply(head, 2), tail), np.square(tail));
  return np.multiply(np.exp(np.multiply(np.square(head), -c)), np.exp(np.multiply(rest, -c)));
}

/** erfcx(a) = exp(a²)·erfc(a) for a >= 1 (float64), from the fits of scripts/fit-erf.py. */
export function scaledErfc(a: Tensor): Tensor {
  const mid = horner(ERFCX_MID, np.divide(np.subtract(np.multiply(a, 2), 5), 3));
  const far = np.divide(horner(ERFCX_FAR, np.divide(1, np.square(a))), np.multiply(a, Math.sqrt(Math.PI)));
  return np.where(np.less(a, 4), mid, far);
}

/**
 * erfc(|x|) for |x| > 1 (float64). The operand is clamped to [1, 40]: the |x| <= 1 branch's
 * lanes stay in the fits' range, and past 27.3 erfc is 0 anyway (so ∞ gives 0, not ∞ − ∞).
 */
function erfcTail(a: Tensor): Tensor {
  const safe = np.clip(a, 1, 40);
  return np.multiply(expNegSquare(safe), scaledErfc(safe));
}

/** erf(x)/x's polynomial for |x| <= 1. */
const erfSmall = (x: Tensor) => np.multiply(x, horner(ERF_SMALL, np.square(x)));

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

const erfAt = customJvp((x: Tensor): Tensor => {
  const a = np.abs(x);
  const big = np.subtract(1, erfcTail(a));
  return np.where(np.lessEqual(a, 1), erfSmall(x), np.where(np.less(x, 0), np.negative(big), big));
});
erfAt.defjvp(([x], [t]) => [erfAt(x), np.multiply(t, np.multiply(expNegSquare(x), TWO_OVER_SQRT_PI))]);

const erfcAt = customJvp((x: Tensor): Tensor => {
  const a = np.abs(x);
  const tail = erfcTail(a);
  return np.where(np.lessEqual(a, 1), np.subtract(1, erfSmall(x)), np.where(np.less(x, 0), np.subtract(2, tail), tail));
});
erfcAt.defjvp(([x], [t]) => [erfcAt(x), np.multiply(t, np.multiply(expNegSquare(x), -TWO_OVER_SQRT_PI))]);

/**
 * The error function 2/√π ∫₀ˣ e^(−t²) dt, within a few ulp in float64 (float32 rounds a
 * float64 evaluation); its derivative is 2/√π·e^(−x²), as JAX's.
 * @example lax.erf(1) // 0.8427007929497149
 */
export function erf(x: TensorLike): Tensor {
  return inFloat64("lax.erf", x, erfAt);
}

/**
 * The complementary error function 1 − erf(x), without the cancellation: accurate in
 * relative terms down to its underflow near x = 27.
 * @example lax.erfc(5) // 1.5374597944280349e-12
 */
export function erfc(x: TensorLike): Tensor {
  return inFloat64("lax.erfc", x, erfcAt);
}
