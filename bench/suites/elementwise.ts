/**
 * A large elementwise loop that divides and takes square roots, sqrt(x² + 1)/(x + 2) over
 * 2¹⁸ float64s: the kind `auto` runs as a WebAssembly batch kernel over its elements
 * (lower-batch.ts `emitElementwiseKernel`), against the JavaScript loop (`backend: "js"`)
 * and the loop a person writes (one pass into a new Float64Array).
 */
import { type Tensor, jit, nn, np } from "../../src";
import type { SuiteSpec } from "../harness";

export function elementwiseSuite(n: number): SuiteSpec {
  const x = new Float64Array(n).map((_, i) => 3 * Math.sin(i * 0.37));
  const hand = () => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = x[i];
      out[i] = Math.sqrt(v * v + 1) / (v + 2);
    }
    return out;
  };
  const f = (v: Tensor) => np.divide(np.sqrt(np.add(np.multiply(v, v), 1)), np.add(v, 2));
  const auto = jit(f);
  const js = jit(f, { backend: "js" });
  const tx = np.array(x);
  const sample = (o: ArrayLike<number>) => [o[0], o[1], o[n >> 1], o[n - 1]];
  return {
    name: `elementwise loop sqrt(x²+1)/(x+2), 2^${Math.log2(n)} float64`,
    description: `one fused loop over ${n} elements that divides and takes square roots`,
    reference: { name: "hand-written JS (one loop)", run: hand, answer: () => sample(hand()) },
    contenders: [
      // The kernel runs on the calling thread whatever the thread count (its copies dominate).
      { name: "jitgrad jit (auto: a WebAssembly kernel)", run: () => auto(tx), answer: () => sample(auto(tx).toTypedArray()) },
      { name: "jitgrad jit, { backend: \"js\" } (the fused JS loop)", run: () => js(tx), answer: () => sample(js(tx).toTypedArray()) },
    ],
  };
}

/**
 * nn.sigmoid over 2¹⁸ float64s: a loop that exponentiates, which `auto` runs as a kernel
 * with exp on SIMD lanes (backend/wasm/exp.ts), against the JS loop calling Math.exp and
 * the loop a person writes.
 */
export function sigmoidSuite(n: number): SuiteSpec {
  const x = new Float64Array(n).map((_, i) => 6 * Math.sin(i * 0.37));
  const hand = () => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]));
    return out;
  };
  const auto = jit(nn.sigmoid);
  const js = jit(nn.sigmoid, { backend: "js" });
  const tx = np.array(x);
  const sample = (o: ArrayLike<number>) => [o[0], o[1], o[n >> 1], o[n - 1]];
  return {
    name: `elementwise nn.sigmoid, 2^${Math.log2(n)} float64`,
    description: `one loop over ${n} elements that exponentiates and divides`,
    reference: { name: "hand-written JS (one loop)", run: hand, answer: () => sample(hand()) },
    contenders: [
      { name: "jitgrad jit(nn.sigmoid) (auto: a WebAssembly kernel, exp on lanes)", run: () => auto(tx), answer: () => sample(auto(tx).toTypedArray()) },
      { name: "jitgrad jit(nn.sigmoid), { backend: \"js\" } (the JS loop)", run: () => js(tx), answer: () => sample(js(tx).toTypedArray()) },
    ],
  };
}
