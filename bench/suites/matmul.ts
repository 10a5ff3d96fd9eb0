/** Suite 5a: dense matrix product, float64. */
import { type Tensor, config, jit, np } from "../../src";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";
import * as tfjs from "../peers/tfjs";

/**
 * The best plain JS here: B packed into 4-column panels, a 4×4 block of C in 16 locals,
 * k innermost (each element still sums in increasing k). n must be a multiple of 4.
 */
export function packedMatmul(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  const bp = new Float64Array(n * n);
  for (let jp = 0, p = 0; jp < n; jp += 4) for (let k = 0; k < n; k++) for (let j = 0; j < 4; j++) bp[p++] = b[k * n + jp + j];
  for (let i = 0; i < n; i += 4) {
    for (let jp = 0; jp < n; jp += 4) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let q = jp * n;
      for (let k = 0; k < n; k++, q += 4) {
        const b0 = bp[q], b1 = bp[q + 1], b2 = bp[q + 2], b3 = bp[q + 3];
        const a0 = a[i * n + k], a1 = a[(i + 1) * n + k], a2 = a[(i + 2) * n + k], a3 = a[(i + 3) * n + k];
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const o = i * n + jp;
      c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03;
      c[o + n] = c10; c[o + n + 1] = c11; c[o + n + 2] = c12; c[o + n + 3] = c13;
      c[o + 2 * n] = c20; c[o + 2 * n + 1] = c21; c[o + 2 * n + 2] = c22; c[o + 2 * n + 3] = c23;
      c[o + 3 * n] = c30; c[o + 3 * n + 1] = c31; c[o + 3 * n + 2] = c32; c[o + 3 * n + 3] = c33;
    }
  }
  return c;
}

export function matmulSuite(n: number, peers: Peers): SuiteSpec {
  const a = new Float64Array(n * n).map((_, i) => Math.sin(i));
  const b = new Float64Array(n * n).map((_, i) => Math.cos(i));
  const A = np.reshape(np.array(a), [n, n]);
  const B = np.reshape(np.array(b), [n, n]);
  const hand = () => {
    const c = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        const aik = a[i * n + k];
        for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
      }
    }
    return c;
  };
  const matmul = (x: Tensor, y: Tensor) => np.matmul(x, y);
  const mm = jit(matmul);
  const mmJs = jit(matmul, { backend: "js" });
  const mmWasm = jit(matmul, { backend: "wasm" });
  const sample = (c: ArrayLike<number>) => [c[0], c[n + 1], c[n * n - 1]];
  return {
    name: `matmul ${n}×${n} float64`,
    description: "C = A·B",
    reference: { name: "hand-written JS, packed 4×4 register-blocked", run: () => packedMatmul(a, b, n), answer: () => sample(packedMatmul(a, b, n)) },
    contenders: [
      { name: "hand-written JS (i-k-j loop)", run: hand, answer: () => sample(hand()) },
      // Threads are set per run (config is process-wide).
      { name: "jitgrad jit(np.matmul) (auto), 1 thread", run: () => (config({ threads: 1 }), mm(A, B)), answer: () => sample((config({ threads: 1 }), mm(A, B)).toTypedArray()) },
      { name: "jitgrad jit(np.matmul) (auto), 2 threads", run: () => (config({ threads: 2 }), mm(A, B)), answer: () => sample((config({ threads: 2 }), mm(A, B)).toTypedArray()) },
      { name: "jitgrad jit(np.matmul, { backend: \"wasm\" })", run: () => mmWasm(A, B), answer: () => sample(mmWasm(A, B).toTypedArray()) },
      { name: "jitgrad jit(np.matmul, { backend: \"js\" })", run: () => mmJs(A, B), answer: () => sample(mmJs(A, B).toTypedArray()) },
      { name: "jitgrad eager np.matmul", run: () => np.matmul(A, B), answer: () => sample(np.matmul(A, B).toTypedArray()) },
      ...(peers.jax ? [jaxjs.matmul(peers.jax, a, b, n, sample)] : []),
      ...(peers.tf ? [tfjs.matmul(peers.tf, a, b, n, sample)] : []),
    ],
    tolerances: { [`${tfjs.NAME} tf.matMul`]: 1e-5 },
  };
}
