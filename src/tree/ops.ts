/** Whole-tree operations of jax.tree: `reduce`, `all`, `transpose`. */
import { PytreeError } from "../core/errors";
import { type TreeDef, flattenUpTo, treeFlatten, treeUnflatten } from "../core/pytree";

/**
 * Folds `fn` over the leaves, left to right (Python's functools.reduce, as jax.tree.reduce),
 * starting from `initializer` when one is given, else from the first leaf.
 * @example tree.reduce((a, b) => a + b, { x: 1, y: [2, 3] }) // 6
 */
export function reduce<T>(fn: (acc: T, leaf: T) => T, x: unknown, ...initializer: [] | [T]): T {
  const leaves = treeFlatten(x)[0] as T[];
  if (initializer.length === 0) {
    if (leaves.length === 0) throw new PytreeError("tree.reduce: the tree has no leaves and no initializer was given.");
    return leaves.slice(1).reduce(fn, leaves[0]);
  }
  return leaves.reduce(fn, initializer[0]);
}

/**
 * Whether every leaf is truthy (a Tensor counts by its value: all of its elements).
 * @example tree.all([true, { a: 1 }]) // true
 */
export function all(x: unknown): boolean {
  return treeFlatten(x)[0].every((leaf) => {
    if (typeof leaf === "object" && leaf !== null && "toTypedArray" in leaf) {
      return Array.from((leaf as { toTypedArray(): ArrayLike<number> }).toTypedArray()).every((v) => v !== 0);
    }
    return Boolean(leaf);
  });
}

/**
 * Swaps the outer and inner levels of a tree of trees: a `outer` tree of `inner` trees
 * becomes an `inner` tree of `outer` trees (jax.tree.transpose).
 * @example
 * const outer = tree.structure([0, 0]); const inner = tree.structure({ a: 0, b: 0 });
 * tree.transpose(outer, inner, [{ a: 1, b: 2 }, { a: 3, b: 4 }]) // { a: [1, 3], b: [2, 4] }
 */
export function transpose(outer: TreeDef, inner: TreeDef, x: unknown): unknown {
  const op = "tree.transpose";
  const [leaves] = treeFlatten(x);
  if (leaves.length !== outer.numLeaves * inner.numLeaves) {
    throw new PytreeError(`${op}: the tree has ${leaves.length} leaves, but ${outer.show()} of ${inner.show()} needs ${outer.numLeaves * inner.numLeaves}.`);
  }
  const blocks = flattenUpTo(op, outer, x).map((sub) => flattenUpTo(op, inner, sub));
  const transposed = Array.from({ length: inner.numLeaves }, (_, i) => treeUnflatten(outer, blocks.map((b) => b[i])));
  return treeUnflatten(inner, transposed);
}
