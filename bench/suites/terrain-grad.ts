/** Suite 1: the terrain gradient per call, numbers in and numbers out. */
import { type Tensor, evalJaxpr, grad, jit, makeJaxpr, np } from "../../src";
import { calcTime } from "../../examples/terrain/terrain";
import type { SuiteSpec } from "../harness";
import type { Peers } from "../peers";
import * as jaxjs from "../peers/jax-js";
import * as tfjs from "../peers/tfjs";

const [h, d, v1, v2, v3] = [20, 10, 0.7, 0.3, 0.45];

/** The gradient of the time to cross, derived by hand, shared terms computed once. */
export function handGradient(x: readonly number[]): number[] {
  const x1 = x[0];
  const x2 = x[1];
  const r = h - x1 - x2;
  const third = r / (v3 * Math.sqrt(r * r + d * d));
  return [x1 / (v1 * Math.sqrt(x1 * x1 + d * d)) - third, x2 / (v2 * Math.sqrt(x2 * x2 + d * d)) - third];
}

export function terrainGradSuite(peers: Peers): SuiteSpec {
  const dTime = grad(calcTime);
  const jdTime = jit(grad(calcTime));
  const closed = makeJaxpr(grad(calcTime))(np.array([2, 17]));
  let x1 = 2;
  let x2 = 17;
  // Vary the point slightly each call so nothing is loop-invariant.
  const next = () => {
    x1 = x1 === 2 ? 2.0000001 : 2;
    x2 = 17;
    return [x1, x2] as [number, number];
  };
  const fromTensor = (t: Tensor) => Array.from(t.toTypedArray());
  return {
    name: "terrain gradient",
    description: "∂t/∂(x1, x2) at a point, numbers in and numbers out",
    reference: { name: "hand-written JS", run: () => handGradient(next()), answer: () => handGradient([2, 17]) },
    contenders: [
      { name: "jitgrad jit(grad(calcTime))", run: () => jdTime(next()), answer: () => jdTime([2, 17]) },
      { name: "jitgrad grad (eager tape)", run: () => dTime(next()), answer: () => dTime([2, 17]) },
      {
        name: "jitgrad interpreted tape (evalJaxpr of grad's IR)",
        run: () => evalJaxpr(closed, np.array(next())),
        answer: () => fromTensor(evalJaxpr(closed, np.array([2, 17]))[0]),
      },
      {
        name: "jitgrad, no caching (trace + transform + interpret)",
        run: () => {
          const a = np.array(next());
          return evalJaxpr(makeJaxpr(grad(calcTime))(a), a);
        },
        answer: () => {
          const a = np.array([2, 17]);
          return fromTensor(evalJaxpr(makeJaxpr(grad(calcTime))(a), a)[0]);
        },
      },
      ...(peers.jax ? [jaxjs.terrainGrad(peers.jax)] : []),
      ...(peers.tf ? [tfjs.terrainGrad(peers.tf)] : []),
    ],
    tolerances: { [`${tfjs.NAME} tf.grad(calcTime)`]: 1e-6 },
  };
}
