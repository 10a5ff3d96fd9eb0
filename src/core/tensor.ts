/**
 * `Tensor`: the one user-facing array type. Concrete arrays and every kind of tracer are
 * subclasses, so user code is written once against this class.
 *
 * The arithmetic methods delegate to the `np` functions through a registry that the
 * numpy layer fills at load time: tracers subclass `Tensor`, and the ops import the
 * tracing machinery, so a direct import here would be a cycle.
 */
import type { Aval } from "./aval";
import { showAval } from "./aval";
import { type DType, type TypedArray, type TypedArrayLike, isComplex } from "./dtype";
import { ArgumentError, ConcretizationError, DTypeError, ImmutableError, JitgradError } from "./errors";
import type { Shape } from "./shape";
import { COPY_TOKEN, TENSOR_BRAND, sizeOf } from "./shape";

/** A JS scalar: numbers are weakly typed floats or ints, booleans are bool. */
export type Scalar = number | boolean;

/**
 * A complex number as JS data: what `tolist()` gives for complex tensors and what
 * `np.array` accepts as an entry (making a complex128 array).
 * @example np.array([{ re: 1, im: 2 }, { re: 0, im: -1 }]) // c128[2]: [1+2j, 0-1j]
 */
export interface Complex {
  readonly re: number;
  readonly im: number;
}

/** Nested JS arrays of scalars, complex numbers or tensors, as accepted by `np.array`. */
export interface NestedArray extends ReadonlyArray<Scalar | Complex | Tensor | NestedArray> {}

/** Anything `np.*` accepts as an array argument. */
export type TensorLike = Tensor | Scalar | Complex | NestedArray | TypedArrayLike;

/** An axis argument: one axis, several, or `null`/`undefined` for all. */
export type Axis = number | readonly number[] | null | undefined;

/** Options of reductions. */
export interface ReduceOptions {
  /** Keep reduced axes as size-1 axes, so the result broadcasts against the input. */
  readonly keepdims?: boolean;
}

/**
 * One entry of {@link Tensor.slice} and {@link Tensor.at}, NumPy's index spelled in JS:
 * an integer picks an index and drops the axis; `[]` keeps the whole axis; `[start]`,
 * `[start, stop]` and `[start, stop, step]` are ranges (`null` for a default, negatives
 * count from the end); `null` inserts a new axis; `"..."` stands for the axes left; a
 * 0-d integer Tensor is an index known only at run time (traced is fine); an integer
 * Tensor (or Int32Array) of any shape selects along its axis (NumPy's advanced
 * indexing); a boolean Tensor with concrete values is a mask.
 */
export type IndexSpec =
  | number
  | null
  | "..."
  | readonly []
  | readonly [number | null]
  | readonly [number | null, number | null]
  | readonly [number | null, number | null, number | null]
  | Tensor
  | Int32Array;

/** Options of an indexed read, {@link IndexUpdateRef.get}. */
export interface IndexGetOptions {
  /** Out-of-bounds indices: `"promise_in_bounds"` (the default: clamped), `"clip"`, or `"fill"` with `fillValue`. */
  readonly mode?: "clip" | "fill" | "drop" | "promise_in_bounds";
  /** What `"fill"` puts at out-of-bounds positions (default NaN, the int32 minimum, or true). */
  readonly fillValue?: number | boolean;
  readonly indicesAreSorted?: boolean;
  readonly uniqueIndices?: boolean;
}

/** Options of an indexed update ({@link IndexUpdateRef.set} and the rest). */
export interface IndexUpdateOptions {
  /** Out-of-bounds indices: dropped (the default, `"drop"`) or moved into range (`"clip"`). */
  readonly mode?: "clip" | "fill" | "drop" | "promise_in_bounds";
  readonly indicesAreSorted?: boolean;
  /** Promise that no two updates write one element (needed for `multiply`'s gradient). */
  readonly uniqueIndices?: boolean;
}

