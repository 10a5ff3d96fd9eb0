/**
 * Key paths, as jax.tree_util names them: the entries from the root to a leaf —
 * `SequenceKey` (an array index), `DictKey` (an object key), `FlattenedIndexKey` (the
 * position among a registered class's children) — printed as JAX prints them (`keystr`).
 */
import { type TreeDef, flattenUpTo, treeFlatten, treeUnflatten } from "../core/pytree";

/** An index into an array. Prints `[0]`. */
export class SequenceKey {
  constructor(readonly idx: number) {
    Object.freeze(this);
  }
  /** As JAX prints this key in a key path. */
  toString(): string {
    return `[${this.idx}]`;
  }
}

/** A key of an object. Prints `['w']`, as Python prints a dict key. */
export class DictKey {
  constructor(readonly key: string) {
    Object.freeze(this);
  }
  /** As JAX prints this key in a key path. */
  toString(): string {
    return `[${pythonStr(this.key)}]`;
  }
}

/** A child of a registered class, by position. Prints `[<flat index 0>]`. */
export class FlattenedIndexKey {
  constructor(readonly key: number) {
    Object.freeze(this);
  }
  /** As JAX prints this key in a key path. */
  toString(): string {
    return `[<flat index ${this.key}>]`;
  }
}

/** One step of a key path: an array index, an object key, or a registered class's child index. */
export type KeyEntry = SequenceKey | DictKey | FlattenedIndexKey;
/** The entries from the root to a leaf. */
export type KeyPath = readonly KeyEntry[];

/** Python's repr of a str: single quotes unless the string has one and no double quote. */
function pythonStr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/\\/g, "\\\\").replace(new RegExp(q, "g"), `\\${q}`).replace(/\n/g, "\\n").replace(/\t/g, "\\t");
  return `${q}${body}${q}`;
}

/** The key path of every leaf of a structure, in leaf order. */
export function keyPathsOf(def: TreeDef): KeyPath[] {
  const out: KeyPath[] = [];
  const walk = (d: TreeDef, path: KeyEntry[]) => {
    const n = d.node;
    switch (n.kind) {
      case "leaf":
        out.push([...path]);
        return;
      case "array":
        n.children.forEach((c, i) => walk(c, [...path, new SequenceKey(i)]));
        return;
      case "object":
        n.keys.forEach((k, i) => walk(n.children[i], [...path, new DictKey(k)]));
        return;
      case "custom":
        n.children.forEach((c, i) => walk(c, [...path, new FlattenedIndexKey(i)]));
        return;
      default:
        return;
    }
  };
  walk(def, []);
  return out;
}

/**
 * A key path as JAX's `keystr` prints it.
 * @example tree.keystr(tree.leavesWithPath({ a: [1, 2] })[1][0]) // "['a'][1]"
 */
export function keystr(path: KeyPath): string {
  return path.map(String).join("");
}

/**
 * The leaves with their key paths, in order.
 * @example tree.leavesWithPath({ w: 1, b: [2] }) // [[[DictKey('b'), SequenceKey(0)], 2], [[DictKey('w')], 1]]
 */
export function leavesWithPath(x: unknown): [KeyPath, unknown][] {
  const [leaves, def] = treeFlatten(x);
  return keyPathsOf(def).map((p, i) => [p, leaves[i]]);
}

/** {@link leavesWithPath} and the structure. */
export function flattenWithPath(x: unknown): [[KeyPath, unknown][], TreeDef] {
  const [leaves, def] = treeFlatten(x);
  return [keyPathsOf(def).map((p, i) => [p, leaves[i]]), def];
}

/**
 * `tree.map` whose function also gets each leaf's key path first.
 * @example tree.mapWithPath((p, v) => `${tree.keystr(p)}=${v}`, { a: 1 }) // { a: "['a']=1" }
 */
export function mapWithPath(f: (path: KeyPath, ...leaves: never[]) => unknown, x: unknown, ...rest: unknown[]): unknown {
  const [leaves, def] = treeFlatten(x);
  const others = rest.map((r) => flattenUpTo("tree.mapWithPath", def, r));
  const g = f as (path: KeyPath, ...leaves: unknown[]) => unknown;
  const paths = keyPathsOf(def);
  return treeUnflatten(
    def,
    leaves.map((leaf, i) => g(paths[i], leaf, ...others.map((o) => o[i]))),
  );
}
