/**
 * The cumulative primitives along an axis (JAX's cumsum, cumprod, cummax, cummin): entry
 * k accumulates entries 0..k (k..n-1 with `reverse`) as the matching reduction does, from
 * its identity with its combining primitive (so cumsum of -0 is +0, as XLA's
 * reduce-window gives). Every backend accumulates sequentially in that order.
 */
import type { ReducePrim } from "./reduce";

export const CUMULATIVE_PRIMS = ["cumsum", "cumprod", "cummax", "cummin"] as const;
/** The running reductions: cumsum, cumprod, cummax, cummin. */
export type CumulativePrim = (typeof CUMULATIVE_PRIMS)[number];

export interface CumulativeDef {
  /** The reduction whose identity and combining primitive it accumulates with. */
  readonly reduction: ReducePrim;
}

export const cumulativePrims: { readonly [P in CumulativePrim]: CumulativeDef } = {
  cumsum: { reduction: "reduce_sum" },
  cumprod: { reduction: "reduce_prod" },
  cummax: { reduction: "reduce_max" },
  cummin: { reduction: "reduce_min" },
};
