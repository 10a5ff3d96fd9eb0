/** Plain helpers shared by vitest tests and the fuzz CLI (nothing here imports vitest). */

/** Bit-for-bit equality, NaN equal to NaN, -0 distinct from +0. */
export function sameBits(a: number, b: number): boolean {
  return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
}
