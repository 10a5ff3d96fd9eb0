/** Array creation: `np.array`, `zeros`, `ones`, `full`, `arange`, `linspace`, `eye`, … */
import { checkedSize, fromData } from "../core/array";
import { DEFAULT_FLOAT, type DType, allocate, castScalar, componentsOf } from "../core/dtype";
import { ArgumentError } from "../core/errors";
import { type Shape, checkShape, describeValue, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { type DTypeArg, asTensor, broadcastInDim, dtypeArg } from "./convert";

/**
 * An array from nested JS arrays, typed arrays, numbers, booleans or Tensors.
 * Numbers give float64 and all-boolean data gives bool unless `dtype` says otherwise.
 * @example
 * np.array([[1, 2], [3, 4]]);          // f64[2,2]
 * np.array([1, 2], "int32");           // i32[2]
 * np.array([x1, x2]);                  // stacks Tensors (works under tracing)
 */
export function array(x: TensorLike, dtype?: DTypeArg): Tensor {
  return asTensor(x, "np.array", dtypeArg("np.array", dtype));
}

/** Like {@link array}; returns Tensors unchanged. @example np.asarray(3) // f64[] */
export function asarray(x: TensorLike, dtype?: DTypeArg): Tensor {
  return asTensor(x, "np.asarray", dtypeArg("np.asarray", dtype));
}

function shapeArg(op: string, shape: number | Shape): Shape {
  return unwrap(checkShape(op, typeof shape === "number" ? [shape] : shape));
}

/**
 * An array of `shape` filled with `value` (dtype from `value` unless given).
 * @example np.full([2, 2], 7) // [[7, 7], [7, 7]]
 */
export function full(shape: number | Shape, value: TensorLike, dtype?: DTypeArg): Tensor {
  const s = shapeArg("np.full", shape);
  const d = dtypeArg("np.full", dtype);
  const v = asTensor(value, "np.full", d ?? (typeof value === "number" ? DEFAULT_FLOAT : undefined));
  checkedSize(s, v.dtype, "np.full");
  if (v.ndim > s.length) throw new ArgumentError(`np.full: a value of rank ${v.ndim} cannot fill shape [${s.join(", ")}].`);
  return broadcastInDim(
    v,
    s,
    v.shape.map((_, i) => i + s.length - v.ndim),
  );
}

/** An array of zeros. @example np.zeros([2, 3]).shape // [2, 3] */
export function zeros(shape: number | Shape, dtype?: DTypeArg): Tensor {
  return full(shape, 0, dtypeArg("np.zeros", dtype) ?? DEFAULT_FLOAT);
}

/** An array of ones. @example np.ones(3) // [1, 1, 1] */
export function ones(shape: number | Shape, dtype?: DTypeArg): Tensor {
  return full(shape, 1, dtypeArg("np.ones", dtype) ?? DEFAULT_FLOAT);
}

/** Zeros with the shape (and dtype, unless given) of `x`. @example np.zerosLike(np.ones([2])) // [0, 0] */
export function zerosLike(x: TensorLike, dtype?: DTypeArg): Tensor {
  const t = asTensor(x, "np.zerosLike");
  return full(t.shape, 0, dtypeArg("np.zerosLike", dtype) ?? t.dtype);
}

/** Ones with the shape (and dtype, unless given) of `x`. */
export function onesLike(x: TensorLike, dtype?: DTypeArg): Tensor {
  const t = asTensor(x, "np.onesLike");
  return full(t.shape, 1, dtypeArg("np.onesLike", dtype) ?? t.dtype);
}

/** `value` with the shape (and dtype, unless given) of `x`. */
export function fullLike(x: TensorLike, value: TensorLike, dtype?: DTypeArg): Tensor {
  const t = asTensor(x, "np.fullLike");
  return full(t.shape, value, dtypeArg("np.fullLike", dtype) ?? t.dtype);
}

function staticNumber(op: string, name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new ArgumentError(`${op}: ${name} must be a finite JS number, got ${describeValue(x)}.`);
  }
  return x;
}

/** `n` values `at(i)` (a complex dtype's as real parts: its storage interleaves (re, im)). */
function fill(op: string, n: number, dtype: DType, at: (i: number) => number): Tensor {
  const size = checkedSize([n], dtype, op);
  const data = allocate(dtype, size);
  const stride = componentsOf(dtype);
  for (let i = 0; i < size; i++) data[i * stride] = castScalar(at(i), dtype);
  return fromData([size], dtype, data);
}

