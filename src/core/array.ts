/** Concrete arrays: an aval plus row-major typed-array storage. Immutable by convention. */
import { type Aval, makeAval, showAval } from "./aval";
import { type DType, type TypedArray, allocate, componentsOf, isComplex, typedArrayFor } from "./dtype";
import { AllocationError } from "./errors";
import { type Shape, showShape, sizeOf } from "./shape";
import { Tensor } from "./tensor";

/** Larger arrays are refused before allocating (typed arrays stop at 2^32 bytes here). */
const MAX_BYTES = 2 ** 32 - 1;

/** A concrete array. Users see it as a {@link Tensor}; no op ever mutates its data. */
export class ConcreteArray extends Tensor {
  constructor(
    readonly aval: Aval,
    readonly data: TypedArray,
  ) {
    super();
  }

  concreteValue(): ConcreteArray {
    return this;
  }

  override toString(): string {
    return `Tensor(${showAval(this.aval)}, ${formatValues(this)})`;
  }
}

/** Wraps storage without copying. The caller guarantees `data` matches the aval. */
export function fromData(shape: Shape, dtype: DType, data: TypedArray): ConcreteArray {
  return new ConcreteArray(makeAval(shape, dtype), data);
}

/** Row `i` of an array along its first axis (a copy). */
export function rowOf(a: ConcreteArray, i: number): ConcreteArray {
  const n = sizeOf(a.shape.slice(1)) * componentsOf(a.dtype);
  return fromData(a.shape.slice(1), a.dtype, a.data.slice(i * n, (i + 1) * n));
}

/** A zero-filled array, refusing sizes no typed array can hold. */
export function zerosArray(shape: Shape, dtype: DType, op = "allocate"): ConcreteArray {
  const size = checkedSize(shape, dtype, op);
  return new ConcreteArray(makeAval(shape, dtype), allocate(dtype, size));
}

/** The element count of `shape`, or an AllocationError if it is too large to allocate. */
export function checkedSize(shape: Shape, dtype: DType, op: string): number {
  const size = sizeOf(shape);
  const bytes = size * componentsOf(dtype) * typedArrayFor(dtype).BYTES_PER_ELEMENT;
  if (!Number.isFinite(bytes) || bytes > MAX_BYTES) {
    throw new AllocationError(
      `${op}: an array of shape ${showShape(shape)} and dtype ${dtype} needs ${bytes.toExponential(2)} bytes, ` +
        `more than a typed array can hold (${MAX_BYTES} bytes). Use a smaller shape or a narrower dtype.`,
    );
  }
  return size;
}

/** A 0-d array holding `value` (converted to `dtype`'s storage; a complex dtype gets `value + 0i`). */
export function scalarArray(value: number, dtype: DType): ConcreteArray {
  const data = allocate(dtype, 1);
  data[0] = dtype === "bool" ? (value ? 1 : 0) : value;
  return new ConcreteArray(makeAval([], dtype), data);
}

/** One element as text: `true`, `-0`, `2.5`. */
export function formatScalar(v: number, dtype: DType): string {
  if (dtype === "bool") return v ? "true" : "false";
  return Object.is(v, -0) ? "-0" : String(v);
}

/** A complex element as NumPy writes it: `1+2j`, `-0.5-1j`, `nan+infj`. */
export function formatComplex(re: number, im: number): string {
  const r = formatScalar(re, "float64");
  const i = formatScalar(im, "float64");
  const sign = i.startsWith("-") ? "" : "+";
  return `${r}${sign}${i.replace("Infinity", "inf").replace("NaN", "nan")}j`.replace("Infinity", "inf").replace("NaN", "nan");
}

/**
 * Nested `[...]` text of the values, eliding the middle of axes longer than `axisLimit`
 * (`scalar` formats each element).
 */
export function formatValues(a: ConcreteArray, axisLimit = 10, scalar: (v: number, dtype: DType) => string = formatScalar): string {
  const { shape, dtype } = a.aval;
  const complex = isComplex(dtype);
  const strides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
  const rec = (axis: number, offset: number): string => {
    if (axis === shape.length) return complex ? formatComplex(a.data[2 * offset], a.data[2 * offset + 1]) : scalar(a.data[offset], dtype);
    const n = shape[axis];
    const items: string[] = [];
    const show = (i: number) => items.push(rec(axis + 1, offset + i * strides[axis]));
    if (n > axisLimit) {
      for (let i = 0; i < 3; i++) show(i);
      items.push("…");
      for (let i = n - 3; i < n; i++) show(i);
    } else for (let i = 0; i < n; i++) show(i);
    return `[${items.join(", ")}]`;
  };
  return rec(0, 0);
}
