/** Suites: np.linalg.solve 256×256 and the singular values of 128×128, float64. */
import { type Tensor, jit, np } from "../../src";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";

/** The best plain JS for one solve: LU with partial pivoting, row-major updates, then the two substitutions. */
export function luSolve(a0: Float64Array, b0: Float64Array, n: number): Float64Array {
  const a = a0.slice();
  const b = b0.slice();
  for (let j = 0; j < n; j++) {
    let p = j;
    for (let i = j + 1; i < n; i++) if (Math.abs(a[i * n + j]) > Math.abs(a[p * n + j])) p = i;
    if (p !== j) {
      for (let c = 0; c < n; c++) [a[j * n + c], a[p * n + c]] = [a[p * n + c], a[j * n + c]];
      [b[j], b[p]] = [b[p], b[j]];
    }
    const d = a[j * n + j];
    for (let i = j + 1; i < n; i++) {
      const l = (a[i * n + j] /= d);
      for (let c = j + 1; c < n; c++) a[i * n + c] -= l * a[j * n + c];
      b[i] -= l * b[j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let c = i + 1; c < n; c++) s -= a[i * n + c] * b[c];
    b[i] = s / a[i * n + i];
  }
  return b;
}

/** The best plain JS for singular values alone: one-sided Jacobi on the columns (stored contiguously). */
function jacobiSingularValues(a: Float64Array, n: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[j * n + i] = a[i * n + j];
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        let al = 0, be = 0, ga = 0;
        for (let i = 0; i < n; i++) {
          const x = g[p * n + i], y = g[q * n + i];
          al += x * x; be += y * y; ga += x * y;
        }
        if (Math.abs(ga) <= 2.220446049250313e-16 * Math.sqrt(al * be)) continue;
        rotated = true;
        const z = (be - al) / (2 * ga);
        const t = Math.sign(z || 1) / (Math.abs(z) + Math.sqrt(1 + z * z));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        for (let i = 0; i < n; i++) {
          const x = g[p * n + i], y = g[q * n + i];
          g[p * n + i] = c * x - s * y;
          g[q * n + i] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const sv = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let ss = 0;
    for (let i = 0; i < n; i++) ss += g[j * n + i] ** 2;
    sv[j] = Math.sqrt(ss);
  }
  return sv.sort().reverse();
}

const matrix = (n: number) => new Float64Array(n * n).map((_, i) => Math.sin(i * 0.7) + (i % (n + 1) === 0 ? n / 4 : 0));

export function solveSuite(n: number, peers: Peers): SuiteSpec {
  const a = matrix(n);
  const b = new Float64Array(n).map((_, i) => Math.cos(i));
  const A = np.reshape(np.array(a), [n, n]);
  const B = np.array(b);
  const solve = jit((x: Tensor, y: Tensor) => np.linalg.solve(x, y));
  const sample = (x: ArrayLike<number>) => [x[0], x[n >> 1], x[n - 1]];
  return {
    name: `linalg.solve ${n}×${n} float64`,
    description: "x with A·x = b (LU with partial pivoting, two triangular solves)",
    reference: { name: "hand-written JS, LU with partial pivoting", run: () => luSolve(a, b, n), answer: () => sample(luSolve(a, b, n)) },
    contenders: [
      { name: "jitgrad jit(np.linalg.solve)", run: () => solve(A, B), answer: () => sample(solve(A, B).toTypedArray()) },
      ...(peers.jax ? [jaxjs.solve(peers.jax, a, b, n, sample)] : []),
    ],
    tolerance: 1e-10,
  };
}

export function svdSuite(n: number, peers: Peers): SuiteSpec {
  const a = matrix(n);
  const A = np.reshape(np.array(a), [n, n]);
  const values = jit((x: Tensor) => np.linalg.svdvals(x));
  const full = jit((x: Tensor) => np.linalg.svd(x, false));
  const sample = (x: ArrayLike<number>) => [x[0], x[n >> 1], x[n - 1]];
  return {
    name: `linalg.svd ${n}×${n} float64`,
    description: "the singular values (and, in one row, U and Vᵀ too)",
    reference: { name: "hand-written JS, one-sided Jacobi (values only)", run: () => jacobiSingularValues(a, n), answer: () => sample(jacobiSingularValues(a, n)) },
    contenders: [
      { name: "jitgrad jit(np.linalg.svdvals)", run: () => values(A), answer: () => sample(values(A).toTypedArray()) },
      { name: "jitgrad jit(np.linalg.svd) (with U, Vᵀ)", run: () => full(A), answer: () => sample(full(A)[1].toTypedArray()) },
      ...(peers.jax ? [jaxjs.svdValues(peers.jax, a, n, sample)] : []),
    ],
    tolerance: 1e-9,
  };
}
