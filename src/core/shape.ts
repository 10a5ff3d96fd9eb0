/**
 * Shapes as plain readonly arrays, and the pure, fallible shape computations
 * (broadcasting, axis normalisation) as `Either`s (`core/either.ts`) that the API boundary turns
 * into typed errors.
 */
import * as E from "./either";
import { ArgumentError, ShapeError } from "./errors";

/** A shape: the length of each axis, outermost first (row-major). */
export type Shape = readonly number[];

/** Number of elements of an array of `shape`. */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major strides (in elements) of `shape`. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Formats a shape for messages: `[2, 3]`. */
export function showShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy broadcasting of any number of shapes. */
export function broadcastShapes(op: string, shapes: readonly Shape[]): E.Either<ShapeError, Shape> {
  const ndim = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    const offset = ndim - s.length;
    for (let i = 0; i < s.length; i++) {
      const d = s[i];
      const o = out[offset + i];
      if (d === o || d === 1) continue;
      if (o === 1) out[offset + i] = d;
      else {
        return E.left(
          new ShapeError(
            `${op}: shapes ${shapes.map(showShape).join(" and ")} cannot be broadcast together ` +
              `(axis ${offset + i - ndim} has sizes ${o} and ${d}). Reshape one operand or use np.expandDims so that ` +
              `each axis is equal or 1.`,
          ),
        );
      }
    }
  }
  return E.right(out);
}

/** Maps a possibly negative axis into [0, ndim). */
export function normalizeAxis(op: string, axis: number, ndim: number): E.Either<ArgumentError, number> {
  if (!Number.isInteger(axis)) {
    return E.left(new ArgumentError(`${op}: an axis must be an integer, got ${describeValue(axis)}${typeof axis === "string" ? `; write ${op}(x, ${Number(axis)})` : ""}.`));
  }
  if (axis < -ndim || axis >= ndim) {
    return E.left(
      new ArgumentError(
        `${op}: axis ${String(axis)} is out of bounds for an array of rank ${ndim} ` +
          `(valid axes are ${ndim === 0 ? "none" : `${-ndim}..${ndim - 1}`}).`,
      ),
    );
  }
  return E.right(axis < 0 ? axis + ndim : axis);
}

/** Normalises a list of axes; rejects duplicates. */
export function normalizeAxes(op: string, axes: readonly number[], ndim: number): E.Either<ArgumentError, number[]> {
  const out: number[] = [];
  for (const a of axes) {
    const r = normalizeAxis(op, a, ndim);
    if (E.isLeft(r)) return r;
    if (out.includes(r.right)) {
      return E.left(new ArgumentError(`${op}: axis ${a} is repeated in ${showShape(axes)}.`));
    }
    out.push(r.right);
  }
  return E.right(out);
}

/** Throws the error of a Left; returns the value of a Right. The one place Eithers become exceptions. */
export function unwrap<A>(result: E.Either<Error, A>): A {
  if (E.isLeft(result)) throw result.left;
  return result.right;
}

/** Checks that every entry of a user-given shape is a non-negative integer. */
export function checkShape(op: string, shape: unknown): E.Either<ArgumentError, Shape> {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    return E.left(
      new ArgumentError(`${op}: a shape must be an array of non-negative integers, got ${describeValue(shape)}.`),
    );
  }
  return E.right(shape as Shape);
}

/** A short, safe description of an arbitrary value for error messages. */
/**
 * Every Tensor carries this copy of jitgrad's token under a registry symbol, so a Tensor
 * made by another copy (the ESM and CommonJS builds loaded in one process, or two
 * versions) can be told from other objects and named in error messages.
 */
export const TENSOR_BRAND: unique symbol = Symbol.for("jitgrad.Tensor") as never;
export const COPY_TOKEN: object = Object.freeze({});

export function describeValue(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object" && (x as { [TENSOR_BRAND]?: unknown })[TENSOR_BRAND] !== undefined && (x as { [TENSOR_BRAND]?: unknown })[TENSOR_BRAND] !== COPY_TOKEN) {
    return (
      "a Tensor from another copy of jitgrad (its ESM and CommonJS builds loaded in one process, or two versions of the package); " +
      "import jitgrad one way everywhere so that there is one Tensor class"
    );
  }
  if (Array.isArray(x)) return x.length > 8 ? `an array of length ${x.length}` : `[${x.map(describeValue).join(", ")}]`;
  if (typeof x === "number" || typeof x === "boolean" || typeof x === "undefined") return String(x);
  if (typeof x === "string") return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
  if (typeof x === "function") return "a function";
  const proto = Object.getPrototypeOf(x) as { constructor?: { name?: unknown } } | null;
  const name = proto?.constructor?.name;
  const article = (n: string) => `${/^[AEIOU]/.test(n) ? "an" : "a"} ${n}`;
  if (typeof name === "string" && name !== "" && name !== "Object") return article(name);
  // Generators and other built-ins without a named constructor: their tag ("Generator").
  const tag = Object.prototype.toString.call(x).slice(8, -1);
  return tag !== "Object" ? article(tag) : "an object";
}
