/**
 * Derivative and batching rules of the linear-algebra primitives. Each factorization's
 * tangent is written once, as JAX defines it (`tangents`: linear in the input tangent);
 * forward mode evaluates it, and reverse mode transposes it by running the tape over it
 * (so its VJP is the adjoint of the same formula, in terms of triangular solves and
 * products). `triangular_solve`, which those formulas are built from, has both rules by
 * hand. Each primitive reads one triangle where the matrix is symmetric (cholesky, eigh),
 * so its tangent is the symmetric matrix made from that triangle of the input tangent.
 */
import { ConcreteArray } from "../core/array";
import { makeAval } from "../core/aval";
import { TransformError } from "../core/errors";
import { LINALG_PRIMS, type LinalgParams, type LinalgPrim } from "../core/prims/linalg";
import { rowsFor } from "../core/prims/family";
import type { Tensor } from "../core/tensor";
import { bind, bind1 } from "../core/trace";
import { add, broadcastInDim, convert, div, eq, lit, mul, neg, reshape, select, sub, toFront, zerosLike } from "./ad-ops";
import type { BatchRule } from "./batching-rules";
import type { JvpRule } from "./jvp-rules";
import { vjpFlat } from "./tape";
import type { Ct, VjpRule } from "./vjp-rules";

type Tangent = Tensor | null;

/** The primitives whose derivative is a tangent formula (the solve has its own rules; pivots have none). */
type Factorization = Exclude<LinalgPrim, "triangular_solve" | "lu_pivots_to_permutation">;

const rows = (x: Tensor) => x.shape[x.ndim - 2];
const cols = (x: Tensor) => x.shape[x.ndim - 1];
const batchAxes = (x: Tensor) => [...Array(x.ndim - 2).keys()];

/** The batched matrix product over the last two axes (equal leading axes). */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const r = a.ndim;
  return bind1("dot_general", [a, b], {
    dimension_numbers: [
      [[r - 1], [r - 2]],
      [batchAxes(a), batchAxes(b)],
    ],
    preferred_element_type: null,
  });
}

/** The last two axes swapped. */
export function mT(x: Tensor): Tensor {
  const perm = [...batchAxes(x), x.ndim - 1, x.ndim - 2];
  return bind1("transpose", [x], { permutation: perm });
}

/** The leading (batch) axes of a stack of matrices. */
const batchOf = (x: Tensor) => x.shape.slice(0, -2);

/** A constant boolean m×n matrix, broadcast over the `batch` axes. */
function mask(batch: readonly number[], m: number, n: number, keep: (i: number, j: number) => boolean): Tensor {
  const data = new Uint8Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) data[i * n + j] = keep(i, j) ? 1 : 0;
  const c = new ConcreteArray(makeAval([m, n], "bool"), data);
  return broadcastInDim(c, [...batch, m, n], [batch.length, batch.length + 1]);
}

/** x where `keep(i, j)`, 0 elsewhere (select, so inf and NaN outside do not leak). */
const masked = (x: Tensor, keep: (i: number, j: number) => boolean): Tensor =>
  select(mask(batchOf(x), rows(x), cols(x), keep), x, lit(x, 0));

/** The part of x on and below diagonal `k` (JAX's `_tril`). */
export const tril = (x: Tensor, k = 0): Tensor => masked(x, (i, j) => j - i <= k);
/** The part of x on and above diagonal `k`. */
export const triu = (x: Tensor, k = 0): Tensor => masked(x, (i, j) => j - i >= k);

/** The n×n identity over the `batch` axes, in `like`'s dtype. */
function eye(batch: readonly number[], n: number, like: Tensor): Tensor {
  return convert(mask(batch, n, n, (i, j) => i === j), like.dtype);
}

/** The diagonal of square matrices: [..., n, n] → [..., n]. */
export function diagonal(x: Tensor): Tensor {
  const n = cols(x);
  const batch = x.shape.slice(0, -2);
  const flat = reshape(x, [...batch, n * n]);
  return bind1("slice", [flat], {
    start_indices: flat.shape.map(() => 0),
    limit_indices: [...batch, n * n],
    strides: [...batch.map(() => 1), n + 1],
  });
}

/** [..., n] → [..., n, n] with v on the diagonal. */
function diagMatrix(v: Tensor): Tensor {
  const n = v.shape[v.ndim - 1];
  return select(mask(v.shape.slice(0, -1), n, n, (i, j) => i === j), asCol(v, n), lit(v, 0));
}

