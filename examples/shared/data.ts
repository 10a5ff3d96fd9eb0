/** Small conversions between Tensors and plotting data. */
import type { Tensor } from "../../src";

/** The elements of a tensor as a flat JS number array. */
export const flat = (t: Tensor): number[] => Array.from(t.toTypedArray(), Number);
