/**
 * Pytrees: nested JS arrays, plain objects (keys sorted, as JAX sorts dict keys),
 * `null`/`undefined` (empty nodes, like Python's None) and registered classes, with
 * anything else as a leaf. Transforms flatten their arguments to leaves, work on flat
 * lists, and rebuild results with the same structure.
 */
import type { TypedArrayLike } from "./dtype";
import { InternalError, PytreeError } from "./errors";
import { isIdentifierName } from "./identifier";
import type { Tensor } from "./tensor";
import { describeValue } from "./shape";
import { valueKey } from "./value-key";

/** How a registered class splits into children and static data, and how it is rebuilt. */
export interface PytreeNodeDef<T, Aux = unknown> {
  /** The node's children (pytrees themselves) and the static data needed to rebuild it. */
  readonly flatten: (node: T) => readonly [children: readonly unknown[], aux: Aux];
  /** The node rebuilt from its aux data and (possibly transformed) children. */
  readonly unflatten: (aux: Aux, children: readonly unknown[]) => T;
  /**
   * A key equal for aux values that are the same (JAX's `__eq__`/`__hash__` on aux data):
   * two trees with equal keys share a jit trace. By default numbers, strings, arrays and
   * plain objects compare by value and anything else (a function, a class instance) by
   * identity.
   */
  readonly auxKey?: (aux: Aux) => string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
/** Any class (constructor) that can be registered as a pytree node. */
export type AnyClass = abstract new (...args: any[]) => unknown;

/** A registered pytree class: the class, its flatten/unflatten pair and its registration order. */
export interface Registered {
  readonly cls: AnyClass;
  readonly def: PytreeNodeDef<unknown>;
  readonly id: number;
}

/** Registered classes by their prototype (an own `constructor` key cannot pose as one). */
const registry = new Map<object, Registered>();

/**
 * Registers a class as a pytree node, so transforms see through it.
 * @example
 * class Point { constructor(readonly x: Tensor, readonly y: Tensor) {} }
 * tree.register(Point, {
 *   flatten: (p) => [[p.x, p.y], null],
 *   unflatten: (_aux, [x, y]) => new Point(x as Tensor, y as Tensor),
 * });
 */
export function registerPytreeNode<T, Aux>(cls: abstract new (...args: never[]) => T, def: PytreeNodeDef<T, Aux>): void {
  if (typeof cls !== "function" || typeof cls.prototype !== "object" || cls.prototype === null) {
    throw new PytreeError(`tree.register: expected a class, got ${describeValue(cls)}.`);
  }
  if (typeof def?.flatten !== "function" || typeof def.unflatten !== "function") {
    throw new PytreeError(`tree.register: ${cls.name || "the class"} needs { flatten(node) => [children, aux], unflatten(aux, children) => node }.`);
  }
  registry.set(cls.prototype as object, { cls: cls as unknown as AnyClass, def: def as unknown as PytreeNodeDef<unknown>, id: registry.size });
}

/** The shape of one node of a {@link TreeDef}: a leaf, an empty node, or a container with its children. */
export type TreeNode =
  | { readonly kind: "leaf" }
  | { readonly kind: "null" }
  | { readonly kind: "undefined" }
  | { readonly kind: "array"; readonly children: readonly TreeDef[] }
  | { readonly kind: "object"; readonly keys: readonly string[]; readonly children: readonly TreeDef[] }
  | { readonly kind: "custom"; readonly reg: Registered; readonly aux: unknown; readonly children: readonly TreeDef[] };

function auxKey(reg: Registered, aux: unknown): string {
  return reg.def.auxKey ? `k${JSON.stringify(reg.def.auxKey(aux))}` : valueKey(aux);
}

/** The structure of a pytree with its leaves removed. Immutable; compare with {@link TreeDef.equals}. */
export class TreeDef {
  readonly numLeaves: number;
  /** A string equal for equal structures; used as a cache key (never as code). */
  readonly key: string;

