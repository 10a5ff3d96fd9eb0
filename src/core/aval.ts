/** Abstract values: what tracing knows of an array (its shape and dtype), and nothing more. */
import { SHORT_NAME, type DType } from "./dtype";
import { ShapeError } from "./errors";
import type { Shape } from "./shape";
import { sizeOf } from "./shape";

/** The abstract value of an array: shape and dtype. Frozen; compare shapes and dtypes, not identity. */
export interface Aval {
  readonly shape: Shape;
  readonly dtype: DType;
}

const scalarAvals = new Map<DType, Aval>();

export function makeAval(shape: Shape, dtype: DType): Aval {
  if (shape.length === 0) {
    // 0-d avals are the common case of scalar programs: share one per dtype.
    let a = scalarAvals.get(dtype);
    if (!a) scalarAvals.set(dtype, (a = Object.freeze({ shape: Object.freeze([]) as Shape, dtype })));
    return a;
  }
  // Index arithmetic is exact only below 2^53: refuse larger element counts (a zero axis
  // makes the array empty, but the other axes still index it).
  let n = 1;
  for (const d of shape) {
    if (!(Number.isSafeInteger(d) && d >= 0)) throw new ShapeError(`a shape must hold non-negative integers, got [${shape.join(", ")}].`);
    if (d > 0) n *= d;
  }
  if (n > Number.MAX_SAFE_INTEGER) {
    throw new ShapeError(`the shape [${shape.join(", ")}] has more than 2^53 elements (ignoring its empty axes), beyond what any array can index.`);
  }
  return Object.freeze({ shape: Object.isFrozen(shape) ? shape : Object.freeze([...shape]), dtype });
}

/** JAX's type notation: `f64[2,3]`, `bool[]`. */
export function showAval(aval: Aval): string {
  return `${SHORT_NAME[aval.dtype]}[${aval.shape.join(",")}]`;
}

export function avalsEqual(a: Aval, b: Aval): boolean {
  if (a.dtype !== b.dtype || a.shape.length !== b.shape.length) return false;
  for (let i = 0; i < a.shape.length; i++) if (a.shape[i] !== b.shape[i]) return false;
  return true;
}

export function avalSize(aval: Aval): number {
  return sizeOf(aval.shape);
}
