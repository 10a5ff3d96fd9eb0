/**
 * A host function an equation calls with its concrete input values when it runs (the
 * `debug_callback` primitive behind `debug.print` and `debug.callback`). It travels in
 * the equation's params, so compiled code receives it as a parameter, never as source.
 */
import type { ConcreteArray } from "./array";

/**
 * A host function with a name, as `debug_callback` equations hold it.
 * @example new HostCallback("log", (values) => console.log(values.map(String)))
 */
export class HostCallback {
  constructor(
    /** Shown in printed IR. */
    readonly name: string,
    /** Called with the values, in the equation's input order; the arrays are the callee's to keep. */
    readonly fn: (values: readonly ConcreteArray[]) => void,
  ) {
    Object.freeze(this);
  }

  /** The name, as printed IR shows it. */
  toString(): string {
    return this.name;
  }
}
