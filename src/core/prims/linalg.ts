/**
 * The linear-algebra primitives (JAX's `lax.linalg` set): their params, abstract eval and
 * eager kernels, declared together. Each acts on the last two axes and maps over the
 * leading ones (a batch of matrices); the derivative rules are in
 * `transforms/linalg-rules.ts`. Kernels compute in float64 (`kernels/linalg.ts`) and
 * round once on store, so float32 results are the float64 answer rounded.
 */
import { ConcreteArray } from "../array";
import { type Aval, makeAval, showAval } from "../aval";
import { type TypedArray, allocate, isFloat } from "../dtype";
import * as E from "../either";
import type { NoParams } from "./family";
import { DTypeError, type JitgradError, ShapeError } from "../errors";
import {
  choleskyInto,
  eighInto,
  luInPlace,
  pivotsToPermutation,
  qrInto,
  solveLeftInPlace,
  svdInto,
  transposeInto,
} from "../kernels/linalg";
import { sizeOf } from "../shape";

export const LINALG_PRIMS = ["lu", "lu_pivots_to_permutation", "triangular_solve", "cholesky", "qr", "eigh", "svd"] as const;
export type LinalgPrim = (typeof LINALG_PRIMS)[number];


/** Params of the linear-algebra primitives, as JAX names them. */
export interface LinalgParams {
  /** `lu(a)` → (lu, pivots, permutation): P·A = L·U with L unit lower (below lu's diagonal) and U upper. */
  readonly lu: NoParams;
  /** `lu_pivots_to_permutation(pivots)`: the permutation of `permutation_size` rows that lu's row swaps perform. */
  readonly lu_pivots_to_permutation: { readonly permutation_size: number };
  /**
   * `triangular_solve(a, b)`: X with op(A)·X = B (`left_side`) or X·op(A) = B, op(A) = A or
   * Aᵀ (`transpose_a`); only A's `lower` (or upper) triangle is read, and not its diagonal
   * when `unit_diagonal`. `conjugate_a` is JAX's (no effect on real dtypes).
   */
  readonly triangular_solve: {
    readonly left_side: boolean;
    readonly lower: boolean;
    readonly transpose_a: boolean;
    readonly conjugate_a: boolean;
    readonly unit_diagonal: boolean;
  };
  /** `cholesky(a)` → L, lower, reading A's lower triangle; NaN everywhere when A is not positive definite. */
  readonly cholesky: NoParams;
  /** `qr(a)` → (q, r), Householder; `full_matrices` gives Q m×m and R m×n, else m×k and k×n. */
  readonly qr: { readonly full_matrices: boolean };
  /** `eigh(a)` → (v, w): eigenvectors (columns) and ascending eigenvalues of the symmetric matrix in A's `lower` (or upper) triangle. */
  readonly eigh: { readonly lower: boolean };
  /** `svd(a)` → (s, u, vt) (s descending), or (s) without `compute_uv`. */
  readonly svd: { readonly full_matrices: boolean; readonly compute_uv: boolean };
}

type Result = E.Either<JitgradError, readonly Aval[]>;

/** The checks every linalg primitive makes of a matrix operand: a float dtype and ≥ 2 axes. */
function matrixOperand(prim: string, x: Aval, square: boolean): E.Either<JitgradError, readonly [number[], number, number]> {
  if (!isFloat(x.dtype)) return E.left(new DTypeError(`${prim}: expected a floating operand (float32 or float64), got ${showAval(x)}. Convert it with astype.`));
  if (x.shape.length < 2) return E.left(new ShapeError(`${prim}: expected a matrix (at least 2 axes, a batch of matrices for more), got ${showAval(x)}.`));
  const m = x.shape[x.shape.length - 2];
  const n = x.shape[x.shape.length - 1];
  if (square && m !== n) return E.left(new ShapeError(`${prim}: expected square matrices, got ${showAval(x)}.`));
  return E.right([x.shape.slice(0, -2), m, n] as const);
}

function one(prim: string, avals: readonly Aval[], square: boolean, out: (batch: number[], m: number, n: number, x: Aval) => Aval[]): Result {
  if (avals.length !== 1) return E.left(new ShapeError(`${prim}: expected 1 operand, got ${avals.length}.`));
  const r = matrixOperand(prim, avals[0], square);
  return E.isLeft(r) ? r : E.right(out(...r.right, avals[0]));
}

