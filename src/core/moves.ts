/**
 * Primitives that only move elements — each output element is one element of an operand:
 * the layout views, pad and concatenate. Where a pass needs to know which element lands
 * where (scalarization, the kernel builder), it asks the interpreter's own kernel, run on
 * element numbers instead of values, so no second copy of their index rules exists.
 */
import { ConcreteArray } from "./array";
import { makeAval } from "./aval";
import { type ImplRule, implRules } from "./impl-rules";
import type { Prim, PrimParams } from "./primitives";
import type { Shape } from "./shape";
import { LAYOUT_PRIMS, type LayoutPrim } from "./strided";

export type MovePrim = LayoutPrim | "pad" | "concatenate";

const MOVE_PRIMS: ReadonlySet<string> = new Set<MovePrim>([...LAYOUT_PRIMS, "pad", "concatenate"]);

/** Whether a primitive only moves elements of its operands. */
export const isMovePrim = (prim: Prim): prim is MovePrim => MOVE_PRIMS.has(prim);

/**
 * The output elements (of shape `outShape`, row-major) of a moving primitive of checked IR,
 * given each operand's shape and elements (row-major): what the interpreter's kernel
 * computes, with `T` for numbers.
 */
export function movedElements<T>(
  prim: MovePrim,
  params: PrimParams[MovePrim],
  operands: readonly { readonly shape: Shape; readonly elements: readonly T[] }[],
  outShape: Shape,
): T[] {
  let next = 0;
  const numbered = operands.map(({ shape, elements }) => new ConcreteArray(makeAval(shape, "float64"), Float64Array.from(elements, () => next++)));
  const all = operands.flatMap((o) => o.elements);
  // The kernel straight from its table: the equation was checked when it was made.
  const [moved] = (implRules[prim] as ImplRule<MovePrim>)(numbered, params, [makeAval(outShape, "float64")]);
  return Array.from(moved.data, (id) => all[id]);
}
