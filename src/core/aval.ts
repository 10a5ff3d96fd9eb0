/** Abstract values: what tracing knows of an array (its shape and dtype), and nothing more. */
import { SHORT_NAME, type DType } from "./dtype";
import type { Shape } from "./shape";
import { sizeOf } from "./shape";

/** The abstract value of an array: shape and dtype. Frozen; compare with {@link avalsEqual}. */
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
