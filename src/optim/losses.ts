/**
 * optax's losses, elementwise or per example (no reduction over the batch: take the mean
 * yourself, as with optax). Formulas follow optax's source.
 */
import { DTypeError, ShapeError } from "../core/errors";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import * as nn from "../nn/functions";
import * as np from "../numpy";

function floats(op: string, ...xs: TensorLike[]): Tensor[] {
  const ts = xs.map((x) => np.asarray(x));
  for (const t of ts) {
    if (t.dtype !== "float64" && t.dtype !== "float32") throw new DTypeError(`${op}: expects floating-point arrays, got ${t.dtype}; convert with astype("float64").`);
  }
  return ts;
}

function sameShape(op: string, a: Tensor, b: Tensor, what: string): void {
  if (a.ndim !== b.ndim || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(`${op}: ${what} must have one shape, got ${showShape(a.shape)} and ${showShape(b.shape)}.`);
  }
}

/** predictions − targets (or predictions alone without targets), after checks. */
function errors(op: string, predictions: TensorLike, targets?: TensorLike): Tensor {
  const [p] = floats(op, predictions);
  if (targets === undefined) return p;
  const t = np.asarray(targets);
  sameShape(op, p, t, "predictions and targets");
  return np.subtract(p, t);
}

/**
 * (predictions − targets)², elementwise; targets default to zeros.
 * @example optim.squaredError(np.array([1, 2]), np.array([0, 0])) // [1, 4]
 */
export function squaredError(predictions: TensorLike, targets?: TensorLike): Tensor {
  return np.square(errors("optim.squaredError", predictions, targets));
}

/**
 * ½ · (predictions − targets)², elementwise, as optax's `l2_loss`.
 * @example optim.l2Loss(np.array([2]), np.array([0])) // [2]
 */
export function l2Loss(predictions: TensorLike, targets?: TensorLike): Tensor {
  return np.multiply(0.5, squaredError(predictions, targets));
}

/**
 * Huber loss, elementwise: ½e² where |e| ≤ delta, delta·(|e| − ½delta) beyond.
 * @example optim.huberLoss(np.array([132]), np.array([0.3])) // [131.2]
 */
export function huberLoss(predictions: TensorLike, targets?: TensorLike, delta = 1): Tensor {
  const abs = np.abs(errors("optim.huberLoss", predictions, targets));
  const quadratic = np.minimum(abs, delta);
  // |e| − min(|e|, delta), not max(|e| − delta, 0): a single gradient path at the joint.
  const linear = np.subtract(abs, quadratic);
  return np.add(np.multiply(0.5, np.square(quadratic)), np.multiply(delta, linear));
}

/**
 * −Σ labels · logSoftmax(logits) along `axis` (default the last): one value per example.
 * @example optim.softmaxCrossEntropy(np.array([[0, 0]]), np.array([[1, 0]])) // [log 2]
 */
export function softmaxCrossEntropy(logits: TensorLike, labels: TensorLike, axis = -1): Tensor {
  const op = "optim.softmaxCrossEntropy";
  const [z] = floats(op, logits);
  const y = np.asarray(labels);
  sameShape(op, z, y, "logits and labels");
  return np.negative(np.sum(np.multiply(y, nn.logSoftmax(z, axis)), axis));
}

/**
 * The same with class indices: logsumexp(logits) − logits[label] along the last axis;
 * `labels` has the logits' shape without that axis.
 * @example optim.softmaxCrossEntropyWithIntegerLabels(np.array([[0, 0]]), np.array([1], "int32")) // [log 2]
 */
export function softmaxCrossEntropyWithIntegerLabels(logits: TensorLike, labels: TensorLike): Tensor {
  const op = "optim.softmaxCrossEntropyWithIntegerLabels";
  const [z] = floats(op, logits);
  const y = np.asarray(labels);
  if (y.dtype !== "int32") throw new DTypeError(`${op}: labels must be int32 class indices, got ${y.dtype}; for one-hot or soft labels use softmaxCrossEntropy.`);
  if (z.ndim === 0 || y.ndim !== z.ndim - 1 || y.shape.some((d, i) => d !== z.shape[i])) {
    throw new ShapeError(`${op}: labels must have the logits' shape without the class axis: logits ${showShape(z.shape)} want labels ${showShape(z.shape.slice(0, -1))}, got ${showShape(y.shape)}.`);
  }
  const labelLogits = np.squeeze(np.takeAlongAxis(z, np.expandDims(y, -1), -1), -1);
  return np.subtract(nn.logsumexp(z, -1), labelLogits);
}

/**
 * Binary cross-entropy of logits against probabilities, elementwise:
 * −labels · log σ(logits) − (1 − labels) · log σ(−logits), stable for large |logits|.
 * @example optim.sigmoidBinaryCrossEntropy(np.array([0]), np.array([1])) // [log 2]
 */
export function sigmoidBinaryCrossEntropy(logits: TensorLike, labels: TensorLike): Tensor {
  const op = "optim.sigmoidBinaryCrossEntropy";
  const [z] = floats(op, logits);
  const y = np.asarray(labels).astype(z.dtype);
  sameShape(op, z, y, "logits and labels");
  return np.subtract(np.negative(np.multiply(y, nn.logSigmoid(z))), np.multiply(np.subtract(1, y), nn.logSigmoid(np.negative(z))));
}

/**
 * Cosine similarity along the last axis; each squared norm is clipped below at `epsilon`
 * before its root (optax's guard against zero vectors).
 * @example optim.cosineSimilarity(np.array([1, 0]), np.array([1, 1])) // 0.7071…
 */
export function cosineSimilarity(predictions: TensorLike, targets: TensorLike, epsilon = 0): Tensor {
  const op = "optim.cosineSimilarity";
  const [a, b] = floats(op, predictions, targets);
  sameShape(op, a, b, "predictions and targets");
  const norm = (x: Tensor) => np.sqrt(np.maximum(np.sum(np.square(x), -1, { keepdims: true }), epsilon));
  return np.sum(np.multiply(np.divide(a, norm(a)), np.divide(b, norm(b))), -1);
}

/** 1 − {@link cosineSimilarity}. @example optim.cosineDistance(np.array([1, 0]), np.array([0, 1])) // 1 */
export function cosineDistance(predictions: TensorLike, targets: TensorLike, epsilon = 0): Tensor {
  return np.subtract(1, cosineSimilarity(predictions, targets, epsilon));
}