/**
 * `x.at(...index)`: JAX's `x.at[index]`, the pure form of indexed assignment. Each method
 * returns a new array; `x` is unchanged. Of several updates to one element, `set` keeps
 * the last and the others accumulate.
 * @example
 * const x = np.zeros([4]);
 * x.at(1).set(5);                          // [0, 5, 0, 0]
 * x.at(np.array([0, 0, 2], "int32")).add(1); // [2, 0, 1, 0]
 * x.at([1, null]).multiply(3);             // x[1:] *= 3
 */
export interface IndexUpdateRef {
  /** `x[index]`, with control over out-of-bounds indices. */
  get(opts?: IndexGetOptions): Tensor;
  /** `x[index] = values`. */
  set(values: TensorLike, opts?: IndexUpdateOptions): Tensor;
  /** `x[index] += values`. */
  add(values: TensorLike, opts?: IndexUpdateOptions): Tensor;
  /** `x[index] -= values`. */
  subtract(values: TensorLike, opts?: IndexUpdateOptions): Tensor;
  /** `x[index] *= values`. */
  multiply(values: TensorLike, opts?: IndexUpdateOptions): Tensor;
  /** Alias of {@link IndexUpdateRef.multiply}. */
  mul(values: TensorLike, opts?: IndexUpdateOptions): Tensor;
  /** `x[index] /= values`. */
  divide(values: TensorLike, opts?: IndexUpdateOptions): Tensor;
  /** `x[index] **= values`. */
  power(values: TensorLike, opts?: IndexUpdateOptions): Tensor;
  /** `x[index] = minimum(x[index], values)`. */
  min(values: TensorLike, opts?: IndexUpdateOptions): Tensor;
  /** `x[index] = maximum(x[index], values)`. */
  max(values: TensorLike, opts?: IndexUpdateOptions): Tensor;
}

/** What the numpy layer registers so that Tensor methods can call it. */
export interface TensorMethodOps {
  readonly binary: (name: BinaryMethod, a: Tensor, b: TensorLike) => Tensor;
  readonly unary: (name: UnaryMethod, a: Tensor) => Tensor;
  readonly reduce: (name: ReduceMethod, a: Tensor, axis: Axis, opts?: ReduceOptions) => Tensor;
  readonly argReduce: (name: "argmax" | "argmin", a: Tensor, axis?: number | null, opts?: ReduceOptions) => Tensor;
  readonly cumsum: (a: Tensor, axis?: number | null) => Tensor;
  readonly reshape: (a: Tensor, shape: Shape) => Tensor;
  readonly transpose: (a: Tensor, axes?: readonly number[]) => Tensor;
  readonly squeeze: (a: Tensor, axis?: Axis) => Tensor;
  readonly expandDims: (a: Tensor, axis: number | readonly number[]) => Tensor;
  readonly astype: (a: Tensor, dtype: DType) => Tensor;
  readonly clip: (a: Tensor, lo?: TensorLike | null, hi?: TensorLike | null) => Tensor;
  readonly slice: (a: Tensor, index: readonly IndexSpec[]) => Tensor;
  readonly at: (a: Tensor, index: readonly IndexSpec[]) => IndexUpdateRef;
  readonly indexAxis0: (a: Tensor, i: number) => Tensor;
  readonly toList: (a: Tensor) => unknown;
}

export type BinaryMethod =
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "pow"
  | "mod"
  | "greater"
  | "greaterEqual"
  | "less"
  | "lessEqual"
  | "equal"
  | "notEqual"
  | "dot"
  | "matmul"
  | "maximum"
  | "minimum";
export type UnaryMethod = "neg" | "abs" | "sqrt" | "exp" | "log" | "sin" | "cos" | "tanh" | "square" | "round" | "real" | "imag" | "conj";
export type ReduceMethod = "sum" | "mean" | "max" | "min" | "prod" | "var" | "std" | "all" | "any";

let methodOps: TensorMethodOps | undefined;

/** Called once by the numpy layer. */
export function registerTensorMethods(ops: TensorMethodOps): void {
  methodOps = ops;
}

function ops(): TensorMethodOps {
  if (!methodOps) throw new JitgradError("jitgrad: Tensor methods used before the numpy module was loaded.");
  return methodOps;
}

