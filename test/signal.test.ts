/**
 * scipy.signal's convolutions against SciPy (`reference/numpy/signal.json`, from
 * `reference/scripts/scipy-signal.py`), their gradients, and the errors.
 */
import { describe, expect, it } from "vitest";
import { ArgumentError, ShapeError, type Tensor, grad, jit, np, scipy } from "../src";
import { expectIdentical, flat } from "./helpers/assert";
import { type Arr, loadCases, num, referenceSuite } from "./helpers/reference";

type In = Record<string, Tensor>;
const CALLS: Record<string, (i: In) => Tensor> = {};
for (const mode of ["full", "same", "valid"] as const) {
  CALLS[`convolve 1d ${mode}`] = ({ a, v }) => scipy.signal.convolve(a, v, mode);
  CALLS[`correlate 1d ${mode}`] = ({ a, v }) => scipy.signal.correlate(a, v, mode);
  CALLS[`convolve 1d swapped ${mode}`] = ({ a, v }) => scipy.signal.convolve(a, v, mode);
  CALLS[`correlate 1d swapped ${mode}`] = ({ a, v }) => scipy.signal.correlate(a, v, mode);
  CALLS[`convolve2d ${mode}`] = ({ a, v }) => scipy.signal.convolve2d(a, v, mode);
  CALLS[`correlate2d ${mode}`] = ({ a, v }) => scipy.signal.correlate2d(a, v, mode);
  CALLS[`correlate2d swapped ${mode}`] = ({ a, v }) => scipy.signal.correlate2d(a, v, mode);
  CALLS[`convolve2d swapped ${mode}`] = ({ a, v }) => scipy.signal.convolve2d(a, v, mode);
}
CALLS["correlate2d same shape valid"] = ({ a, v }) => scipy.signal.correlate2d(a, v, "valid");
CALLS["convolve 3d same"] = ({ a, v }) => scipy.signal.convolve(a, v, "same");
CALLS["correlate 3d full"] = ({ a, v }) => scipy.signal.correlate(a, v, "full");

function close(got: Tensor, want: Arr, what: string): void {
  expect(got.shape, what).toEqual(want.shape);
  const w = want.data.map(num);
  flat(got).forEach((v, i) => {
    if (Math.abs(v - w[i]) > 1e-12 * Math.max(1, Math.abs(w[i]))) expect.fail(`${what} [${i}]: ${v} vs ${w[i]}`);
  });
}

referenceSuite("scipy.signal against SciPy", loadCases("signal.json"), CALLS, (got, want, what) => close(got, want, what));

describe("scipy.signal under transforms, and its errors", () => {
  it("grad of a blurred image's energy is the correlation of the blur's output with the kernel", () => {
    const img = np.sin(np.arange(30).astype("float64")).reshape([5, 6]);
    const k = np.array([[1, 2], [0.5, -1]]);
    const f = (x: Tensor) => np.sum(np.square(scipy.signal.convolve2d(x, k, "full")));
    const g = grad(f)(img);
    // d/dx Σ (x ∗ k)² = 2 · correlate(x ∗ k, k, "valid").
    const want = np.multiply(scipy.signal.correlate2d(scipy.signal.convolve2d(img, k, "full"), k, "valid"), 2);
    expect(np.max(np.abs(np.subtract(g, want))).item()).toBeLessThan(1e-12);
    expectIdentical(jit(grad(f))(img), g);
  });
  it("names the mistake", () => {
    expect(() => scipy.signal.convolve(np.ones([3]), np.ones([2, 2]))).toThrow(ShapeError);
    expect(() => scipy.signal.convolve(np.ones([3, 1]), np.ones([2, 2]))).toThrow(/at least as large as the other along every axis/);
    expect(() => scipy.signal.convolve2d(np.ones([3, 3]), np.ones([2, 2]), "full", "wrap")).toThrow(ArgumentError);
    expect(() => scipy.signal.convolve(np.ones([3]), np.ones([2]), "circular" as never)).toThrow(/mode must be/);
  });
});