/** v [..., k] as each of `r` rows of a [..., r, k] matrix (varying along the last axis). */
const asRow = (v: Tensor, r: number) =>
  broadcastInDim(v, [...v.shape.slice(0, -1), r, v.shape[v.ndim - 1]], [...Array(v.ndim - 1).keys(), v.ndim]);
/** v [..., k] as each of `c` columns of a [..., k, c] matrix (varying along the second last axis). */
const asCol = (v: Tensor, c: number) => broadcastInDim(v, [...v.shape, c], [...Array(v.ndim).keys()]);

/** The symmetric matrix whose lower (or upper) triangle is x's: what a primitive reading that triangle sees. */
function symmetricFrom(x: Tensor, lower: boolean): Tensor {
  const t = lower ? tril(x) : triu(x);
  return add(t, mT(lower ? tril(x, -1) : triu(x, 1)));
}

type SolveParams = LinalgParams["triangular_solve"];

export const triangularSolve = (a: Tensor, b: Tensor, p: SolveParams): Tensor => bind1("triangular_solve", [a, b], p);

/** Pads the last two axes of x with zeros: [lo, hi] rows and [lo, hi] columns. */
function padMatrix(x: Tensor, [r0, r1]: [number, number], [c0, c1]: [number, number]): Tensor {
  return bind1("pad", [x, lit(x, 0)], {
    padding_config: x.shape.map((_, d) => (d === x.ndim - 2 ? [r0, r1, 0] : d === x.ndim - 1 ? [c0, c1, 0] : [0, 0, 0])),
  });
}

/** A slice of the last two axes. */
function block(x: Tensor, rowEnd: number, colEnd: number): Tensor {
  return bind1("slice", [x], {
    start_indices: x.shape.map(() => 0),
    limit_indices: x.shape.map((s, d) => (d === x.ndim - 2 ? rowEnd : d === x.ndim - 1 ? colEnd : s)),
    strides: null,
  });
}

/** The permutation matrix P with P[i][j] = (perm[i] = j), so P·x = x[perm]. */
function permutationMatrix(perm: Tensor, like: Tensor): Tensor {
  const m = perm.shape[perm.ndim - 1];
  const shape = [...perm.shape, m];
  const j = bind1("iota", [], { dtype: "int32", shape, dimension: shape.length - 1 });
  return convert(eq(broadcastInDim(perm, shape, [...Array(perm.ndim).keys()]), j), like.dtype);
}

/**
 * Each factorization's tangent outputs from its primal inputs, primal outputs and input
 * tangents (all non-null here), linear in the tangents. Integer outputs get null.
 */
type TangentFn<P extends LinalgPrim> = (primals: readonly Tensor[], outs: readonly Tensor[], tangents: readonly Tensor[], params: LinalgParams[P]) => Tangent[];

/** Refuses a derivative JAX does not define, before anything is computed. */
type Check<P extends LinalgPrim> = (primals: readonly Tensor[], params: LinalgParams[P]) => void;

