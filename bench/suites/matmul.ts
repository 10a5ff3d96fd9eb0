/** Suite 5a: dense matrix product, float64. */
import { type Tensor, jit, np } from "../../src";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";
import * as tfjs from "../peers/tfjs";

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
  const mm = jit((x: Tensor, y: Tensor) => np.matmul(x, y));
  const sample = (c: ArrayLike<number>) => [c[0], c[n + 1], c[n * n - 1]];
  return {
    name: `matmul ${n}×${n} float64`,
    description: "C = A·B",
    reference: { name: "hand-written JS (i-k-j loop)", run: hand, answer: () => sample(hand()) },
    contenders: [
      { name: "jitgrad jit(np.matmul)", run: () => mm(A, B), answer: () => sample(mm(A, B).toTypedArray()) },
      { name: "jitgrad eager np.matmul", run: () => np.matmul(A, B), answer: () => sample(np.matmul(A, B).toTypedArray()) },
      ...(peers.jax ? [jaxjs.matmul(peers.jax, a, b, n, sample)] : []),
      ...(peers.tf ? [tfjs.matmul(peers.tf, a, b, n, sample)] : []),
    ],
    tolerances: { [`${tfjs.NAME} tf.matMul`]: 1e-5 },
  };
}
