/**
 * The signature of a call: the pytree structure of the dynamic arguments, each leaf's
 * kind and aval, and the static arguments' values (numbers, strings, arrays and plain
 * objects by value; functions, symbols and class instances by identity). Equal signatures
 * share a trace.
 */
import { ConcreteArray } from "../core/array";
import { type Aval, makeAval, showAval } from "../core/aval";
import type { DType } from "../core/dtype";
import { type TypedArrayKind, isNativeStorage, leafAval, typedArrayKind } from "../core/leaves";
import { type TreeDef, treeFlattenWithPaths } from "../core/pytree";
import { Tensor } from "../core/tensor";
import { valueKey } from "../core/value-key";

export type LeafSig =
  | { readonly kind: "number" }
  | { readonly kind: "boolean" }
  | { readonly kind: "tensor"; readonly aval: Aval }
  /** A typed array of class `ctor`; `native` when its storage is its dtype's (read without a copy). */
  | { readonly kind: "typed"; readonly dtype: DType; readonly length: number; readonly ctor: TypedArrayKind["ctor"]; readonly native: boolean };

export interface Signature {
  readonly key: string;
  readonly nargs: number;
  readonly statics: ReadonlyMap<number, unknown>;
  /** Structure of the list of dynamic arguments. */
  readonly tree: TreeDef;
  readonly leaves: readonly LeafSig[];
  readonly avals: readonly Aval[];
  /** "Numbers in": every dynamic leaf is a JS number. */
  readonly allNumbers: boolean;
}

function leafSig(op: string, leaf: unknown, path: string): LeafSig {
  if (typeof leaf === "number") return { kind: "number" };
  if (typeof leaf === "boolean") return { kind: "boolean" };
  if (leaf instanceof Tensor) return { kind: "tensor", aval: leaf.aval };
  const aval = leafAval(op, leaf, path);
  const { ctor } = typedArrayKind(op, leaf)!;
  return { kind: "typed", dtype: aval.dtype, length: aval.shape[0], ctor, native: isNativeStorage(leaf) };
}

function leafKey(s: LeafSig): string {
  switch (s.kind) {
    case "number":
      return "n";
    case "boolean":
      return "b";
    case "tensor":
      return `t${showAval(s.aval)}`;
    case "typed":
      return `a${s.ctor.name}[${s.length}]`;
  }
}

/** The signature of a call, or "traced" when an argument is a tracer (the call is under a transform). */
export function signatureOf(op: string, args: readonly unknown[], statics: ReadonlySet<number>): Signature | "traced" {
  const dynamic = args.filter((_, i) => !statics.has(i));
  const [leaves, tree, paths] = treeFlattenWithPaths(dynamic);
  if (leaves.some((l) => l instanceof Tensor && !(l instanceof ConcreteArray))) return "traced";
  const sigs = leaves.map((l, i) => leafSig(op, l, paths[i]));
  const staticMap = new Map<number, unknown>();
  for (const i of [...statics].sort((a, b) => a - b)) staticMap.set(i, args[i]);
  const key = `${args.length}|${tree.key}|${sigs.map(leafKey).join(",")}|${[...staticMap].map(([i, v]) => `${i}=${valueKey(v)}`).join(",")}`;
  return {
    key,
    nargs: args.length,
    statics: staticMap,
    tree,
    leaves: sigs,
    avals: sigs.map((s) =>
      s.kind === "number" ? makeAval([], "float64") : s.kind === "boolean" ? makeAval([], "bool") : s.kind === "tensor" ? s.aval : makeAval([s.length], s.dtype),
    ),
    allNumbers: sigs.length > 0 && sigs.every((s) => s.kind === "number"),
  };
}