/**
 * An n-dimensional array of float64, float32, int32 or bool: a concrete array or a traced value.
 *
 * JS has no operator overloading, so arithmetic is spelled with methods or `np.*`:
 * @example
 * const x = np.array([1, 2, 3]);
 * x.mul(2).add(1).sum();            // Tensor(f64[], 15)
 * x.shape;                          // [3]
 * x.slice([1, null]).tolist();      // [2, 3]
 */
export abstract class Tensor {
  /** Shape and dtype. */
  abstract readonly aval: Aval;

  /**
   * The concrete array behind this value, or throws a {@link ConcretizationError} that
   * names `what` the value was needed for. Tracers whose value is known (the primal of
   * a jvp or grad at the top level) answer; staged and batched ones throw.
   */
  abstract concreteValue(what: string): { readonly aval: Aval; readonly data: TypedArray };

  /** The length of each axis. */
  get shape(): Shape {
    return this.aval.shape;
  }
  /** The element type. */
  get dtype(): DType {
    return this.aval.dtype;
  }
  /** The number of axes. */
  get ndim(): number {
    return this.aval.shape.length;
  }
  /** The number of elements. */
  get size(): number {
    return sizeOf(this.aval.shape);
  }

  // ── Arithmetic (elementwise, NumPy broadcasting, JAX dtype promotion) ──

  /** `np.add(this, other)`. @example np.array([1, 2]).add(1) // [2, 3] */
  add(other: TensorLike): Tensor {
    return ops().binary("add", this, other);
  }
  /** `np.subtract(this, other)`. @example np.array([1, 2]).sub(1) // [0, 1] */
  sub(other: TensorLike): Tensor {
    return ops().binary("sub", this, other);
  }
  /** `np.multiply(this, other)`. @example np.array([1, 2]).mul(3) // [3, 6] */
  mul(other: TensorLike): Tensor {
    return ops().binary("mul", this, other);
  }
  /** `np.divide(this, other)` (true division). @example np.array([1, 2]).div(2) // [0.5, 1] */
  div(other: TensorLike): Tensor {
    return ops().binary("div", this, other);
  }
  /** `np.power(this, other)`; an integer JS exponent becomes `integer_pow`. @example x.pow(2) */
  pow(other: TensorLike): Tensor {
    return ops().binary("pow", this, other);
  }
  /** `np.remainder(this, other)` (sign of the divisor, as NumPy). @example np.array([5, -5]).mod(3) // [2, 1] */
  mod(other: TensorLike): Tensor {
    return ops().binary("mod", this, other);
  }
  /** `np.maximum(this, other)`. @example np.array([1, 5]).maximum(3) // [3, 5] */
  maximum(other: TensorLike): Tensor {
    return ops().binary("maximum", this, other);
  }
  /** `np.minimum(this, other)`. @example np.array([1, 5]).minimum(3) // [1, 3] */
  minimum(other: TensorLike): Tensor {
    return ops().binary("minimum", this, other);
  }
  /** `np.negative(this)`. @example np.array([1, -2]).neg() // [-1, 2] */
  neg(): Tensor {
    return ops().unary("neg", this);
  }
  /** `np.abs(this)`. @example np.array([-1, 2]).abs() // [1, 2] */
  abs(): Tensor {
    return ops().unary("abs", this);
  }
  /** `np.sqrt(this)`. @example np.array([4, 9]).sqrt() // [2, 3] */
  sqrt(): Tensor {
    return ops().unary("sqrt", this);
  }
  /** `np.exp(this)`. @example np.array([0]).exp() // [1] */
  exp(): Tensor {
    return ops().unary("exp", this);
  }
  /** `np.log(this)`. @example np.array([1]).log() // [0] */
  log(): Tensor {
    return ops().unary("log", this);
  }
  /** `np.sin(this)`. @example np.array([0]).sin() // [0] */
  sin(): Tensor {
    return ops().unary("sin", this);
  }
  /** `np.cos(this)`. @example np.array([0]).cos() // [1] */
  cos(): Tensor {
    return ops().unary("cos", this);
  }
  /** `np.tanh(this)`. @example np.array([0]).tanh() // [0] */
  tanh(): Tensor {
    return ops().unary("tanh", this);
  }
  /** `np.real(this)`: the real part (the array itself when real). @example np.array([{ re: 1, im: 2 }]).real // [1] */
  get real(): Tensor {
    return ops().unary("real", this);
  }
  /** `np.imag(this)`: the imaginary part (zeros when real). @example np.array([{ re: 1, im: 2 }]).imag // [2] */
  get imag(): Tensor {
    return ops().unary("imag", this);
  }
  /** `np.conj(this)`: the complex conjugate. @example np.array([{ re: 1, im: 2 }]).conj() // [1-2j] */
  conj(): Tensor {
    return ops().unary("conj", this);
  }
  /** `np.square(this)`. @example np.array([3]).square() // [9] */
  square(): Tensor {
    return ops().unary("square", this);
  }
  /** `np.round(this)`, halves to even. @example np.array([0.5, 1.5]).round() // [0, 2] */
  round(): Tensor {
    return ops().unary("round", this);
  }
  /** `np.clip(this, lo, hi)`. @example np.array([-1, 5]).clip(0, 3) // [0, 3] */
  clip(lo?: TensorLike | null, hi?: TensorLike | null): Tensor {
    return ops().clip(this, lo, hi);
  }

