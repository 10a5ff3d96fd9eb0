/** Test helpers: comparisons of tensors with NaN/-0 awareness. */
import { expect } from "vitest";
import { Tensor, type TensorLike, np } from "../../src";
import { sameBits } from "./bits";

/** Element values of a tensor as a flat number array (bools as 0/1). */
export function flat(x: Tensor | number): number[] {
  if (typeof x === "number") return [x];
  return Array.from(x.toTypedArray());
}

export { sameBits };

/** Asserts shape, dtype and exact (Object.is) equality of every element. */
export function expectIdentical(actual: Tensor, expected: Tensor): void {
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.dtype).toBe(expected.dtype);
  const a = flat(actual);
  const e = flat(expected);
  for (let i = 0; i < a.length; i++) {
    if (!sameBits(a[i], e[i])) expect.fail(`element ${i}: ${a[i]} !== ${e[i]}`);
  }
}

/** Asserts values close to `expected` (relative + absolute tolerance), shapes equal. */
export function expectClose(actual: Tensor | number, expected: TensorLike, rtol = 1e-12, atol = 1e-12): void {
  const e = np.asarray(expected);
  if (actual instanceof Tensor) expect(actual.shape).toEqual(e.shape);
  const a = flat(actual);
  const b = flat(e);
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i])) {
      expect(a[i], `element ${i}`).toBeNaN();
      continue;
    }
    if (!Number.isFinite(b[i])) {
      expect(a[i], `element ${i}`).toBe(b[i]);
      continue;
    }
    const tol = atol + rtol * Math.abs(b[i]);
    if (!(Math.abs(a[i] - b[i]) <= tol)) expect.fail(`element ${i}: ${a[i]} is not within ${tol} of ${b[i]}`);
  }
}
