/**
 * Typed errors. Every message names the operation, the shapes or structures involved
 * and what to do instead, so that a user can fix the call without reading our source.
 */

/** Base class of every error jitgrad throws on purpose. */
export class JitgradError extends Error {
  // Spelled out, not taken from the constructor: minifying bundlers rename classes.
  override name = "JitgradError";
}

/** Operand shapes that do not fit the operation (broadcasting, reshape, dot, …). */
export class ShapeError extends JitgradError {
  override name = "ShapeError";
}

/** An operand of a dtype the operation does not accept. */
export class DTypeError extends JitgradError {
  override name = "DTypeError";
}

/** A bad argument value: an axis out of range, a malformed option, a wrong argument count. */
export class ArgumentError extends JitgradError {
  override name = "ArgumentError";
}

/** A traced value used where a concrete one is needed (a JS `if`, `Number(x)`, `x.item()`). */
export class ConcretizationError extends JitgradError {
  override name = "ConcretizationError";
}

/** A tracer used after the transform that created it has finished. */
export class TracerLeakError extends JitgradError {
  override name = "TracerLeakError";
}

/** An attempt to change a Tensor in place (`x[0] = 1`): Tensors are immutable, as JAX arrays. */
export class ImmutableError extends JitgradError {
  override name = "ImmutableError";
}

/** A malformed pytree (cycles, exotic objects) or two trees whose structures differ. */
export class PytreeError extends JitgradError {
  override name = "PytreeError";
}

/** A transform applied where it cannot be (grad of a non-scalar, grad w.r.t. an int). */
export class TransformError extends JitgradError {
  override name = "TransformError";
}

/** An IR that fails validation. */
export class IRError extends JitgradError {
  override name = "IRError";
}

/** A request that would allocate more memory than an array can hold. */
export class AllocationError extends JitgradError {
  override name = "AllocationError";
}

/**
 * A worker thread of jitgrad's pool failed during a job (it threw, ran out of memory or
 * exited): the call that dispatched the job fails with the worker's message, the pool
 * replaces the worker, and later calls run normally.
 * @example
 * try { batched(xs); } catch (e) { if (e instanceof ThreadError) batched(xs); } // a new worker takes over
 */
export class ThreadError extends JitgradError {
  override name = "ThreadError";
}

/**
 * A broken invariant inside jitgrad — a bug, not a misuse. The message starts with
 * "internal:"; please report it with the program that raised it.
 * @example
 * try { f(x); } catch (e) { if (e instanceof InternalError) reportBug(e); }
 */
export class InternalError extends JitgradError {
  override name = "InternalError";
}
