/**
 * Suite: a result just too big to live inside its typed array's object. The 3×3 Jacobian
 * of a map R³ → R³ per call: nine float64s are 72 bytes, past V8's 64-byte limit for
 * in-object storage, so a `new Float64Array(9)` costs an ArrayBuffer of its own (~0.5 µs
 * here). jitgrad carves such results from shared slabs (src/core/storage.ts).
 */
import { type Tensor, jacfwd, jit, np } from "../../src";
import type { SuiteSpec } from "../harness";

/** The map: a twist, a coupling and a cubic term (every output depends on two inputs or more). */
const twist = (x: Tensor) => {
  const [a, b, c] = [x.slice(0), x.slice(1), x.slice(2)];
  return np.stack([np.sin(a).mul(b), b.mul(c).add(np.cos(a)), c.mul(c).mul(a)]);
};

/** The Jacobian by hand, row-major, into `out`. */
function handJacobian(a: number, b: number, c: number, out: { [i: number]: number }): void {
  const [s, co] = [Math.sin(a), Math.cos(a)];
  out[0] = co * b;
  out[1] = s;
  out[2] = 0;
  out[3] = -s;
  out[4] = c;
  out[5] = b;
  out[6] = c * c;
  out[7] = 0;
  out[8] = 2 * c * a;
}

export function smallResultsSuite(): SuiteSpec {
  const points = [np.array([0.3, -1.2, 0.7]), np.array([0.3000001, -1.2, 0.7])];
  const raw = points.map((p) => Array.from(p.toTypedArray()));
  let k = 0;
  const next = () => (k = 1 - k);
  const jac = jit(jacfwd(twist));
  const handArray = (x: readonly number[]) => {
    const out = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    handJacobian(x[0], x[1], x[2], out);
    return out;
  };
  const handTyped = (x: readonly number[]) => {
    const out = new Float64Array(9);
    handJacobian(x[0], x[1], x[2], out);
    return out;
  };
  return {
    name: "3×3 Jacobian per call (a 72-byte result)",
    description: "jacfwd of a map R³ → R³ at a point",
    reference: { name: "hand-written JS, an Array of 9 numbers out", run: () => handArray(raw[next()]), answer: () => handArray(raw[0]) },
    contenders: [
      { name: "hand-written JS, a Float64Array(9) out", run: () => handTyped(raw[next()]), answer: () => Array.from(handTyped(raw[0])) },
      { name: "jitgrad jit(jacfwd(f)), Tensor in and out", run: () => jac(points[next()]), answer: () => Array.from(jac(points[0]).toTypedArray()) },
    ],
  };
}
