/**
 * Derivatives of cumprod, cummax and cummin, as JAX defines them: the derivatives of the
 * same scan computed by `associative_scan` (so ties of cummax share the derivative the way
 * JAX's max rule splits them in that scan's tree), while the primal is the primitive's
 * sequential loop. cumsum is linear and has its own rules.
 */
import { associativeScanFlat } from "../core/associative-scan";
import type { CumulativePrim, PrimParams } from "../core/primitives";
import { cumulativePrims } from "../core/prims/cumulative";
import { reducePrims } from "../core/prims/reduce";
import type { Tensor } from "../core/tensor";
import { bind1 } from "../core/trace";
import { zerosLike } from "./ad-ops";
import { jvpFlat } from "./jvp-trace";
import type { JvpRule } from "./jvp-rules";
import { vjpFlat } from "./tape";
import type { VjpRule } from "./vjp-rules";

type Params = PrimParams[CumulativePrim];

/** The cumulative op as an associative scan of its combining primitive. */
function asScan(prim: CumulativePrim, { axis, reverse }: Params): (x: Tensor) => Tensor[] {
  const { combine } = reducePrims[cumulativePrims[prim].reduction];
  return (x) => associativeScanFlat(([a], [b]) => [bind1(combine, [a, b], {})], [x], axis, reverse);
}

export function scanJvp(prim: CumulativePrim): JvpRule<CumulativePrim> {
  return ([x], [t], params) => {
    const out = bind1(prim, [x], params);
    if (t === null) return [[out], [null]];
    const [, [dt]] = jvpFlat((y) => asScan(prim, params)(y), [x], [t], prim);
    return [[out], [dt ?? zerosLike(out)]];
  };
}

export function scanVjp(prim: CumulativePrim): VjpRule<CumulativePrim> {
  return ([x], params) => ({
    outs: [bind1(prim, [x], params)],
    backward: (cts) => vjpFlat((y) => asScan(prim, params)(y), [x], prim).pullback(cts),
  });
}
