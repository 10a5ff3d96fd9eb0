/**
 * The signature of a call: the pytree structure of the dynamic arguments, each leaf's
 * kind and aval, and the static arguments' values. Equal signatures share a trace.
 */
import { ConcreteArray } from "../core/array";
import { type Aval, makeAval, showAval } from "../core/aval";
import type { DType } from "../core/dtype";
import { leafAval } from "../core/leaves";
import { type TreeDef, treeFlattenWithPaths } from "../core/pytree";
import { Tensor } from "../core/tensor";

export type LeafSig =
  | { readonly kind: "number" }
  | { readonly kind: "boolean" }
  | { readonly kind: "tensor"; readonly aval: Aval }
  | { readonly kind: "typed"; readonly dtype: DType; readonly length: number };

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

const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

/** A static argument as part of a cache key: primitives by value (-0 apart), objects by identity. */
function staticKey(v: unknown): string {
  if (v === null || v === undefined || typeof v === "boolean") return String(v);
  if (typeof v === "number") return Object.is(v, -0) ? "n:-0" : `n:${String(v)}`;
  if (typeof v === "string") return `s:${JSON.stringify(v)}`;
  if (typeof v === "bigint") return `b:${String(v)}`;
  if (typeof v === "object" || typeof v === "function") {
    let id = objectIds.get(v as object);
    if (id === undefined) objectIds.set(v as object, (id = nextObjectId++));
    return `o:${id}`;
  }
  return `?:${String(v)}`;
}

function leafSig(op: string, leaf: unknown, path: string): LeafSig {
  if (typeof leaf === "number") return { kind: "number" };
  if (typeof leaf === "boolean") return { kind: "boolean" };
  if (leaf instanceof Tensor) return { kind: "tensor", aval: leaf.aval };
  const aval = leafAval(op, leaf, path);
  return { kind: "typed", dtype: aval.dtype, length: aval.shape[0] };
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
      return `a${s.dtype}[${s.length}]`;
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
  const key = `${args.length}|${tree.key}|${sigs.map(leafKey).join(",")}|${[...staticMap].map(([i, v]) => `${i}=${staticKey(v)}`).join(",")}`;
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
