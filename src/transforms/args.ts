/**
 * Argument handling shared by the transforms: flattening pytrees of arguments into array
 * leaves, remembering which leaves were JS numbers ("numbers in, numbers out"), and
 * validating `argnums`.
 */
import { isComplex } from "../core/dtype";
import { ArgumentError } from "../core/errors";
import { leafToTensor, resultToTensor } from "../core/leaves";
import { type TreeDef, treeFlattenWithPaths, treeUnflatten } from "../core/pytree";
import { ConcreteArray } from "../core/array";
import type { Tensor } from "../core/tensor";

/** Flattened arguments. */
export interface FlatArgs {
  readonly tensors: Tensor[];
  readonly tree: TreeDef;
  readonly paths: string[];
  /** Per leaf: was it a JS number? */
  readonly wasNumber: boolean[];
}

export function flattenArgs(op: string, args: unknown): FlatArgs {
  const [leaves, tree, paths] = treeFlattenWithPaths(args);
  return {
    tensors: leaves.map((l, i) => leafToTensor(op, l, paths[i])),
    tree,
    paths,
    wasNumber: leaves.map((l) => typeof l === "number"),
  };
}

/**
 * Arguments that are not transformed still reach the user's function as Tensors where
 * they are array-like (numbers, booleans, typed arrays); other leaves pass unchanged.
 */
export function liftArrayLeaves(x: unknown): unknown {
  const [leaves, tree, paths] = treeFlattenWithPaths(x);
  return treeUnflatten(
    tree,
    leaves.map((l, i) =>
      typeof l === "number" || typeof l === "boolean" || ArrayBuffer.isView(l) ? leafToTensor("transform", l, paths[i]) : l,
    ),
  );
}

/** "Numbers in": every leaf of every argument is a JS number (and there is at least one). */
export function allNumbers(flat: readonly FlatArgs[]): boolean {
  const flags = flat.flatMap((f) => f.wasNumber);
  return flags.length > 0 && flags.every(Boolean);
}

/** A concrete 0-d result as a JS number; anything else unchanged. */
export function toNumberIfScalar(x: Tensor): Tensor | number {
  return x.ndim === 0 && x.dtype !== "bool" && !isComplex(x.dtype) && x instanceof ConcreteArray ? x.data[0] : x;
}

/** Rebuilds results; with `numbers`, concrete 0-d leaves become JS numbers. */
export function unflattenResults(tree: TreeDef, leaves: readonly Tensor[], numbers: boolean): unknown {
  return treeUnflatten(tree, numbers ? leaves.map(toNumberIfScalar) : leaves);
}

/** Rebuilds a gradient mirroring its argument: number leaves get numbers back. */
export function unflattenMirroring(flat: FlatArgs, leaves: readonly Tensor[]): unknown {
  return treeUnflatten(
    flat.tree,
    leaves.map((t, i) => (flat.wasNumber[i] ? toNumberIfScalar(t) : t)),
  );
}

/** Flattens a function's result into Tensors, with its structure. */
export function flattenResult(op: string, result: unknown): [Tensor[], TreeDef] {
  const [leaves, tree, paths] = treeFlattenWithPaths(result);
  return [leaves.map((l, i) => resultToTensor(op, l, paths[i])), tree];
}

/** Normalises `argnums` against the call's argument count. */
export function checkArgnums(op: string, argnums: number | readonly number[], nargs: number): number[] {
  const list = typeof argnums === "number" ? [argnums] : [...argnums];
  if (list.length === 0) throw new ArgumentError(`${op}: argnums must name at least one argument.`);
  const positions = list.map((n) => {
    const i = n < 0 ? n + nargs : n;
    if (!Number.isInteger(n) || i < 0 || i >= nargs) {
      throw new ArgumentError(
        `${op}: argnums ${JSON.stringify(argnums)} refers to argument ${n}, but the function was called with ${nargs} argument(s).`,
      );
    }
    return i;
  });
  const repeated = positions.find((p, k) => positions.indexOf(p) !== k);
  if (repeated !== undefined) {
    throw new ArgumentError(`${op}: argnums ${JSON.stringify(argnums)} names argument ${repeated} twice; list each argument once.`);
  }
  return positions;
}
