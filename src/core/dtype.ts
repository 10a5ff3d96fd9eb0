/**
 * Element types and JAX's type promotion, restricted to the six dtypes jitgrad has.
 *
 * The lattice is JAX's restricted to them: bool < int32 < float32 < float64 < complex128
 * and float32 < complex64 < complex128, so float64 and complex64 promote to complex128.
 * JS numbers are weakly typed (as Python scalars are in JAX): an integral value behaves
 * like a Python int, any other value like a Python float.
 *
 * Complex elements are stored interleaved, (re, im) pairs in a Float64Array (complex128)
 * or Float32Array (complex64), so storage holds two numbers per element.
 */

import { float32Storage, float64Storage, int32Storage, uint8Storage } from "./storage";

/** The element types jitgrad supports. `float64` is the default, as JS numbers are doubles. */
export type DType = "float64" | "float32" | "int32" | "bool" | "complex64" | "complex128";

/** The complex dtypes. */
export type ComplexDType = "complex64" | "complex128";

/** The real floating dtypes. */
export type FloatDType = "float32" | "float64";

/** All dtypes, from the bottom of the promotion lattice to the top. */
export const DTYPES: readonly DType[] = Object.freeze(["bool", "int32", "float32", "float64", "complex64", "complex128"] as const);

/** The default floating dtype (JS numbers are float64). */
export const DEFAULT_FLOAT: DType = "float64";

/** Typed array storage for each dtype. */
export type TypedArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/** The typed arrays accepted as array values (see `typedArrayDType` for what each becomes). */
export type TypedArrayLike = TypedArray | Int8Array | Uint8ClampedArray | Int16Array | Uint16Array;

/** A typed-array constructor, as used for allocation. */
export type TypedArrayConstructor =
  | Float64ArrayConstructor
  | Float32ArrayConstructor
  | Int32ArrayConstructor
  | Uint8ArrayConstructor;

const ctors: { readonly [D in DType]: TypedArrayConstructor } = {
  float64: Float64Array,
  float32: Float32Array,
  int32: Int32Array,
  bool: Uint8Array,
  complex64: Float32Array,
  complex128: Float64Array,
};

/** The typed-array class that stores elements of `dtype`. */
export function typedArrayFor(dtype: DType): TypedArrayConstructor {
  return ctors[dtype];
}

/** Numbers of storage per element: 2 for complex dtypes (re, im), else 1. */
export function componentsOf(dtype: DType): 1 | 2 {
  return dtype === "complex64" || dtype === "complex128" ? 2 : 1;
}

const storage: { readonly [D in DType]: (length: number) => TypedArray } = {
  float64: float64Storage,
  float32: float32Storage,
  int32: int32Storage,
  bool: uint8Storage,
  complex64: float32Storage,
  complex128: float64Storage,
};

/** The allocator of `dtype`'s storage (a typed array of `length` numbers; see storage.ts). */
export function storageFor(dtype: DType): (length: number) => TypedArray {
  return storage[dtype];
}

/** Allocates zeroed storage for `size` elements of `dtype`. */
export function allocate(dtype: DType, size: number): TypedArray {
  return storage[dtype](size * componentsOf(dtype));
}

/** JAX's short dtype names as printed in jaxprs (`f64[2]`). */
export const SHORT_NAME: { readonly [D in DType]: string } = {
  float64: "f64",
  float32: "f32",
  int32: "i32",
  bool: "bool",
  complex64: "c64",
  complex128: "c128",
};

/** True for `float32` and `float64`. */
export function isFloat(dtype: DType): dtype is FloatDType {
  return dtype === "float64" || dtype === "float32";
}

/** True for `complex64` and `complex128`. */
export function isComplex(dtype: DType): dtype is ComplexDType {
  return dtype === "complex64" || dtype === "complex128";
}

/** True for the floating and complex dtypes (NumPy's "inexact"). */
export function isInexact(dtype: DType): boolean {
  return isFloat(dtype) || isComplex(dtype);
}

/** True for dtypes that can carry a gradient (the floating and complex ones). */
export const isDifferentiable = isInexact;

/** The real dtype of a complex dtype's components (float64 for complex128); other dtypes unchanged. */
export function realDType(dtype: DType): DType {
  return dtype === "complex128" ? "float64" : dtype === "complex64" ? "float32" : dtype;
}

/** The complex dtype with components of a real floating dtype (complex128 for float64). */
export function complexDType(dtype: FloatDType): ComplexDType {
  return dtype === "float32" ? "complex64" : "complex128";
}

/** The dtypes each one promotes to (itself included): JAX's lattice, transitively closed. */
const upward: { readonly [D in DType]: readonly DType[] } = {
  bool: DTYPES,
  int32: ["int32", "float32", "float64", "complex64", "complex128"],
  float32: ["float32", "float64", "complex64", "complex128"],
  float64: ["float64", "complex128"],
  complex64: ["complex64", "complex128"],
  complex128: ["complex128"],
};

/** The result dtype of combining two strongly typed operands: their least upper bound. */
export function promoteTypes(a: DType, b: DType): DType {
  const ub = upward[b];
  return upward[a].find((d) => ub.includes(d))!;
}

/** The dtype a weakly typed JS value takes when it meets an operand of dtype `other`. */
export function weakTypeAgainst(value: number | boolean, other: DType): DType {
  if (typeof value === "boolean") return other;
  if (isInexact(other)) return other;
  return Number.isInteger(value) ? (other === "bool" ? "int32" : other) : DEFAULT_FLOAT;
}

/** The dtype of a JS value standing alone: booleans are bool, numbers float64. */
export function dtypeOfScalar(value: number | boolean): DType {
  return typeof value === "boolean" ? "bool" : DEFAULT_FLOAT;
}

/** Parses a user-supplied dtype name; returns undefined for anything else. */
export function parseDType(name: unknown): DType | undefined {
  return typeof name === "string" && (DTYPES as readonly string[]).includes(name) ? (name as DType) : undefined;
}

/** Rounds a JS number to what storing it in `dtype` keeps (float32 rounding, int32 wrap, bool 0/1; a complex dtype rounds as its components). */
export function castScalar(value: number, dtype: DType): number {
  switch (dtype) {
    case "float64":
    case "complex128":
      return value;
    case "float32":
    case "complex64":
      return Math.fround(value);
    case "int32":
      return toInt32(value);
    case "bool":
      return value !== 0 ? 1 : 0; // NaN is truthy, as in NumPy
  }
}

/** Float to int32 as XLA converts: truncation toward zero, saturating, NaN to 0. */
export function toInt32(value: number): number {
  if (value !== value) return 0;
  if (value >= 2147483647) return 2147483647;
  if (value <= -2147483648) return -2147483648;
  return Math.trunc(value) | 0;
}

/** The machine epsilon of a floating dtype (NumPy's `finfo(dtype).eps`): 2⁻⁵² for float64, 2⁻²³ for float32. */
export const finfoEps = (dtype: DType): number => (realDType(dtype) === "float32" ? 2 ** -23 : 2 ** -52);