const tangents: { readonly [P in Factorization]: { fn: TangentFn<P>; check?: Check<P> } } = {
  // De Hoog, Anderssen & Lukas: L' = L·tril(L⁻¹·P·A'·U⁻¹, −1), U' = triu(L⁻¹·P·A'·U⁻¹)·U.
  lu: {
    fn: ([a], [lu, , perm], [da]) => {
      const m = rows(a);
      const n = cols(a);
      const k = Math.min(m, n);
      const x = matmul(permutationMatrix(perm, a), da);
      const l = add(padMatrix(tril(block(lu, m, k), -1), [0, 0], [0, m - k]), eye(batchOf(a), m, a));
      const u = add(padMatrix(triu(block(lu, k, n)), [0, n - k], [0, 0]), padMatrix(eye(batchOf(a), n - k, a), [k, 0], [k, 0]));
      const la = triangularSolve(l, x, { left_side: true, lower: true, transpose_a: false, conjugate_a: false, unit_diagonal: true });
      const lau = triangularSolve(u, la, { left_side: false, lower: false, transpose_a: false, conjugate_a: false, unit_diagonal: false });
      return [add(matmul(l, tril(lau, -1)), matmul(triu(lau), u)), null, null];
    },
  },
  // Murray (arXiv:1602.07527): L' = L·Φ(L⁻¹·Σ'·L⁻ᵀ), Φ = the lower triangle with its diagonal halved.
  cholesky: {
    fn: (_p, [l], [da]) => {
      const sigma = symmetricFrom(da, true);
      const right = triangularSolve(l, sigma, { left_side: false, lower: true, transpose_a: true, conjugate_a: false, unit_diagonal: false });
      const inner = triangularSolve(l, right, { left_side: true, lower: true, transpose_a: false, conjugate_a: false, unit_diagonal: false });
      const n = cols(l);
      const phi = div(tril(inner), add(lit(inner, 1), eye(batchOf(inner), n, inner)));
      return [matmul(l, phi)];
    },
  },
  // Townsend's QR derivative (the one JAX uses): defined for m ≥ n, and for full matrices only when square.
  qr: {
    check: ([a], { full_matrices }) => {
      const m = rows(a);
      const n = cols(a);
      if (m < n || (full_matrices && m !== n)) {
        throw new TransformError(
          `qr: the derivative is defined only for m ≥ n, and with full matrices only for square ones (as in JAX), got a ${m}×${n} matrix${full_matrices ? " with full_matrices" : ""}. Use mode "reduced" (np.linalg.qr) or fullMatrices: false.`,
        );
      }
    },
    fn: (_p, [q, r], [da]) => {
      const dxRinv = triangularSolve(r, da, { left_side: false, lower: false, transpose_a: false, conjugate_a: false, unit_diagonal: false });
      const qtDxRinv = matmul(mT(q), dxRinv);
      const low = tril(qtDxRinv, -1);
      const dOmega = sub(low, mT(low));
      return [add(matmul(q, sub(dOmega, qtDxRinv)), dxRinv), matmul(sub(qtDxRinv, dOmega), r)];
    },
  },
  // w' = diag(Vᵀ·A'·V), V' = V·(F ∘ Vᵀ·A'·V) with F_ij = 1/(w_j − w_i) off the diagonal (inf for
  // equal eigenvalues, as in JAX).
  eigh: {
    fn: (_p, [v, w], [da], { lower }) => {
      const n = cols(v);
      const vav = matmul(matmul(mT(v), symmetricFrom(da, lower)), v);
      const id = eye(batchOf(v), n, v);
      const f = sub(div(lit(v, 1), sub(add(id, asRow(w, n)), asCol(w, n))), id);
      return [matmul(v, mul(f, vav)), diagonal(vav)];
    },
  },
  // JAX's rule (reduced matrices; full ones only when square). Without compute_uv it still
  // needs U and V, so it computes them.
  svd: {
    check: ([a], { full_matrices, compute_uv }) => {
      if (compute_uv && full_matrices && rows(a) !== cols(a)) {
        throw new TransformError(
          `svd: the derivative with full matrices is defined only for square matrices (as in JAX), got ${rows(a)}×${cols(a)}. Pass fullMatrices: false.`,
        );
      }
    },
    fn: ([a], outs, [da], { compute_uv }) => {
      const [s, u, vt] = compute_uv ? outs : bind("svd", [a], { full_matrices: false, compute_uv: true });
      const m = rows(a);
      const n = cols(a);
      const k = s.shape[s.ndim - 1];
      const ut = mT(u);
      const v = mT(vt);
      const dS = matmul(matmul(ut, da), v);
      const ds = diagonal(dS);
      if (!compute_uv) return [ds];
      const sj = asRow(s, k);
      const si = asCol(s, k);
      const id = eye(batchOf(u), k, s);
      const sDiffs = mul(add(sj, si), sub(sj, si));
      const f = sub(div(lit(s, 1), add(sDiffs, id)), id);
      const dSS = mul(sj, dS);
      const SdS = mul(si, dS);
      const sZeros = convert(eq(s, lit(s, 0)), s.dtype);
      const sInv = sub(div(lit(s, 1), add(s, sZeros)), sZeros);
      const dUdVdiag = mul(mul(lit(s, 0.5), sub(dS, mT(dS))), diagMatrix(sInv));
      let dU = matmul(u, add(mul(f, add(dSS, mT(dSS))), dUdVdiag));
      let dV = matmul(v, mul(f, add(SdS, mT(SdS))));
      if (m > n) {
        const dAV = matmul(da, v);
        dU = add(dU, div(sub(dAV, matmul(u, matmul(ut, dAV))), asRow(s, m)));
      }
      if (n > m) {
        const dAHU = matmul(mT(da), u);
        dV = add(dV, div(sub(dAHU, matmul(v, matmul(vt, dAHU))), asRow(s, n)));
      }
      return [ds, dU, mT(dV)];
    },
  },
};

