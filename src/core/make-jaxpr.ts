/** `makeJaxpr`: trace a function on example arguments (pytrees) into a closed jaxpr. */
import { checkTraceable } from "./leaves";
import { ArgumentError } from "./errors";
import type { ClosedJaxpr } from "./closed-jaxpr";
import { leafAval, resultToTensor } from "./leaves";
import { type TreeDef, treeFlattenWithPaths, treeUnflatten } from "./pytree";
import { traceToJaxpr } from "./staging";
import type { Tensor } from "./tensor";

/** A traced function: its jaxpr and the pytree structures of its inputs and outputs. */
export interface TracedFunction {
  readonly jaxpr: ClosedJaxpr;
  readonly inTree: TreeDef;
  readonly outTree: TreeDef;
}

/** Checks `staticArgnums` against the number of arguments and normalises negatives. */
export function staticPositions(op: string, staticArgnums: number | readonly number[] | undefined, nargs: number): Set<number> {
  const list = staticArgnums === undefined ? [] : typeof staticArgnums === "number" ? [staticArgnums] : staticArgnums;
  const out = new Set<number>();
  for (const n of list) {
    const i = n < 0 ? n + nargs : n;
    if (!Number.isInteger(n) || i < 0 || i >= nargs) {
      throw new ArgumentError(`${op}: staticArgnums entry ${n} is out of range for a call with ${nargs} argument(s).`);
    }
    out.add(i);
  }
  return out;
}

/**
 * Traces `f` on the (non-static) arguments `args`: each array leaf becomes an input of the
 * jaxpr. Static arguments are passed to `f` unchanged.
 */
export function traceFunction(
  op: string,
  f: (...args: never[]) => unknown,
  args: readonly unknown[],
  statics: ReadonlySet<number> = new Set(),
): TracedFunction {
  const dynamicArgs = args.filter((_, i) => !statics.has(i));
  const [leaves, inTree, paths] = treeFlattenWithPaths(dynamicArgs);
  const avals = leaves.map((leaf, i) => leafAval(op, leaf, paths[i]));
  let outTree: TreeDef | undefined;
  const jaxpr = traceToJaxpr(
    (...tracers: Tensor[]) => {
      const rebuilt = treeUnflatten(inTree, tracers) as unknown[];
      let k = 0;
      const callArgs = args.map((a, i) => (statics.has(i) ? a : rebuilt[k++]));
      const result = (f as (...a: unknown[]) => unknown)(...callArgs);
      const [outLeaves, tree, outPaths] = treeFlattenWithPaths(result);
      outTree = tree;
      return outLeaves.map((leaf, i) => resultToTensor(op, leaf, outPaths[i]));
    },
    avals,
    op,
  );
  return { jaxpr, inTree, outTree: outTree! };
}

/**
 * Returns a function that traces `f` on its arguments and gives the closed jaxpr, which
 * prints in JAX's format.
 * @example
 * makeJaxpr((x: Tensor) => np.sin(x).mul(2))(1).toString();
 * // "{ lambda ; a:f64[]. let b:f64[] = sin a; c:f64[] = mul b 2.0:f64[] in (c,) }"
 */
export function makeJaxpr<Args extends unknown[]>(
  f: (...args: Args) => unknown,
  opts: { readonly staticArgnums?: number | readonly number[] } = {},
): (...args: unknown[]) => ClosedJaxpr {
  checkTraceable("makeJaxpr", f);
  return (...args) =>
    traceFunction("makeJaxpr", f as (...a: never[]) => unknown, args, staticPositions("makeJaxpr", opts.staticArgnums, args.length))
      .jaxpr;
}