  constructor(readonly node: TreeNode) {
    const children = "children" in node ? node.children : [];
    this.numLeaves = node.kind === "leaf" ? 1 : children.reduce((n, c) => n + c.numLeaves, 0);
    const inner = children.map((c) => c.key).join(",");
    switch (node.kind) {
      case "leaf":
        this.key = "*";
        break;
      case "null":
        this.key = "N";
        break;
      case "undefined":
        this.key = "U";
        break;
      case "array":
        this.key = `[${inner}]`;
        break;
      case "object":
        this.key = `{${node.keys.map((k, i) => `${JSON.stringify(k)}:${children[i].key}`).join(",")}}`;
        break;
      case "custom":
        this.key = `C${node.reg.id}<${auxKey(node.reg, node.aux)}>(${inner})`;
        break;
    }
    Object.freeze(this);
  }

  get children(): readonly TreeDef[] {
    return "children" in this.node ? this.node.children : [];
  }

  get isLeaf(): boolean {
    return this.node.kind === "leaf";
  }

  /** Whether `other` has the same structure (containers, keys, registered classes and their aux data). */
  equals(other: TreeDef): boolean {
    return this.key === other.key;
  }

  /** JAX-style text: `PyTreeDef([*, {'a': *}])`. */
  toString(): string {
    return `PyTreeDef(${this.show()})`;
  }

