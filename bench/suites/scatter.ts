/**
 * Indexed updates and reads on 10⁶ float64 elements: `x.at(idx).add(v)` with 10⁶ random
 * (repeating) indices, and `x.slice(idx)`. The references are the loops a JS programmer
 * writes for the same job with JAX's meaning: negative indices count from the end,
 * out-of-bounds updates are dropped (a typed array ignores the write), out-of-bounds
 * reads clamp.
 */
import { type Tensor, jit, np } from "../../src";
import type { SuiteSpec } from "../harness";

function data(n: number) {
  const x = new Float64Array(n).map((_, i) => Math.sin(i));
  const v = new Float64Array(n).map((_, i) => Math.cos(i));
  let s = 12345;
  const idx = new Int32Array(n).map(() => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s % n) - (s % 7 === 0 ? n : 0); // about one in seven negative
  });
  return { x, v, idx };
}

export function scatterAddSuite(n: number): SuiteSpec {
  const { x, v, idx } = data(n);
  const hand = () => {
    const out = x.slice();
    for (let i = 0; i < n; i++) {
      const j = idx[i];
      out[j < 0 ? j + n : j] += v[i];
    }
    return out;
  };
  const [tx, tv, ti] = [np.array(x), np.array(v), np.array(idx)];
  const f = (a: Tensor, i: Tensor, u: Tensor) => a.at(i).add(u);
  const fast = jit(f);
  const sample = (o: ArrayLike<number>) => [o[0], o[1], o[n >> 1], o[n - 1]];
  return {
    name: `x.at(idx).add(v), ${n.toExponential(0)} float64`,
    description: `a scatter-add of ${n} updates with repeated and negative indices into ${n} elements`,
    reference: { name: "hand-written JS (copy, then out[j] += v[i])", run: hand, answer: () => sample(hand()) },
    contenders: [
      { name: "jitgrad jit", run: () => fast(tx, ti, tv), answer: () => sample((fast(tx, ti, tv) as Tensor).toTypedArray()) },
      { name: "jitgrad eager", run: () => f(tx, ti, tv), answer: () => sample(f(tx, ti, tv).toTypedArray()) },
    ],
  };
}

export function gatherSuite(n: number): SuiteSpec {
  const { x, idx } = data(n);
  const hand = () => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const j = idx[i];
      out[i] = x[j < 0 ? j + n : j];
    }
    return out;
  };
  const [tx, ti] = [np.array(x), np.array(idx)];
  const f = (a: Tensor, i: Tensor) => a.slice(i);
  const fast = jit(f);
  const sample = (o: ArrayLike<number>) => [o[0], o[1], o[n >> 1], o[n - 1]];
  return {
    name: `x.slice(idx), ${n.toExponential(0)} float64`,
    description: `a gather of ${n} elements at random indices (some negative)`,
    reference: { name: "hand-written JS (out[i] = x[j])", run: hand, answer: () => sample(hand()) },
    contenders: [
      { name: "jitgrad jit", run: () => fast(tx, ti), answer: () => sample((fast(tx, ti) as Tensor).toTypedArray()) },
      { name: "jitgrad eager", run: () => f(tx, ti), answer: () => sample(f(tx, ti).toTypedArray()) },
    ],
  };
}
