/**
 * Fresh zeroed typed arrays for values, with small ones carved from shared slabs.
 *
 * V8 keeps a typed array of up to 64 bytes inside the object itself; a larger one gets an
 * ArrayBuffer of its own, which costs about 0.5 µs however small it is (measured here: a
 * `Float64Array(8)` 28 ns, a `Float64Array(9)` 540 ns) — more than a small jitted body, and
 * most of an eager op on a few dozen elements. So arrays of 65 bytes to 1 KB are views into
 * an 8 KB slab, as Node's Buffer pool does: the slab's one allocation is shared by the
 * views cut from it (a `Float64Array(9)` then costs ~45 ns).
 *
 * A region is handed out once and never reused, so every view is zeroed memory no other
 * array sees. The price is retention: a live view keeps its whole slab alive (at most
 * 8 KB for one small array, 113× a 72-byte one), and `view.buffer` is the shared slab.
 * jitgrad never transfers or reinterprets a value's buffer; `Tensor.toTypedArray()` copies.
 */

/** Arrays of more bytes than this are carved from slabs; smaller ones live inside the object. */
const ON_HEAP_BYTES = 64;
/** Larger arrays get buffers of their own: a slab would hold too few of them to pay. */
const MAX_POOLED_BYTES = 1024;
const SLAB_BYTES = 8192;

let slab: ArrayBuffer | null = null;
let used = SLAB_BYTES;

/** Whether an array of `bytes` bytes is carved from a slab. */
export const isPooled = (bytes: number): boolean => bytes > ON_HEAP_BYTES && bytes <= MAX_POOLED_BYTES;

/** Reserves `bytes` (a pooled size) in the current slab, starting a new one when it is full; returns the offset. */
function carve(bytes: number): number {
  const rounded = (bytes + 7) & ~7; // every view starts 8-byte aligned, as Float64Array needs
  if (used + rounded > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const at = used;
  used += rounded;
  return at;
}

// One function per typed-array class, so that each `new` sees one constructor (V8 inlines a
// construct site that stays monomorphic).

/** A zeroed Float64Array of `length` elements. @example float64Storage(9).length // 9 */
export function float64Storage(length: number): Float64Array {
  if (!isPooled(length * 8)) return new Float64Array(length);
  const at = carve(length * 8);
  return new Float64Array(slab!, at, length);
}

/** A zeroed Float32Array of `length` elements. @example float32Storage(20).length // 20 */
export function float32Storage(length: number): Float32Array {
  if (!isPooled(length * 4)) return new Float32Array(length);
  const at = carve(length * 4);
  return new Float32Array(slab!, at, length);
}

/** A zeroed Int32Array of `length` elements. @example int32Storage(20).length // 20 */
export function int32Storage(length: number): Int32Array {
  if (!isPooled(length * 4)) return new Int32Array(length);
  const at = carve(length * 4);
  return new Int32Array(slab!, at, length);
}

/** A zeroed Uint8Array of `length` elements. @example uint8Storage(100).length // 100 */
export function uint8Storage(length: number): Uint8Array {
  if (!isPooled(length)) return new Uint8Array(length);
  const at = carve(length);
  return new Uint8Array(slab!, at, length);
}
