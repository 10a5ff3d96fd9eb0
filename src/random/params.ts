/**
 * Distribution parameters: the shape a parameterised draw takes, JAX's rule — the
 * parameters' broadcast shape when no shape is given, else a shape they broadcast into.
 */
import * as E from "../core/either";
import { DTypeError, ShapeError } from "../core/errors";
import { broadcastShapes, shapesEqual, showShape, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { asTensor } from "../numpy/convert";
import { sampleShape } from "./keys";
import type { FloatDType } from "./samplers";

/**
 * A parameter in the draw's dtype. A JS number takes it (as a weak Python scalar does in
 * JAX); an array must convert safely, so a float64 parameter of a float32 draw is refused.
 */
export function param(op: string, name: string, value: TensorLike, dtype: FloatDType): Tensor {
  if (typeof value === "number") return asTensor(value, op, dtype);
  const t = asTensor(value, op);
  if (t.dtype === "complex64" || t.dtype === "complex128") throw new DTypeError(`${op}: ${name} must be real, got ${t.dtype}.`);
  if (t.dtype === "float64" && dtype === "float32") {
    throw new DTypeError(`${op}: ${name} is float64, which does not convert safely to a float32 draw; pass ${name}.astype("float32") or draw float64.`);
  }
  return t.astype(dtype);
}

/** The draw's shape: `shape` if given (the parameters must broadcast into it), else theirs broadcast. */
export function drawShape(op: string, shape: readonly number[] | number | undefined, params: readonly Tensor[]): number[] {
  const shapes = params.map((p) => p.shape);
  const broadcast = unwrap(broadcastShapes(op, shapes));
  if (shape === undefined) return [...broadcast];
  const s = sampleShape(op, shape);
  const joint = broadcastShapes(op, [s, broadcast]);
  if (E.isLeft(joint) || !shapesEqual(joint.right, s)) {
    throw new ShapeError(`${op}: parameters of shapes ${shapes.map(showShape).join(", ")} do not broadcast into the shape ${showShape(s)}; pass a shape they broadcast to, or omit it to draw one sample per parameter.`);
  }
  return s;
}
