/**
 * The terrain-crossing problem of the post: cross three bands of terrain at speeds
 * v1, v2, v3, choosing where to cross the two boundaries (x1, x2) to minimise the time.
 */
import { type Tensor, np } from "../../src";

/** The post's constants: h, d, v1, v2, v3 = 20, 10, .7, .3, .45. */
export const TERRAIN = { h: 20, d: 10, v1: 0.7, v2: 0.3, v3: 0.45 } as const;

export type TerrainParams = { readonly h: number; readonly d: number; readonly v1: number; readonly v2: number; readonly v3: number };

/** The time to cross as a function of the crossing points, for given speeds. */
export function makeCalcTime({ h, d, v1, v2, v3 }: TerrainParams = TERRAIN) {
  return function calcTime(x: Tensor | readonly Tensor[]): Tensor {
    const [x1, x2] = x;
    return np
      .sqrt(x1.pow(2).add(d ** 2))
      .div(v1)
      .add(np.sqrt(x2.pow(2).add(d ** 2)).div(v2))
      .add(np.sqrt(np.subtract(h, x1).sub(x2).pow(2).add(d ** 2)).div(v3));
  };
}

/** `calcTime` with the post's constants. */
export const calcTime = makeCalcTime();
