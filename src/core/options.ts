/**
 * Options objects: where one is expected, anything else is a slip (often JAX's positional
 * dtype, as in `random.normal(key, [3], "float32")`) that would otherwise be ignored.
 */
import { ArgumentError } from "./errors";
import { describeValue } from "./shape";

/** `opts` when it is an options object (or undefined); else an ArgumentError showing the form expected. */
export function checkOptions<T extends object>(op: string, opts: T | undefined, example: string): T | undefined {
  if (opts === undefined || (typeof opts === "object" && opts !== null && !Array.isArray(opts))) return opts;
  throw new ArgumentError(`${op}: expected an options object like ${example}, got ${describeValue(opts)}.`);
}
