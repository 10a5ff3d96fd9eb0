/**
 * Suite 2: the whole 20-step descent per call — a JS loop over jit(grad), and a foriLoop
 * inside jit — and suite 3's batched form: the descent from N start points in one call.
 */
import { type Tensor, evalJaxpr, grad, jit, lax, makeJaxpr, np, vmap } from "../../src";
import { calcTime } from "../../examples/terrain/terrain";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";
import * as tfjs from "../peers/tfjs";

const [h, d, v1, v2, v3] = [20, 10, 0.7, 0.3, 0.45];
const STEPS = 20;
const LR = 1.5;

/** The descent written by hand: the gradient inlined, shared terms computed once. */
function handDescent(a: number, b: number): [number, number] {
  let x1 = a;
  let x2 = b;
  for (let i = 0; i < STEPS; i++) {
    const r = h - x1 - x2;
    const third = r / (v3 * Math.sqrt(r * r + d * d));
    const g1 = x1 / (v1 * Math.sqrt(x1 * x1 + d * d)) - third;
    const g2 = x2 / (v2 * Math.sqrt(x2 * x2 + d * d)) - third;
    x1 -= LR * g1;
    x2 -= LR * g2;
  }
  return [x1, x2];
}

/** The post's descent inside jit, as the issue writes it (a Tensor carry). */
export const descend = (x0: Tensor) => lax.foriLoop(0, STEPS, (_i: Tensor, x: Tensor) => np.subtract(x, np.multiply(LR, grad(calcTime)(x))), x0);

/** The same descent on a pair of numbers, as the post writes it: numbers in, numbers out. */
export const descendPair = (a: Tensor, b: Tensor) =>
  lax.foriLoop(
    0,
    STEPS,
    (_i: Tensor, [x1, x2]: Tensor[]) => {
      const [g1, g2] = grad(calcTime)([x1, x2]);
      return [x1.sub(g1.mul(LR)), x2.sub(g2.mul(LR))];
    },
    [a, b],
  );

export function descentSuite(peers: Peers): SuiteSpec {
  const dTime = jit(grad(calcTime));
  const jsLoop = (a: number, b: number) => {
    let x1 = a;
    let x2 = b;
    for (let i = 0; i < STEPS; i++) {
      const [g1, g2] = dTime([x1, x2]);
      x1 -= LR * g1;
      x2 -= LR * g2;
    }
    return [x1, x2];
  };
  const inJit = jit(descend);
  const closed = makeJaxpr(descend)(np.array([2, 17]));
  const interpreted = () => evalJaxpr(closed, np.array([2, 17]))[0];
  const onNumbers = jit(descendPair);
  const start = np.array([2, 17]);
  return {
    name: "20-step descent per call",
    description: "the post's whole optimisation, from (2, 17)",
    reference: { name: "hand-written JS", run: () => handDescent(2, 17), answer: () => handDescent(2, 17) },
    contenders: [
      { name: "jitgrad JS loop over jit(grad(calcTime))", run: () => jsLoop(2, 17), answer: () => jsLoop(2, 17) },
      { name: "jitgrad jit(foriLoop(…grad…)), Tensor in and out", run: () => inJit(start), answer: () => Array.from(inJit(start).toTypedArray()) },
      { name: "jitgrad jit(foriLoop(…grad…)), numbers in and out", run: () => onNumbers(2, 17), answer: () => onNumbers(2, 17) },
      { name: "jitgrad interpreted (evalJaxpr of the foriLoop's IR)", run: interpreted, answer: () => Array.from(interpreted().toTypedArray()) },
      ...(peers.jax ? jaxjs.descent(peers.jax, STEPS, LR) : []),
      ...(peers.tf ? [tfjs.descent(peers.tf, STEPS, LR)] : []),
    ],
    tolerances: { [`${tfjs.NAME} JS loop over tf.grad`]: 1e-5 },
  };
}

export function vmapDescentSuite(n: number, peers: Peers): SuiteSpec {
  const starts = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    starts[2 * i] = (i % 1000) / 50 - 5;
    starts[2 * i + 1] = (Math.floor(i / 1000) % 1000) / 50 - 2;
  }
  const X = np.reshape(np.array(starts), [n, 2]);
  const batched = jit(vmap(descend));
  // The interpreter runs the batched IR op by op over N-element arrays: too slow at 10^6.
  const closed = n <= 1e4 ? makeJaxpr(vmap(descend))(X) : null;
  const hand = () => {
    const out = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const [a, b] = handDescent(starts[2 * i], starts[2 * i + 1]);
      out[2 * i] = a;
      out[2 * i + 1] = b;
    }
    return out;
  };
  const sample = (o: ArrayLike<number>) => [o[0], o[1], o[2 * n - 2], o[n | 1]];
  return {
    name: `vmapped 20-step descent, N = ${n.toExponential(0)}`,
    description: `the descent from N start points in one call (a [N, 2] Float64Array in and out)${n > 1e5 ? "; tfjs is left out here (about a minute per call)" : ""}`,
    reference: { name: "hand-written JS (Float64Array loop)", run: hand, answer: () => sample(hand()) },
    contenders: [
      { name: "jitgrad jit(vmap(foriLoop descent))", run: () => batched(X), answer: () => sample(batched(X).toTypedArray()) },
      ...(closed
        ? [{ name: "jitgrad interpreted (evalJaxpr of vmap's IR)", run: () => evalJaxpr(closed, X), answer: () => sample(evalJaxpr(closed, X)[0].toTypedArray()) }]
        : []),
      ...(peers.jax ? [jaxjs.vmapDescent(peers.jax, starts, n, STEPS, LR, sample)] : []),
      // tfjs needs about a minute per call at N = 10^6; it is measured up to 10^5.
      ...(peers.tf && n <= 1e5 ? [tfjs.vmapDescent(peers.tf, starts, n, STEPS, LR, sample)] : []),
    ],
    tolerances: { [`${tfjs.NAME} tf.grad of the summed times, 20 steps`]: 1e-4 },
  };
}