  // ── Comparisons (bool results) ──

  /** `np.greater(this, other)`. @example np.array([1, 3]).greater(2) // [false, true] */
  greater(other: TensorLike): Tensor {
    return ops().binary("greater", this, other);
  }
  /** `np.greaterEqual(this, other)`. */
  greaterEqual(other: TensorLike): Tensor {
    return ops().binary("greaterEqual", this, other);
  }
  /** `np.less(this, other)`. */
  less(other: TensorLike): Tensor {
    return ops().binary("less", this, other);
  }
  /** `np.lessEqual(this, other)`. */
  lessEqual(other: TensorLike): Tensor {
    return ops().binary("lessEqual", this, other);
  }
  /** `np.equal(this, other)`. */
  equal(other: TensorLike): Tensor {
    return ops().binary("equal", this, other);
  }
  /** `np.notEqual(this, other)`. */
  notEqual(other: TensorLike): Tensor {
    return ops().binary("notEqual", this, other);
  }

  // ── Reductions ──

  /** `np.sum(this, axis, { keepdims })`. @example np.array([[1, 2], [3, 4]]).sum(0) // [4, 6] */
  sum(axis?: Axis, opts?: ReduceOptions): Tensor {
    return ops().reduce("sum", this, axis, opts);
  }
  /** `np.mean(this, axis, { keepdims })`. @example np.array([1, 2, 3]).mean() // 2 */
  mean(axis?: Axis, opts?: ReduceOptions): Tensor {
    return ops().reduce("mean", this, axis, opts);
  }
  /** `np.max(this, axis, { keepdims })`. @example np.array([1, 3, 2]).max() // 3 */
  max(axis?: Axis, opts?: ReduceOptions): Tensor {
    return ops().reduce("max", this, axis, opts);
  }
  /** `np.min(this, axis, { keepdims })`. @example np.array([1, 3, 2]).min() // 1 */
  min(axis?: Axis, opts?: ReduceOptions): Tensor {
    return ops().reduce("min", this, axis, opts);
  }
  /** `np.prod(this, axis, { keepdims })`. @example np.array([2, 3]).prod() // 6 */
  prod(axis?: Axis, opts?: ReduceOptions): Tensor {
    return ops().reduce("prod", this, axis, opts);
  }
  /** `np.var(this, axis, { keepdims })` (population variance). */
  var(axis?: Axis, opts?: ReduceOptions): Tensor {
    return ops().reduce("var", this, axis, opts);
  }
  /** `np.std(this, axis, { keepdims })`. */
  std(axis?: Axis, opts?: ReduceOptions): Tensor {
    return ops().reduce("std", this, axis, opts);
  }
  /** `np.all(this, axis, { keepdims })`. */
  all(axis?: Axis, opts?: ReduceOptions): Tensor {
    return ops().reduce("all", this, axis, opts);
  }
  /** `np.any(this, axis, { keepdims })`. */
  any(axis?: Axis, opts?: ReduceOptions): Tensor {
    return ops().reduce("any", this, axis, opts);
  }
  /** `np.argmax(this, axis, { keepdims })` (int32 indices). @example np.array([1, 3, 2]).argmax() // 1 */
  argmax(axis?: number | null, opts?: ReduceOptions): Tensor {
    return ops().argReduce("argmax", this, axis, opts);
  }
  /** `np.argmin(this, axis, { keepdims })` (int32 indices). */
  argmin(axis?: number | null, opts?: ReduceOptions): Tensor {
    return ops().argReduce("argmin", this, axis, opts);
  }
  /** `np.cumsum(this, axis)`; with no axis, of the flattened array. @example np.array([1, 2, 3]).cumsum() // [1, 3, 6] */
  cumsum(axis?: number | null): Tensor {
    return ops().cumsum(this, axis);
  }