const abstractEval: { readonly [P in LinalgPrim]: (avals: readonly Aval[], params: LinalgParams[P]) => Result } = {
  lu: (avals) =>
    one("lu", avals, false, (b, m, n, x) => [x, makeAval([...b, Math.min(m, n)], "int32"), makeAval([...b, m], "int32")]),
  lu_pivots_to_permutation: (avals, { permutation_size }) => {
    const prim = "lu_pivots_to_permutation";
    if (avals.length !== 1) return E.left(new ShapeError(`${prim}: expected 1 operand, got ${avals.length}.`));
    const [p] = avals;
    if (p.dtype !== "int32") return E.left(new DTypeError(`${prim}: pivots must be int32, got ${showAval(p)}.`));
    if (p.shape.length < 1) return E.left(new ShapeError(`${prim}: pivots must have at least 1 axis, got ${showAval(p)}.`));
    const k = p.shape[p.shape.length - 1];
    if (!(Number.isInteger(permutation_size) && permutation_size >= k)) {
      return E.left(new ShapeError(`${prim}: permutation_size must be an integer ≥ the number of pivots (${k}), got ${permutation_size}.`));
    }
    return E.right([makeAval([...p.shape.slice(0, -1), permutation_size], "int32")]);
  },
  triangular_solve: (avals, { left_side }) => {
    const prim = "triangular_solve";
    if (avals.length !== 2) return E.left(new ShapeError(`${prim}: expected 2 operands (a, b), got ${avals.length}.`));
    const [a, b] = avals;
    const ra = matrixOperand(prim, a, true);
    if (E.isLeft(ra)) return ra;
    const rb = matrixOperand(prim, b, false);
    if (E.isLeft(rb)) return rb;
    if (a.dtype !== b.dtype) return E.left(new DTypeError(`${prim}: a and b must have the same dtype, got ${showAval(a)} and ${showAval(b)}.`));
    const [ba, n] = ra.right;
    const [bb, rows, cols] = rb.right;
    if (ba.length !== bb.length || ba.some((d, i) => d !== bb[i])) {
      return E.left(new ShapeError(`${prim}: a and b must have the same batch axes, got ${showAval(a)} and ${showAval(b)}.`));
    }
    if ((left_side ? rows : cols) !== n) {
      return E.left(
        new ShapeError(`${prim}: with left_side=${left_side}, b's ${left_side ? "rows" : "columns"} must match a's size ${n}, got ${showAval(a)} and ${showAval(b)}.`),
      );
    }
    return E.right([b]);
  },
  cholesky: (avals) => one("cholesky", avals, true, (_b, _m, _n, x) => [x]),
  qr: (avals, { full_matrices }) =>
    one("qr", avals, false, (b, m, n, x) => {
      const k = full_matrices ? m : Math.min(m, n);
      return [makeAval([...b, m, k], x.dtype), makeAval([...b, k, n], x.dtype)];
    }),
  eigh: (avals) => one("eigh", avals, true, (b, _m, n, x) => [x, makeAval([...b, n], x.dtype)]),
  svd: (avals, { full_matrices, compute_uv }) =>
    one("svd", avals, false, (b, m, n, x) => {
      const k = Math.min(m, n);
      const s = makeAval([...b, k], x.dtype);
      if (!compute_uv) return [s];
      return [s, makeAval([...b, m, full_matrices ? m : k], x.dtype), makeAval([...b, full_matrices ? n : k, n], x.dtype)];
    }),
};

/** The number of matrices in a batch of `aval`s (the product of the leading axes). */
const batchCount = (aval: Aval) => sizeOf(aval.shape.slice(0, -2));

/** Matrix `i` (of `size` elements) of `data`, as a float64 copy. */
function matrixAt(data: TypedArray, i: number, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let j = 0; j < size; j++) out[j] = data[i * size + j];
  return out;
}

/** Output storage for each aval of a batch of `count` matrices, and a store of matrix `i`'s part of output `o` (rounding to its dtype). */
function outputs(avals: readonly Aval[], count: number) {
  const data = avals.map((a) => allocate(a.dtype, sizeOf(a.shape)));
  const per = avals.map((a) => (count === 0 ? 0 : sizeOf(a.shape) / count));
  return {
    store(o: number, i: number, values: ArrayLike<number>) {
      data[o].set(values, i * per[o]);
    },
    arrays: () => avals.map((a, o) => new ConcreteArray(a, data[o])),
  };
}

type Impl<P extends LinalgPrim> = (args: readonly ConcreteArray[], params: LinalgParams[P], outAvals: readonly Aval[]) => ConcreteArray[];

const dims = (x: ConcreteArray): [number, number] => [x.shape[x.shape.length - 2], x.shape[x.shape.length - 1]];

