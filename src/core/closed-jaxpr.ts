/**
 * A jaxpr with its constants (its own module so that the IR does not depend on the printer
 * that its `toString` uses).
 */
import type { Aval } from "./aval";
import type { Jaxpr } from "./ir";
import { printClosedJaxpr } from "./printer";
import type { Tensor } from "./tensor";

/**
 * A jaxpr with its constants: what `makeJaxpr(f)(...args)` returns. Its `toString()` prints
 * the modern jaxpr format.
 * @example
 * makeJaxpr((x: Tensor) => np.sin(x).mul(2))(1.0).toString();
 * // "{ lambda ; a:f64[]. let b:f64[] = sin a; c:f64[] = mul b 2.0:f64[] in (c,) }"
 */
export class ClosedJaxpr {
  constructor(
    readonly jaxpr: Jaxpr,
    readonly consts: readonly Tensor[],
  ) {
    Object.freeze(this);
  }

  /** Abstract values of the inputs. */
  get inAvals(): Aval[] {
    return this.jaxpr.invars.map((v) => v.aval);
  }

  /** Abstract values of the outputs. */
  get outAvals(): Aval[] {
    return this.jaxpr.outs.map((v) => v.aval);
  }

  /** The jaxpr as JAX prints it. */
  toString(): string {
    return printClosedJaxpr(this);
  }
}
