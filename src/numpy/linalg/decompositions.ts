/**
 * `np.linalg` factorizations — `cholesky qr eigh eigvalsh svd svdvals` — on the lax.linalg
 * primitives, with NumPy's argument conventions and JAX's results.
 */
import { ArgumentError } from "../../core/errors";
import type { Tensor, TensorLike } from "../../core/tensor";
import * as linalg from "../../lax/linalg";
import { matrices } from "../../lax/matrix-operands";
import { abs, multiply, sign } from "../elementwise";
import { swapaxes, expandDims, flip } from "../shape-ops";
import { argsort } from "../sorting";
import { takeAlongAxis } from "../take";

const mT = (x: Tensor) => swapaxes(x, -1, -2);

/**
 * The Cholesky factor of a symmetric positive-definite matrix (or stack): L lower with
 * a = L·Lᵀ, or U = Lᵀ with `upper`. The input is symmetrized, as in JAX; NaN when it is
 * not positive definite.
 * @example np.linalg.cholesky(np.array([[4, 2], [2, 2]])) // [[2, 0], [1, 1]]
 */
export function cholesky(a: TensorLike, opts: { readonly upper?: boolean } = {}): Tensor {
  const l = linalg.cholesky(matrices("np.linalg.cholesky", a, true));
  return opts.upper ? mT(l) : l;
}

/** What {@link qr} returns: `"reduced"` (default) and `"complete"` give `[q, r]`, `"r"` only r. */
export type QrMode = "reduced" | "complete" | "r";

/**
 * QR decomposition by Householder reflections: a = q·r with q orthonormal columns and r
 * upper triangular (diagonal signs as LAPACK's, so as NumPy's).
 * @example const [q, r] = np.linalg.qr(np.array([[1, 2], [3, 4], [5, 6]])); // q: 3×2, r: 2×2
 */
export function qr(a: TensorLike, mode: "r"): Tensor;
export function qr(a: TensorLike, mode?: "reduced" | "complete"): [Tensor, Tensor];
export function qr(a: TensorLike, mode: QrMode = "reduced"): Tensor | [Tensor, Tensor] {
  const op = "np.linalg.qr";
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") {
    throw new ArgumentError(`${op}: mode must be "reduced", "complete" or "r", got ${JSON.stringify(mode)}.`);
  }
  const [q, r] = linalg.qr(matrices(op, a, false), { fullMatrices: mode === "complete" });
  return mode === "r" ? r : [q, r];
}

function uplo(op: string, UPLO: "L" | "U"): boolean {
  if (UPLO !== "L" && UPLO !== "U") throw new ArgumentError(`${op}: UPLO must be "L" or "U", got ${JSON.stringify(UPLO)}.`);
  return UPLO === "L";
}

/** Options of {@link eigh}. */
export interface EighOptions {
  /** Which triangle to read when not symmetrizing: "L" (default) or "U". */
  readonly UPLO?: "L" | "U";
  /** Use (a + aᵀ)/2 (default true), as JAX does. */
  readonly symmetrizeInput?: boolean;
}

/**
 * Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix, `[w, v]`, with
 * a·v = v·diag(w). Each eigenvector's sign is arbitrary, as in LAPACK.
 * @example const [w, v] = np.linalg.eigh(np.array([[2, 1], [1, 2]])); // w = [1, 3]
 */
export function eigh(a: TensorLike, opts: EighOptions = {}): [Tensor, Tensor] {
  const op = "np.linalg.eigh";
  const lower = uplo(op, opts.UPLO ?? "L");
  const [v, w] = linalg.eigh(matrices(op, a, true), { lower, symmetrizeInput: opts.symmetrizeInput ?? true });
  return [w, v];
}

/**
 * The eigenvalues of a symmetric matrix, ascending.
 * @example np.linalg.eigvalsh(np.array([[2, 1], [1, 2]])) // [1, 3]
 */
export function eigvalsh(a: TensorLike, UPLO: "L" | "U" = "L"): Tensor {
  return eigh(a, { UPLO })[0];
}

/**
 * Singular value decomposition `[u, s, vh]`, a = u·diag(s)·vh with s descending; with
 * `fullMatrices` (default true) u is m×m and vh n×n, else m×k and k×n; only `s` when
 * `computeUv` is false. `hermitian` computes it from the symmetric eigendecomposition.
 * @example const [u, s, vh] = np.linalg.svd(np.array([[3, 0], [0, -2]])); // s = [3, 2]
 */
export function svd(a: TensorLike, fullMatrices: boolean, computeUv: false, hermitian?: boolean): Tensor;
export function svd(a: TensorLike, fullMatrices?: boolean, computeUv?: true, hermitian?: boolean): [Tensor, Tensor, Tensor];
export function svd(a: TensorLike, fullMatrices?: boolean, computeUv?: boolean, hermitian?: boolean): Tensor | [Tensor, Tensor, Tensor];
export function svd(a: TensorLike, fullMatrices = true, computeUv = true, hermitian = false): Tensor | [Tensor, Tensor, Tensor] {
  const op = "np.linalg.svd";
  const x = matrices(op, a, hermitian);
  if (!hermitian) return linalg.svd(x, { fullMatrices, computeUv });
  // From eigh, as JAX: singular values are |w| in descending order (ties: the later first),
  // U the eigenvectors in that order, Vᴴ their transposes signed by w.
  const [v, w] = linalg.eigh(x);
  const order = flip(argsort(abs(w), -1), -1);
  const s = takeAlongAxis(abs(w), order, -1);
  if (!computeUv) return s;
  const u = takeAlongAxis(v, expandDims(order, -2), -1);
  const signs = takeAlongAxis(sign(w), order, -1);
  return [u, s, mT(multiply(u, expandDims(signs, -2)))];
}

/**
 * The singular values, descending (NumPy 2's `svdvals`).
 * @example np.linalg.svdvals(np.array([[3, 0], [0, -2]])) // [3, 2]
 */
export function svdvals(x: TensorLike): Tensor {
  return linalg.svd(matrices("np.linalg.svdvals", x, false), { computeUv: false });
}