const impl: { readonly [P in LinalgPrim]: Impl<P> } = {
  lu: ([x], _p, avals) => {
    const [m, n] = dims(x);
    const count = batchCount(x.aval);
    const out = outputs(avals, count);
    const piv = new Int32Array(Math.min(m, n));
    const perm = new Int32Array(m);
    for (let i = 0; i < count; i++) {
      const a = matrixAt(x.data, i, m * n);
      luInPlace(a, m, n, piv);
      pivotsToPermutation(piv, m, perm);
      out.store(0, i, a);
      out.store(1, i, piv);
      out.store(2, i, perm);
    }
    return out.arrays();
  },
  lu_pivots_to_permutation: ([p], { permutation_size }, [out]) => {
    const k = p.shape[p.shape.length - 1];
    const count = k === 0 ? sizeOf(out.shape) / Math.max(1, permutation_size) : p.data.length / k;
    const data = new Int32Array(sizeOf(out.shape));
    const perm = new Int32Array(permutation_size);
    for (let i = 0; i < count; i++) {
      const piv = p.data.subarray(i * k, (i + 1) * k);
      pivotsToPermutation(piv, permutation_size, perm);
      data.set(perm, i * permutation_size);
    }
    return [new ConcreteArray(out, data)];
  },
  triangular_solve: ([a, b], { left_side, lower, transpose_a, unit_diagonal }, avals) => {
    const [n] = dims(a);
    const [rows, cols] = dims(b);
    const count = batchCount(a.aval);
    const out = outputs(avals, count);
    const r = left_side ? cols : rows;
    const bt = new Float64Array(rows * cols);
    for (let i = 0; i < count; i++) {
      const A = matrixAt(a.data, i, n * n);
      const B = matrixAt(b.data, i, rows * cols);
      if (left_side) {
        solveLeftInPlace(A, n, B, r, lower, transpose_a, unit_diagonal);
        out.store(0, i, B);
      } else {
        // X·op(A) = B  ⇔  op(A)ᵀ·Xᵀ = Bᵀ.
        transposeInto(B, rows, cols, bt);
        solveLeftInPlace(A, n, bt, r, lower, !transpose_a, unit_diagonal);
        transposeInto(bt, cols, rows, B);
        out.store(0, i, B);
      }
    }
    return out.arrays();
  },
  cholesky: ([x], _p, avals) => {
    const [n] = dims(x);
    const count = batchCount(x.aval);
    const out = outputs(avals, count);
    const l = new Float64Array(n * n);
    for (let i = 0; i < count; i++) {
      if (!choleskyInto(matrixAt(x.data, i, n * n), n, l)) l.fill(NaN);
      out.store(0, i, l);
    }
    return out.arrays();
  },
  qr: ([x], _p, avals) => {
    const [m, n] = dims(x);
    const [qa, ra] = avals;
    const qCols = qa.shape[qa.shape.length - 1];
    const rRows = ra.shape[ra.shape.length - 2];
    const count = batchCount(x.aval);
    const out = outputs(avals, count);
    const q = new Float64Array(m * qCols);
    const r = new Float64Array(rRows * n);
    for (let i = 0; i < count; i++) {
      qrInto(matrixAt(x.data, i, m * n), m, n, q, qCols, r, rRows);
      out.store(0, i, q);
      out.store(1, i, r);
    }
    return out.arrays();
  },
  eigh: ([x], { lower }, avals) => {
    const [n] = dims(x);
    const count = batchCount(x.aval);
    const out = outputs(avals, count);
    const w = new Float64Array(n);
    const v = new Float64Array(n * n);
    for (let i = 0; i < count; i++) {
      eighInto(matrixAt(x.data, i, n * n), n, lower, w, v);
      out.store(0, i, v);
      out.store(1, i, w);
    }
    return out.arrays();
  },
  svd: ([x], { compute_uv }, avals) => {
    const [m, n] = dims(x);
    const count = batchCount(x.aval);
    const out = outputs(avals, count);
    const s = new Float64Array(Math.min(m, n));
    const uCols = compute_uv ? avals[1].shape[avals[1].shape.length - 1] : 0;
    const vRows = compute_uv ? avals[2].shape[avals[2].shape.length - 2] : 0;
    const u = compute_uv ? new Float64Array(m * uCols) : null;
    const vt = compute_uv ? new Float64Array(vRows * n) : null;
    for (let i = 0; i < count; i++) {
      svdInto(matrixAt(x.data, i, m * n), m, n, s, u, uCols, vt, vRows);
      out.store(0, i, s);
      if (u && vt) {
        out.store(1, i, u);
        out.store(2, i, vt);
      }
    }
    return out.arrays();
  },
};

/** Each linalg primitive's abstract eval and kernel, for the core rule tables. */
export const linalgPrims = { abstractEval, impl };
