/**
 * What the primitive families share: definitions per class of values, which dtypes a
 * definition accepts (derived from the classes it defines, so abstract eval and the
 * kernels cannot disagree), and `rowsFor`, which rule tables use to derive a family's rows.
 */
import type { DType } from "../dtype";
import { type ScalarClass, classOf } from "../scalar/ops";

/** The params of a primitive that takes none. */
export type NoParams = Readonly<Record<never, never>>;

/** A definition for some classes of values; a missing class means the dtype is rejected. */
export interface PerClass<F, I, B> {
  readonly float?: F;
  readonly int?: I;
  readonly bool?: B;
}

type AnyPerClass = PerClass<unknown, unknown, unknown>;

/** Whether a definition covers `dtype`. */
export function accepts(def: AnyPerClass, dtype: DType): boolean {
  return def[classOf(dtype)] !== undefined;
}

/** The dtypes a definition covers, in words for an error message. */
export function acceptedText(def: AnyPerClass): string {
  const has = (c: ScalarClass) => def[c] !== undefined;
  if (has("float") && has("int") && has("bool")) return "any dtype";
  if (has("float") && has("int")) return "a numeric dtype (not bool)";
  if (has("float")) return "a floating dtype (float32 or float64)";
  if (has("int") && has("bool")) return "int32 or bool";
  return has("int") ? "int32" : "bool";
}

/** One row per name, made by `make`: how a rule table derives a family's rows. */
export function rowsFor<K extends string, R>(names: readonly K[], make: (name: K) => R): { readonly [P in K]: R } {
  const out = {} as { [P in K]: R };
  for (const n of names) out[n] = make(n);
  return out;
}