/** op(A) as the solve sees it: A's triangle (without its diagonal when unit), transposed when transpose_a. */
function effectiveA(a: Tensor, p: SolveParams): Tensor {
  const tri = p.lower ? tril(a, p.unit_diagonal ? -1 : 0) : triu(a, p.unit_diagonal ? 1 : 0);
  return p.transpose_a ? mT(tri) : tri;
}

/** The cotangent of A from that of op(A): transposed back, and kept to the triangle the solve reads. */
function fromEffective(ctOpA: Tensor, p: SolveParams): Tensor {
  const c = p.transpose_a ? mT(ctOpA) : ctOpA;
  return p.lower ? tril(c, p.unit_diagonal ? -1 : 0) : triu(c, p.unit_diagonal ? 1 : 0);
}

const solveJvp: JvpRule<"triangular_solve"> = ([a, b], [da, db], p) => {
  const x = triangularSolve(a, b, p);
  if (da === null && db === null) return [[x], [null]];
  // op(A)·X = B  ⇒  op(A)·X' = B' − op(A')·X (left; mirrored on the right).
  let rhs = db ?? zerosLike(b);
  if (da !== null) rhs = sub(rhs, p.left_side ? matmul(effectiveA(da, p), x) : matmul(x, effectiveA(da, p)));
  return [[x], [triangularSolve(a, rhs, p)]];
};

const solveVjp: VjpRule<"triangular_solve"> = ([a, b], p) => {
  const x = triangularSolve(a, b, p);
  return {
    outs: [x],
    backward: ([ct], [wa]) => {
      if (ct === null) return [null, null];
      const ctB = triangularSolve(a, ct, { ...p, transpose_a: !p.transpose_a });
      const ctA = wa ? fromEffective(neg(p.left_side ? matmul(ctB, mT(x)) : matmul(mT(x), ctB)), p) : null;
      return [ctA, ctB];
    },
  };
};

function jvpOf<P extends Factorization>(prim: P): JvpRule<P> {
  const { fn, check }: { fn: TangentFn<P>; check?: Check<P> } = tangents[prim];
  return (primals, ts, params) => {
    const outs = bind(prim, primals, params);
    if (ts.every((t) => t === null)) return [outs, outs.map(() => null)];
    check?.(primals, params);
    return [outs, fn(primals, outs, ts.map((t, i) => t ?? zerosLike(primals[i])), params)];
  };
}

/** Reverse mode: the adjoint of the tangent map, by running the tape over it at zero tangents. */
function vjpOf<P extends Factorization>(prim: P): VjpRule<P> {
  const { fn, check }: { fn: TangentFn<P>; check?: Check<P> } = tangents[prim];
  return (primals, params) => {
    check?.(primals, params);
    const outs = bind(prim, primals, params);
    return {
      outs,
      backward: (cts): Ct[] => {
        const linear = (...ts: Tensor[]) => fn(primals, outs, ts, params).map((t, i) => t ?? zerosLike(outs[i]));
        return vjpFlat(linear, primals.map(zerosLike), `${prim} (transposed)`).pullback(cts);
      },
    };
  };
}

/** Batch axes go first; a solve's unbatched operand is broadcast, since both need the same batch. */
const batchRule = <P extends LinalgPrim>(prim: P): BatchRule<P> => (args, dims, params, size) => {
  const outs = bind(prim, args.map((x, i) => toFront(x, dims[i], size)), params);
  return [outs, outs.map(() => 0)];
};

/** The rows of the JVP, VJP and batching tables for the linalg primitives. */
export const linalgJvp: { readonly [P in LinalgPrim]: JvpRule<P> } = {
  lu: jvpOf("lu"),
  lu_pivots_to_permutation: (primals, _t, params) => [bind("lu_pivots_to_permutation", primals, params), [null]],
  triangular_solve: solveJvp,
  cholesky: jvpOf("cholesky"),
  qr: jvpOf("qr"),
  eigh: jvpOf("eigh"),
  svd: jvpOf("svd"),
};
export const linalgVjp: { readonly [P in LinalgPrim]: VjpRule<P> } = {
  lu: vjpOf("lu"),
  lu_pivots_to_permutation: (primals, params) => ({ outs: bind("lu_pivots_to_permutation", primals, params), backward: () => [null] }),
  triangular_solve: solveVjp,
  cholesky: vjpOf("cholesky"),
  qr: vjpOf("qr"),
  eigh: vjpOf("eigh"),
  svd: vjpOf("svd"),
};
export const linalgBatch: { readonly [P in LinalgPrim]: BatchRule<P> } = rowsFor(LINALG_PRIMS, batchRule);
