/**
 * The layout algebra (`core/strided.ts`), which the interpreter and the JavaScript emitter
 * both read through, against NumPy's index semantics written out independently: chains of
 * broadcast_in_dim, transpose, slice, rev and reshape over strided views must read the
 * element the reference reads at every position.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PrimParams } from "../src/core/primitives";
import { stridedGather } from "../src/core/kernels/layout";
import { type LayoutPrim, type Strided, isContiguous, mergeAxes, rowMajor, viewThrough } from "../src/core/strided";
import { sizeOf, stridesOf } from "../src/core/shape";
import type { TypedArray } from "../src/core/dtype";

type Op = { [P in LayoutPrim]: { prim: P; params: PrimParams[P]; shape: number[] } }[LayoutPrim];

/** Row-major multi-indices of a shape. */
function indices(shape: readonly number[]): number[][] {
  const out: number[][] = [];
  const idx = shape.map(() => 0);
  for (let i = 0; i < sizeOf(shape); i++) {
    out.push([...idx]);
    for (let d = shape.length - 1; d >= 0 && ++idx[d] === shape[d]; d--) idx[d] = 0;
  }
  return out;
}

const flatIndex = (idx: readonly number[], shape: readonly number[]) => idx.reduce((acc, v, d) => acc + v * stridesOf(shape)[d], 0);

/** The operand index each output index reads, per NumPy / lax semantics. */
function sourceIndex(op: Op, inShape: readonly number[], idx: readonly number[]): number {
  switch (op.prim) {
    case "broadcast_in_dim":
      return flatIndex(op.params.broadcast_dimensions.map((d, i) => (inShape[i] === 1 ? 0 : idx[d])), inShape);
    case "transpose": {
      const src = new Array<number>(idx.length);
      op.params.permutation.forEach((p, j) => (src[p] = idx[j]));
      return flatIndex(src, inShape);
    }
    case "slice":
      return flatIndex(idx.map((v, d) => op.params.start_indices[d] + v * (op.params.strides?.[d] ?? 1)), inShape);
    case "rev":
      return flatIndex(idx.map((v, d) => (op.params.dimensions.includes(d) ? inShape[d] - 1 - v : v)), inShape);
    case "reshape":
    case "squeeze":
      return flatIndex(idx, op.shape);
  }
}

/** A random layout op applicable to `shape`. */
function opOn(shape: number[]): fc.Arbitrary<Op> {
  const rank = shape.length;
  const axes = fc.subarray([...Array(rank).keys()]);
  const choices: fc.Arbitrary<Op>[] = [
    fc.shuffledSubarray([...Array(rank).keys()], { minLength: rank, maxLength: rank }).map((perm) => ({ prim: "transpose" as const, params: { permutation: perm }, shape: perm.map((p) => shape[p]) })),
    axes.map((dims) => ({ prim: "rev" as const, params: { dimensions: dims }, shape })),
    fc.tuple(...shape.map((d) => fc.tuple(fc.integer({ min: 0, max: d }), fc.integer({ min: 0, max: d }), fc.integer({ min: 1, max: 3 })))).map((cfg) => {
      const start = cfg.map(([a, b]) => Math.min(a, b));
      const limit = cfg.map(([a, b]) => Math.max(a, b));
      const step = cfg.map(([, , s]) => s);
      return { prim: "slice" as const, params: { start_indices: start, limit_indices: limit, strides: step }, shape: start.map((s, d) => Math.ceil((limit[d] - s) / step[d])) };
    }),
    // Broadcast into one new leading axis and any size-1 axis widened.
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: rank, maxLength: rank })).map(([lead, widths]) => {
      const out = [lead, ...shape.map((d, i) => (d === 1 ? widths[i] : d))];
      return { prim: "broadcast_in_dim" as const, params: { shape: out, broadcast_dimensions: shape.map((_, i) => i + 1) }, shape: out };
    }),
  ];
  // A reshape to the flat shape and back to any factorisation of it.
  const n = sizeOf(shape);
  const factorings = [[n], ...[2, 3].filter((f) => n % f === 0).map((f) => [f, n / f]), [1, n]];
  choices.push(fc.constantFrom(...factorings).map((s) => ({ prim: "reshape" as const, params: { new_sizes: s, dimensions: null }, shape: s })));
  return fc.oneof(...choices);
}

/** A starting shape and a chain of ops, each valid for the shape the previous one made. */
const chainArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((shape) => {
  const step = (s: number[], left: number): fc.Arbitrary<Op[]> =>
    left === 0 ? fc.constant([]) : opOn(s).chain((op) => step(op.shape, left - 1).map((rest) => [op, ...rest]));
  return fc.integer({ min: 1, max: 5 }).chain((len) => step(shape, len).map((ops) => ({ shape, ops })));
});

describe("layout algebra", () => {
  it("a chain of views reads what NumPy's index rules read, copying only where a reshape needs it", () => {
    fc.assert(
      fc.property(chainArb, ({ shape, ops }) => {
        let storage: TypedArray = Float64Array.from({ length: sizeOf(shape) }, (_, i) => i);
        let view: Strided = rowMajor(shape);
        let reference = Array.from(storage);
        let refShape: readonly number[] = shape;
        for (const op of ops) {
          reference = indices(op.shape).map((idx) => reference[sourceIndex(op, refShape, idx)]);
          refShape = op.shape;
          let next = viewThrough(view, op.prim, op.params as never, op.shape);
          if (!next) {
            // Only a reshape of a view that is not contiguous may refuse.
            expect(op.prim).toBe("reshape");
            expect(isContiguous(view)).toBe(false);
            storage = stridedGather(storage, view.offset, view.shape, view.strides, "float64");
            next = viewThrough(rowMajor(view.shape), op.prim, op.params as never, op.shape)!;
          }
          view = next;
        }
        expect(Array.from(stridedGather(storage, view.offset, view.shape, view.strides, "float64"))).toEqual(reference);
      }),
      { numRuns: 400 },
    );
  });

  it("merges axes only when they are one run of storage", () => {
    const v: Strided = { shape: [2, 3, 4], strides: [12, 4, 1], offset: 0 };
    expect(mergeAxes(v, [0, 1])).toEqual({ size: 6, stride: 4 });
    expect(mergeAxes({ ...v, strides: [1, 2, 6] }, [1, 2])).toBeNull();
    expect(mergeAxes({ shape: [1, 1], strides: [5, 7] }, [0, 1])).toEqual({ size: 1, stride: 0 });
  });
});