  // ── Linear algebra ──

  /** `np.dot(this, other)`. @example np.array([1, 2]).dot(np.array([3, 4])) // 11 */
  dot(other: TensorLike): Tensor {
    return ops().binary("dot", this, other);
  }
  /** `np.matmul(this, other)`. */
  matmul(other: TensorLike): Tensor {
    return ops().binary("matmul", this, other);
  }

  // ── Shape ──

  /** `np.reshape(this, shape)`; one entry may be -1. @example np.arange(6).reshape([2, 3]) */
  reshape(shape: Shape): Tensor {
    return ops().reshape(this, shape);
  }
  /** The elements as a 1-D tensor. @example np.ones([2, 3]).flatten().shape // [6] */
  flatten(): Tensor {
    return ops().reshape(this, [this.size]);
  }
  /** `np.transpose(this, axes)`; reverses the axes by default. */
  transpose(axes?: readonly number[]): Tensor {
    return ops().transpose(this, axes);
  }
  /** The transpose (all axes reversed). @example np.ones([2, 3]).T.shape // [3, 2] */
  get T(): Tensor {
    return ops().transpose(this);
  }
  /** `np.squeeze(this, axis)`. */
  squeeze(axis?: Axis): Tensor {
    return ops().squeeze(this, axis);
  }
  /** `np.expandDims(this, axis)`. */
  expandDims(axis: number | readonly number[]): Tensor {
    return ops().expandDims(this, axis);
  }
  /** Converts to `dtype` (float to int truncates toward zero). @example np.array([1.7]).astype("int32") // [1] */
  astype(dtype: DType): Tensor {
    return ops().astype(this, dtype);
  }

  /**
   * Indexing and slicing, NumPy style: the JS spelling of `x[i, a:b:s, None]`.
   * One {@link IndexSpec} per leading axis; missing trailing axes are kept whole.
   * @example
   * const m = np.arange(12).reshape([3, 4]);
   * m.slice(1);               // row 1, shape [4]          (m[1])
   * m.slice([], 2);           // column 2, shape [3]       (m[:, 2])
   * m.slice([0, 2], [null, null, 2]); // shape [2, 2]      (m[0:2, ::2])
   * m.slice(null);            // shape [1, 3, 4]           (m[None])
   * m.slice(-1);              // the last row              (m[-1])
   */
  slice(...index: IndexSpec[]): Tensor {
    return ops().slice(this, index);
  }

  /**
   * Indexed updates, JAX's `x.at[index]`: `x.at(i).set(v)` is `x[i] = v` without
   * changing `x`. The index is anything {@link Tensor.slice} takes.
   * @example
   * const x = np.arange(5);
   * x.at(0).set(10);                            // [10, 1, 2, 3, 4]
   * x.at([null, null, 2]).add(1);               // [1, 1, 3, 3, 5]  (x[::2] += 1)
   * x.at(np.array([1, 1], "int32")).add(1);     // [0, 3, 2, 3, 4]  (repeats accumulate)
   * x.at(np.array([7], "int32")).get({ mode: "fill", fillValue: -1 }); // [-1]
   */
  at(...index: IndexSpec[]): IndexUpdateRef {
    return ops().at(this, index);
  }

  // ── Conversion back to JS ──

