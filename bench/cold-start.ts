/**
 * What a user's fresh process meets: run.mjs bundles this file with `../src` replaced by
 * the built package's Node entry (dist/node.js, with its code cache), and first-call.ts
 * times `await import()` of the bundle and the first jit(grad(calcTime)) call in children.
 */
import { grad, jit } from "../src";
import { calcTime } from "../examples/terrain/terrain";

/** The first jit(grad(calcTime))([2, 17]) of the process, in ns. */
export function firstCall(): number {
  const t0 = performance.now();
  jit(grad(calcTime))([2, 17]);
  return (performance.now() - t0) * 1e6;
}
