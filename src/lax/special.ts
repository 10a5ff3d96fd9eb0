/** Special functions built from elementwise primitives. */
import type { Tensor, TensorLike } from "../core/tensor";
import * as np from "../numpy";
import { promoteInexact } from "../numpy/convert";
import { customJvp } from "../transforms/custom";

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

const horner = (coefficients: readonly number[], w: Tensor): Tensor =>
  coefficients.slice(1).reduce((p, c) => np.add(np.multiply(p, w), c), np.fullLike(w, coefficients[0]));

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