/**
 * Evenly spaced values in [start, stop): `arange(stop)`, `arange(start, stop, step)`.
 * All-integer arguments give int32 (as JAX), otherwise float64.
 * @example np.arange(4) // i32 [0, 1, 2, 3]; np.arange(0, 1, 0.25) // f64 [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, stop?: number | null, step?: number | null, dtype?: DTypeArg): Tensor {
  const op = "np.arange";
  let lo = staticNumber(op, "start", start);
  let hi: number;
  if (stop === undefined || stop === null) {
    hi = lo;
    lo = 0;
  } else hi = staticNumber(op, "stop", stop);
  const st = step === undefined || step === null ? 1 : staticNumber(op, "step", step);
  if (st === 0) throw new ArgumentError("np.arange: step must not be zero.");
  const d = dtypeArg(op, dtype) ?? ([lo, hi, st].every(Number.isInteger) ? "int32" : DEFAULT_FLOAT);
  const n = Math.max(0, Math.ceil((hi - lo) / st));
  return fill(op, n, d, (i) => lo + i * st);
}

/**
 * `num` evenly spaced values from `start` to `stop` (included unless `endpoint: false`).
 * @example np.linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(
  start: number,
  stop: number,
  num = 50,
  opts: { readonly endpoint?: boolean; readonly dtype?: DType } = {},
): Tensor {
  const op = "np.linspace";
  const a = staticNumber(op, "start", start);
  const b = staticNumber(op, "stop", stop);
  if (!Number.isInteger(num) || num < 0) throw new ArgumentError(`np.linspace: num must be a non-negative integer, got ${num}.`);
  const endpoint = opts.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  const step = div > 0 ? (b - a) / div : 0;
  return fill(op, num, dtypeArg(op, opts.dtype) ?? DEFAULT_FLOAT, (i) => (endpoint && i === num - 1 && num > 1 ? b : a + i * step));
}

/**
 * `num` numbers spaced evenly on a log scale: base ** linspace(start, stop, num).
 * @example np.logspace(0, 2, 3) // [1, 10, 100]
 */
export function logspace(start: number, stop: number, num = 50, opts: { readonly endpoint?: boolean; readonly base?: number; readonly dtype?: DType } = {}): Tensor {
  const op = "np.logspace";
  const base = staticNumber(op, "base", opts.base ?? 10);
  const exps = linspace(start, stop, num, { endpoint: opts.endpoint });
  const data = Array.from(exps.concreteValue(op).data, (e) => Math.pow(base, e));
  return fill(op, num, dtypeArg(op, opts.dtype) ?? DEFAULT_FLOAT, (i) => data[i]);
}

/**
 * `num` numbers spaced evenly on a log scale between `start` and `stop` themselves (of one
 * sign, not 0); the endpoints are exact.
 * @example np.geomspace(1, 1000, 4) // [1, 10, 100, 1000]
 */
export function geomspace(start: number, stop: number, num = 50, opts: { readonly endpoint?: boolean; readonly dtype?: DType } = {}): Tensor {
  const op = "np.geomspace";
  const a = staticNumber(op, "start", start);
  const b = staticNumber(op, "stop", stop);
  if (a === 0 || b === 0 || Math.sign(a) !== Math.sign(b)) throw new ArgumentError(`${op}: start and stop must be non-zero and of one sign, got ${a} and ${b}.`);
  const endpoint = opts.endpoint ?? true;
  const sign = Math.sign(a);
  const exps = Array.from(linspace(Math.log10(Math.abs(a)), Math.log10(Math.abs(b)), num, { endpoint }).concreteValue(op).data);
  return fill(op, num, dtypeArg(op, opts.dtype) ?? DEFAULT_FLOAT, (i) => (i === 0 ? a : endpoint && i === num - 1 ? b : sign * Math.pow(10, exps[i])));
}

/**
 * A 2-D array with ones on diagonal `k` and zeros elsewhere.
 * @example np.eye(2) // [[1, 0], [0, 1]]
 */
export function eye(n: number, m?: number | null, k = 0, dtype?: DTypeArg): Tensor {
  const rows = n;
  const cols = m ?? n;
  const s = shapeArg("np.eye", [rows, cols]);
  const d = dtypeArg("np.eye", dtype) ?? DEFAULT_FLOAT;
  const size = checkedSize(s, d, "np.eye");
  const data = allocate(d, size);
  const stride = componentsOf(d);
  for (let i = 0; i < rows; i++) {
    const j = i + k;
    if (j >= 0 && j < cols) data[(i * cols + j) * stride] = 1;
  }
  return fromData(s, d, data);
}

/** The n×n identity matrix. @example np.identity(3) */
export function identity(n: number, dtype?: DTypeArg): Tensor {
  return eye(n, n, 0, dtype);
}
