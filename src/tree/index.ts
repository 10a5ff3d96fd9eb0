/**
 * `tree`: pytree utilities, as jax.tree. Containers are JS arrays, plain objects (keys
 * sorted), null/undefined and registered classes; everything else is a leaf.
 */
export {
  treeMap as map,
  treeFlatten as flatten,
  treeUnflatten as unflatten,
  treeLeaves as leaves,
  treeStructure as structure,
  registerPytreeNode as register,
  TreeDef,
  type PytreeNodeDef,
  type TreeNode,
  type MapLeaves,
  type LeafOf,
  type LeafLike,
} from "../core/pytree";
export { SequenceKey, DictKey, FlattenedIndexKey, type KeyEntry, type KeyPath, keystr, leavesWithPath, flattenWithPath, mapWithPath } from "./paths";
export { reduce, all, transpose } from "./ops";
