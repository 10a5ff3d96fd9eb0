/**
 * The parallel prefix scan of JAX's `lax.associative_scan` (Blelloch's odd/even
 * recursion), over flat lists of arrays scanned along `axis`: pairs are combined, the
 * half-size result is scanned recursively, and the even positions are filled in. Built of
 * slices and ordinary primitives only, so every transform goes through it; the cumulative
 * primitives take their derivatives from it, as JAX's do. Interleaving is exact (a stack
 * and reshape), so signed zeros survive.
 */
import type { Tensor } from "./tensor";
import { bind1 } from "./trace";

type Combine = (a: readonly Tensor[], b: readonly Tensor[]) => Tensor[];

/** `x[start:limit:stride]` along `axis` (limit may be negative, counting from the end). */
function sliceAxis(x: Tensor, axis: number, start: number, limit: number, stride = 1): Tensor {
  const n = x.shape[axis];
  const stop = limit < 0 ? n + limit : limit;
  return bind1("slice", [x], {
    start_indices: x.shape.map((_, d) => (d === axis ? start : 0)),
    limit_indices: x.shape.map((s, d) => (d === axis ? Math.max(start, stop) : s)),
    strides: stride === 1 ? null : x.shape.map((_, d) => (d === axis ? stride : 1)),
  });
}

/** a0 b0 a1 b1 … along `axis` (`a` may have one more entry than `b`). */
function interleave(a: Tensor, b: Tensor, axis: number): Tensor {
  const na = a.shape[axis];
  const nb = b.shape[axis];
  const aa = na === nb ? a : sliceAxis(a, axis, 0, nb);
  const withPair = (t: Tensor) => bind1("reshape", [t], { new_sizes: [...t.shape.slice(0, axis + 1), 1, ...t.shape.slice(axis + 1)], dimensions: null });
  const pairs = bind1("concatenate", [withPair(aa), withPair(b)], { dimension: axis + 1 });
  const merged = bind1("reshape", [pairs], { new_sizes: [...a.shape.slice(0, axis), 2 * nb, ...a.shape.slice(axis + 1)], dimensions: null });
  return na === nb ? merged : bind1("concatenate", [merged, sliceAxis(a, axis, na - 1, na)], { dimension: axis });
}

function scan(combine: Combine, elems: readonly Tensor[], axis: number): Tensor[] {
  const n = elems[0].shape[axis];
  if (n < 2) return [...elems];
  const reduced = combine(
    elems.map((e) => sliceAxis(e, axis, 0, -1, 2)),
    elems.map((e) => sliceAxis(e, axis, 1, n, 2)),
  );
  const odd = scan(combine, reduced, axis);
  const evenTail =
    n % 2 === 0
      ? combine(
          odd.map((e) => sliceAxis(e, axis, 0, -1)),
          elems.map((e) => sliceAxis(e, axis, 2, n, 2)),
        )
      : combine(
          odd,
          elems.map((e) => sliceAxis(e, axis, 2, n, 2)),
        );
  const even = elems.map((e, i) => bind1("concatenate", [sliceAxis(e, axis, 0, 1), evenTail[i]], { dimension: axis }));
  return even.map((e, i) => interleave(e, odd[i], axis));
}

/**
 * Inclusive scan of `elems` along `axis` with an associative `combine`: entry k of the
 * result combines entries 0..k (k..n-1 from the end, with `reverse`, as
 * `combine(later, earlier)`).
 */
export function associativeScanFlat(combine: Combine, elems: readonly Tensor[], axis: number, reverse: boolean): Tensor[] {
  const rev = (xs: readonly Tensor[]) => xs.map((x) => bind1("rev", [x], { dimensions: [axis] }));
  const out = scan(combine, reverse ? rev(elems) : elems, axis);
  return reverse ? rev(out) : out;
}
