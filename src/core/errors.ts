/**
 * Typed errors. Every message names the operation, the shapes or structures involved
 * and what to do instead, so that a user can fix the call without reading our source.
 */

/** Base class of every error jitgrad throws on purpose. */
export class JitgradError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Operand shapes that do not fit the operation (broadcasting, reshape, dot, …). */
export class ShapeError extends JitgradError {}

/** An operand of a dtype the operation does not accept. */
export class DTypeError extends JitgradError {}

/** A bad argument value: an axis out of range, a malformed option, a wrong argument count. */
export class ArgumentError extends JitgradError {}

/** A traced value used where a concrete one is needed (a JS `if`, `Number(x)`, `x.item()`). */
export class ConcretizationError extends JitgradError {}

/** A tracer used after the transform that created it has finished. */
export class TracerLeakError extends JitgradError {}

/** A malformed pytree (cycles, exotic objects) or two trees whose structures differ. */
export class PytreeError extends JitgradError {}

/** A transform applied where it cannot be (grad of a non-scalar, grad w.r.t. an int). */
export class TransformError extends JitgradError {}

/** An IR that fails validation. */
export class IRError extends JitgradError {}

/** A request that would allocate more memory than an array can hold. */
export class AllocationError extends JitgradError {}
