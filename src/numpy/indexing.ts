/** Static indexing (`Tensor.slice`), iteration along axis 0, and conversion to nested JS arrays. */
import { ArgumentError } from "../core/errors";
import { showShape, sizeOf } from "../core/shape";
import type { IndexSpec, Tensor } from "../core/tensor";
import * as lax from "../lax/lax";
import { reshape } from "./convert";

interface AxisPlan {
  start: number;
  limit: number;
  stride: number;
  reverse: boolean;
  drop: boolean;
  length: number;
}

function describeSpec(s: IndexSpec): string {
  return s === null ? "null" : typeof s === "number" ? String(s) : `[${s.map((v) => (v === null ? "null" : String(v))).join(", ")}]`;
}

/** Python slice semantics for one axis of length n. */
function planRange(spec: readonly (number | null)[], n: number, axis: number, x: Tensor): AxisPlan {
  const [a = null, b = null, c = null] = spec;
  const step = c ?? 1;
  if (!Number.isInteger(step) || step === 0 || (a !== null && !Number.isInteger(a)) || (b !== null && !Number.isInteger(b))) {
    throw new ArgumentError(
      `Tensor.slice: the range ${describeSpec(spec as IndexSpec)} for axis ${axis} of shape ${showShape(x.shape)} needs ` +
        `integer start/stop and a non-zero integer step.`,
    );
  }
  const norm = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  if (step > 0) {
    const start = a === null ? 0 : norm(a, 0, n);
    const stop = b === null ? n : norm(b, 0, n);
    const length = Math.max(0, Math.ceil((stop - start) / step));
    return { start, limit: length > 0 ? start + (length - 1) * step + 1 : start, stride: step, reverse: false, drop: false, length };
  }
  const start = a === null ? n - 1 : norm(a, -1, n - 1);
  const stop = b === null ? -1 : norm(b, -1, n - 1);
  const length = Math.max(0, Math.ceil((stop - start) / step));
  // Read the reversed axis: original index i is n-1-i there.
  const rstart = Math.min(n - 1 - start, n);
  return {
    start: rstart,
    limit: length > 0 ? rstart + (length - 1) * -step + 1 : rstart,
    stride: -step,
    reverse: true,
    drop: false,
    length,
  };
}

/** Implements `Tensor.slice`: integers, ranges and `null` (new axis). */
export function sliceTensor(x: Tensor, specs: readonly IndexSpec[]): Tensor {
  const consumed = specs.filter((s) => s !== null).length;
  if (consumed > x.ndim) {
    throw new ArgumentError(
      `Tensor.slice: ${consumed} indices given for an array of shape ${showShape(x.shape)} (rank ${x.ndim}); ` +
        `pass at most one index per axis (null adds an axis without consuming one).`,
    );
  }
  const plans: AxisPlan[] = [];
  const outShape: number[] = [];
  let axis = 0;
  for (const s of specs) {
    if (s === null) {
      outShape.push(1);
      continue;
    }
    const n = x.shape[axis];
    if (typeof s === "number") {
      const i = s < 0 ? s + n : s;
      if (!Number.isInteger(s) || i < 0 || i >= n) {
        throw new ArgumentError(`Tensor.slice: index ${s} is out of bounds for axis ${axis} with size ${n} (shape ${showShape(x.shape)}).`);
      }
      plans.push({ start: i, limit: i + 1, stride: 1, reverse: false, drop: true, length: 1 });
    } else if (Array.isArray(s) && s.length <= 3) {
      const p = planRange(s, n, axis, x);
      plans.push(p);
      outShape.push(p.length);
    } else {
      throw new ArgumentError(
        `Tensor.slice: index ${String(describeSpec(s))} for axis ${axis} is not an integer, a [start, stop, step] range or null.`,
      );
    }
    axis++;
  }
  for (; axis < x.ndim; axis++) {
    plans.push({ start: 0, limit: x.shape[axis], stride: 1, reverse: false, drop: false, length: x.shape[axis] });
    outShape.push(x.shape[axis]);
  }
  let r = x;
  const revAxes = plans.flatMap((p, d) => (p.reverse && p.length > 0 ? [d] : []));
  if (revAxes.length > 0) r = lax.rev(r, revAxes);
  const whole = plans.every((p, d) => p.start === 0 && p.limit === x.shape[d] && p.stride === 1);
  if (!whole) {
    const strided = plans.some((p) => p.stride !== 1);
    r = lax.slice(
      r,
      plans.map((p) => (p.length === 0 ? 0 : p.start)),
      plans.map((p) => (p.length === 0 ? 0 : p.limit)),
      strided ? plans.map((p) => p.stride) : null,
    );
  }
  const dropAxes = plans.flatMap((p, d) => (p.drop ? [d] : []));
  if (dropAxes.length > 0) r = lax.squeeze(r, dropAxes);
  return reshape(r, outShape);
}

/** `x[i]`: entry i of axis 0 (a slice and a squeeze, as JAX traces iteration). */
export function indexAxis0(x: Tensor, i: number): Tensor {
  return lax.indexInDim(x, i, 0, { keepdims: false });
}

/** Nested JS arrays of a concrete tensor (numbers, or booleans for bool). */
export function toList(x: Tensor): unknown {
  const c = x.concreteValue("tolist()");
  const { shape, dtype } = c.aval;
  const data = c.data;
  const conv = dtype === "bool" ? (v: number) => v !== 0 : (v: number) => v;
  const rec = (d: number, offset: number): unknown => {
    if (d === shape.length) return conv(data[offset]);
    const inner = sizeOf(shape.slice(d + 1));
    return Array.from({ length: shape[d] }, (_, i) => rec(d + 1, offset + i * inner));
  };
  return rec(0, 0);
}
