/** User-facing entry points of the core: running a jaxpr, validating it, stopping gradients. */
import * as E from "./either";
import { ArgumentError } from "./errors";
import { evalJaxpr as evalOpen } from "./interpreter";
import type { ClosedJaxpr } from "./closed-jaxpr";
import { leafToTensor, resultToTensor } from "./leaves";
import { treeFlattenWithPaths, treeUnflatten } from "./pytree";
import type { Tensor } from "./tensor";
import { bind1 } from "./trace";
import { validateJaxpr } from "./validate";

/**
 * Runs a closed jaxpr through the interpreter (the reference every compiled path is checked against).
 * @example
 * const closed = makeJaxpr((x: Tensor) => np.sin(x))(0.5);
 * evalJaxpr(closed, 0.5); // [Tensor(f64[], 0.479…)]
 */
export function evalJaxpr(closed: ClosedJaxpr, ...args: unknown[]): Tensor[] {
  const [leaves, , paths] = treeFlattenWithPaths(args);
  const inputs = leaves.map((l, i) => leafToTensor("evalJaxpr", l, paths[i]));
  if (inputs.length !== closed.jaxpr.invars.length) {
    throw new ArgumentError(`evalJaxpr: the jaxpr takes ${closed.jaxpr.invars.length} array input(s), got ${inputs.length}.`);
  }
  return evalOpen(closed.jaxpr, closed.consts, inputs);
}

/**
 * Checks a jaxpr (shapes, dtypes, definitions before use). Returns an `Either` (fp-ts's
 * shape): `right` with the jaxpr, or `left` with an IRError.
 * @example checkJaxpr(makeJaxpr(f)(x))._tag // "Right"
 */
export function checkJaxpr(closed: ClosedJaxpr): E.Either<Error, ClosedJaxpr> {
  return E.map(() => closed)(validateJaxpr(closed.jaxpr));
}

/**
 * The identity, but differentiation treats the result as a constant (its gradient is 0).
 * Works on any pytree.
 * @example grad((x: Tensor) => x.mul(stopGradient(x)))(3) // 3, not 6
 */
export function stopGradient<T>(x: T): T {
  const [leaves, def, paths] = treeFlattenWithPaths(x);
  return treeUnflatten(
    def,
    leaves.map((l, i) => bind1("stop_gradient", [resultToTensor("stopGradient", l, paths[i])], {})),
  ) as T;
}