  /** The value of a 0-d tensor (a number, or a boolean for bool). Throws under a trace. */
  item(): number | boolean {
    const c = this.concreteValue("item()");
    if (c.aval.shape.length !== 0) {
      throw new ConcretizationError(
        `item(): only a 0-d tensor has one item; this one is ${showAval(c.aval)}. Use tolist() or index it first.`,
      );
    }
    if (isComplex(c.aval.dtype)) {
      throw new DTypeError(
        `item(): a ${showAval(c.aval)} tensor has no JS number; take np.real(x).item() and np.imag(x).item(), or tolist() for { re, im }.`,
      );
    }
    const v = c.data[0];
    return c.aval.dtype === "bool" ? v !== 0 : v;
  }

  /** Nested JS arrays (numbers, booleans, or `{ re, im }` for complex dtypes); a 0-d tensor gives its scalar. Throws under a trace. */
  tolist(): unknown {
    return ops().toList(this);
  }

  /**
   * `JSON.stringify(x)` gives the values as `tolist()` does (NaN and ±Infinity become
   * null, as JSON has no such numbers); a traced value has none yet and says so.
   * @example JSON.stringify({ w: np.array([1, 2]) }) // '{"w":[1,2]}'
   */
  toJSON(): unknown {
    this.concreteValue("JSON.stringify (serialize the result of the transformed function instead)");
    return this.tolist();
  }

  /** A copy of the elements in row-major order, as the dtype's typed array. Throws under a trace. */
  toTypedArray(): TypedArray {
    return this.concreteValue("toTypedArray()").data.slice();
  }

  /**
   * Lets `x > 0`, `Number(x)` and `` `${x}` `` work on concrete 0-d tensors. Under a
   * trace the value is unknown and this throws, pointing at `lax.cond` / `np.where`.
   */
  [Symbol.toPrimitive](hint: string): number | string {
    if (hint === "string") return this.toString();
    // The tracer's message adds that the value is unknown and what to use instead.
    const c = this.concreteValue("a JS comparison, arithmetic operator or Number() conversion (use np.* functions or Tensor methods for arithmetic)");
    if (c.aval.shape.length !== 0) {
      throw new ConcretizationError(
        `A ${showAval(c.aval)} tensor was converted to a JS number (by a comparison, an arithmetic operator or ` +
          `Number()); only 0-d tensors convert. Use np.* functions or Tensor methods for array arithmetic.`,
      );
    }
    if (isComplex(c.aval.dtype)) {
      throw new DTypeError(`A ${showAval(c.aval)} tensor was converted to a JS number; a complex value has none. Use np.real / np.imag or np.abs first.`);
    }
    return c.data[0];
  }

  /** Iterates over the first axis, as `for (const row of x)` or `const [a, b] = x`. */
  *[Symbol.iterator](): Iterator<Tensor> {
    if (this.ndim === 0) {
      throw new ArgumentError("Cannot iterate over a 0-d tensor; it has no first axis. Use item() for its value.");
    }
    const n = this.shape[0];
    for (let i = 0; i < n; i++) yield ops().indexAxis0(this, i);
  }

  /** A short description: `Tensor(f64[2], [1, 2])` or `Traced<f64[2]>`. */
  abstract toString(): string;
}

/**
 * `x[i] = v` would silently give a Tensor a JS property named "i": refuse it, pointing to
 * `x.at(i).set(v)`, as JAX refuses item assignment. Accessors on the prototype (setter
 * only, so reading `x[i]` is undefined as before) cost nothing on the hot path. Each one
 * costs start-up time (1,056 of them were a quarter of the import's own work), so they
 * cover the indices hand-written code writes: -16 to 255.
 */
for (let i = -16; i < 256; i++) {
  Object.defineProperty(Tensor.prototype, String(i), {
    set(this: Tensor) {
      throw new ImmutableError(
        `Tensors are immutable (as JAX arrays): x[${i}] = value cannot change an element. ` +
          `Write x = x.at(${i}).set(value) for a new array with that element replaced (or .add, .multiply, …), and x.slice(${i}) to read it.`,
      );
    },
    enumerable: false,
    configurable: false,
  });
}

// The mark of this copy's Tensors (see TENSOR_BRAND): not enumerable, so pytrees and JSON ignore it.
Object.defineProperty(Tensor.prototype, TENSOR_BRAND, { value: COPY_TOKEN });