  /** The structure alone, as in messages: `[*, {a: *}]`. */
  show(): string {
    const n = this.node;
    switch (n.kind) {
      case "leaf":
        return "*";
      case "null":
        return "null";
      case "undefined":
        return "undefined";
      case "array":
        return `[${n.children.map((c) => c.show()).join(", ")}]`;
      case "object":
        return `{${n.keys.map((k, i) => `${safeKey(k)}: ${n.children[i].show()}`).join(", ")}}`;
      case "custom":
        return `${n.reg.cls.name || "CustomNode"}(${n.children.map((c) => c.show()).join(", ")})`;
    }
  }
}

function safeKey(k: string): string {
  return isIdentifierName(k) ? k : JSON.stringify(k);
}

const LEAF = new TreeDef({ kind: "leaf" });

function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function registeredFor(x: object): Registered | undefined {
  const proto = Object.getPrototypeOf(x);
  return proto === null ? undefined : registry.get(proto);
}

/** Appends a path segment for messages: `[0]`, `.w`, `["odd key"]`. */
export function pathSegment(key: string | number): string {
  return typeof key === "number" ? `[${key}]` : isIdentifierName(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** A registered node's children and aux data, checked: a flatten that returns no pair is the user's to fix. */
function flattenNode(reg: Registered, x: object, path: string): readonly [readonly unknown[], unknown] {
  const out = reg.def.flatten(x) as unknown;
  if (!Array.isArray(out) || out.length !== 2 || !Array.isArray(out[0])) {
    throw new PytreeError(
      `tree.register: flatten of ${reg.cls.name || "the registered class"} (at ${path || "the root"}) must return [children (an array), aux], got ${describeValue(out)}.`,
    );
  }
  return out as unknown as readonly [readonly unknown[], unknown];
}

function flattenInto(x: unknown, leaves: unknown[], paths: string[] | undefined, path: string, ancestors: Set<object>): TreeDef {
  if (x === null) return new TreeDef({ kind: "null" });
  if (x === undefined) return new TreeDef({ kind: "undefined" });
  if (typeof x !== "object") {
    leaves.push(x);
    paths?.push(path);
    return LEAF;
  }
  const reg = registeredFor(x);
  const container = Array.isArray(x) || reg !== undefined || isPlainObject(x);
  if (!container) {
    leaves.push(x);
    paths?.push(path);
    return LEAF;
  }
  if (ancestors.has(x)) {
    throw new PytreeError(`pytree: the value at ${path || "the root"} contains itself (a cycle); pytrees must be trees.`);
  }
  ancestors.add(x);
  try {
    if (Array.isArray(x)) {
      const children = x.map((c, i) => flattenInto(c, leaves, paths, path + pathSegment(i), ancestors));
      return new TreeDef({ kind: "array", children });
    }
    if (reg) {
      const [kids, aux] = flattenNode(reg, x, path);
      const children = kids.map((c, i) => flattenInto(c, leaves, paths, `${path}<${i}>`, ancestors));
      return new TreeDef({ kind: "custom", reg, aux, children });
    }
    const symbols = Object.getOwnPropertySymbols(x).filter((k) => Object.prototype.propertyIsEnumerable.call(x, k));
    if (symbols.length > 0) {
      throw new PytreeError(`pytree: the object at ${path || "the root"} has a symbol key (${String(symbols[0])}); pytree objects have string keys — use a string, or register a class with tree.register.`);
    }
    const keys = Object.keys(x).sort();
    const obj = x as Record<string, unknown>;
    const children = keys.map((k) => flattenInto(obj[k], leaves, paths, path + pathSegment(k), ancestors));
    return new TreeDef({ kind: "object", keys, children });
  } finally {
    ancestors.delete(x);
  }
}

/** Leaves in order and the structure. @example tree.flatten([1, { b: 2, a: 3 }]) // [[1, 3, 2], PyTreeDef([*, {a: *, b: *}])] */
export function treeFlatten(x: unknown): [unknown[], TreeDef] {
  const leaves: unknown[] = [];
  const def = flattenInto(x, leaves, undefined, "", new Set());
  return [leaves, def];
}

/** Like {@link treeFlatten}, with each leaf's path (`[0].w`) for messages. */
export function treeFlattenWithPaths(x: unknown): [unknown[], TreeDef, string[]] {
  const leaves: unknown[] = [];
  const paths: string[] = [];
  const def = flattenInto(x, leaves, paths, "", new Set());
  return [leaves, def, paths];
}

/**
 * For a registered node `def`: a function giving the children of `x` if it is a node of
 * that class with equal aux data, else null (one level of {@link flattenUpTo}, for
 * compiled entries; an aux identical to `def`'s skips the key).
 */
export function customChildren(def: TreeDef): (x: unknown) => readonly unknown[] | null {
  const n = def.node;
  if (n.kind !== "custom") throw new InternalError("internal: not a registered node");
  const want = auxKey(n.reg, n.aux);
  const proto = n.reg.cls.prototype as object;
  return (x) => {
    if (typeof x !== "object" || x === null || Object.getPrototypeOf(x) !== proto) return null;
    const [kids, aux] = flattenNode(n.reg, x, "");
    if (kids.length !== n.children.length || (!Object.is(aux, n.aux) && auxKey(n.reg, aux) !== want)) return null;
    return kids;
  };
}

/** A registered node of `def` rebuilt from its children (one level of {@link treeUnflatten}). */
export function customBuilder(def: TreeDef): (children: readonly unknown[]) => unknown {
  const n = def.node;
  if (n.kind !== "custom") throw new InternalError("internal: not a registered node");
  return (children) => n.reg.def.unflatten(n.aux, children);
}

/** Rebuilds a tree of structure `def` from `leaves`. */
export function treeUnflatten(def: TreeDef, leaves: readonly unknown[]): unknown {
  if (leaves.length !== def.numLeaves) {
    throw new PytreeError(`tree.unflatten: the structure ${def.show()} has ${def.numLeaves} leaves, got ${leaves.length}.`);
  }
  let i = 0;
  const build = (d: TreeDef): unknown => {
    const n = d.node;
    switch (n.kind) {
      case "leaf":
        return leaves[i++];
      case "null":
        return null;
      case "undefined":
        return undefined;
      case "array":
        return n.children.map(build);
      case "object": {
        const out: Record<string, unknown> = {};
        n.keys.forEach((k, j) => {
          Object.defineProperty(out, k, { value: build(n.children[j]), enumerable: true, writable: true, configurable: true });
        });
        return out;
      }
      case "custom":
        return n.reg.def.unflatten(n.aux, n.children.map(build));
    }
  };
  return build(def);
}

/** The leaves of a tree, in order. */
export function treeLeaves(x: unknown): unknown[] {
  return treeFlatten(x)[0];
}

/** The structure of a tree. */
export function treeStructure(x: unknown): TreeDef {
  return treeFlatten(x)[1];
}

/** Options of {@link flattenUpTo}. */
export interface FlattenUpToOptions {
  /**
   * A null or undefined in `x` where `def` has a subtree stands for that whole subtree,
   * each of its leaves given as undefined (a cotangent's "zero here", JAX's None).
   */
  readonly noneMeansMissing?: boolean;
}

/**
 * The subtrees of `x` at the leaves of `def`, whose structure must be a prefix of x's
 * (x may go deeper where def has a leaf), as JAX's `flatten_up_to`.
 */
export function flattenUpTo(op: string, def: TreeDef, x: unknown, label = "this tree", opts: FlattenUpToOptions = {}): unknown[] {
  const out: unknown[] = [];
  const fail = (path: string, want: string): never => {
    const got = treeFlatten(x)[1].show();
    throw new PytreeError(`${op}: at ${path || "the root"} the first tree has ${want}, but ${label} (structure ${got}) does not; its structure must be the first tree's ${def.show()} or extend it.`);
  };
  const walk = (d: TreeDef, v: unknown, path: string): void => {
    const n = d.node;
    if (opts.noneMeansMissing && (v === null || v === undefined) && n.kind !== "null" && n.kind !== "undefined") {
      for (let k = 0; k < d.numLeaves; k++) out.push(undefined);
      return;
    }
    switch (n.kind) {
      case "leaf":
        out.push(v);
        return;
      case "null":
        if (v !== null) fail(path, "null");
        return;
      case "undefined":
        if (v !== undefined) fail(path, "undefined");
        return;
      case "array":
        if (!Array.isArray(v) || v.length !== n.children.length) fail(path, `an array of ${n.children.length}`);
        n.children.forEach((c, i) => walk(c, (v as unknown[])[i], path + pathSegment(i)));
        return;
      case "object": {
        if (typeof v !== "object" || v === null || Array.isArray(v) || !isPlainObject(v)) fail(path, `an object with keys ${n.keys.join(", ")}`);
        const keys = Object.keys(v as object).sort();
        if (keys.length !== n.keys.length || keys.some((k, i) => k !== n.keys[i])) fail(path, `an object with keys ${n.keys.join(", ")}`);
        n.keys.forEach((k, i) => walk(n.children[i], (v as Record<string, unknown>)[k], path + pathSegment(k)));
        return;
      }
      case "custom": {
        const reg = typeof v === "object" && v !== null ? registeredFor(v) : undefined;
        if (reg !== n.reg) fail(path, `a ${n.reg.cls.name || "registered"} node`);
        const [kids] = flattenNode(n.reg, v as object, path);
        n.children.forEach((c, i) => walk(c, kids[i], `${path}<${i}>`));
        return;
      }
    }
  };
  walk(def, x, "");
  return out;
}

/**
 * Applies `f` to corresponding leaves of `x` and of each tree in `rest`. The other trees
 * have x's structure, or extend it (JAX's prefix rule): where x has a leaf, `f` gets the
 * whole subtree of the others there.
 * @example tree.map((a, b) => np.add(a, b), { w: 1, b: 2 }, { w: 10, b: 20 }) // { b: 22, w: 11 } as Tensors
 * @example tree.map((scale, p) => tree.map((t) => np.multiply(t, scale), p), [2, 3], [{ w: 1 }, { w: 1 }])
 */
export function treeMap<T, R>(f: (leaf: NoInfer<LeafOf<T>>, ...others: never[]) => R, x: T, ...rest: unknown[]): MapLeaves<T, R> {
  const [leaves, def] = treeFlatten(x);
  const others = rest.map((r, k) => flattenUpTo("tree.map", def, r, `tree ${k + 1}`));
  const g = f as (...leaves: unknown[]) => unknown;
  return treeUnflatten(
    def,
    leaves.map((leaf, i) => g(leaf, ...others.map((o) => o[i]))),
  ) as MapLeaves<T, R>;
}

/** The types that are leaves of a pytree at the type level (containers are arrays and objects; null is empty). */
export type LeafLike = Tensor | TypedArrayLike | number | boolean | string | bigint | symbol | ((...args: never[]) => unknown);

/** The leaf types of a pytree type `T`. */
export type LeafOf<T, Depth extends unknown[] = []> = Depth["length"] extends 8
  ? unknown
  : T extends null | undefined
    ? never
    : T extends LeafLike
      ? T
      : T extends readonly (infer E)[]
        ? LeafOf<E, [...Depth, 0]>
        : T extends object
          ? LeafOf<T[keyof T], [...Depth, 0]>
          : T;

/** The pytree `T` with each leaf replaced by `R` (what `tree.map` returns). */
export type MapLeaves<T, R> = T extends null | undefined
  ? T
  : T extends LeafLike
    ? R
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: MapLeaves<T[K], R> }
      : T extends object
        ? { -readonly [K in keyof T]: MapLeaves<T[K], R> }
        : R;
