/**
 * Dense linear algebra on one row-major float64 matrix at a time: pivoted LU, triangular
 * solves, Cholesky, Householder QR (LAPACK's reflector convention, so R's signs match
 * LAPACK's), the symmetric eigenproblem by cyclic Jacobi and the SVD by one-sided Jacobi
 * (both accurate to a few ulps on well-conditioned inputs, and deterministic). The
 * primitive kernels (`prims/linalg.ts`) copy each matrix of a batch in, call these, and
 * round on store, so float32 is computed in float64 and rounded once.
 */

const EPS = 2 ** -52;

/** The 2-norm of `n` values at `x[off + i·stride]`, scaled so it neither overflows nor underflows. */
export function norm2(x: Float64Array, off: number, n: number, stride: number): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < n; i++) {
    const v = x[off + i * stride];
    if (v !== 0) {
      const a = Math.abs(v);
      if (scale < a) {
        ssq = 1 + ssq * (scale / a) ** 2;
        scale = a;
      } else ssq += (a / scale) ** 2;
    } else if (Number.isNaN(v)) return NaN;
  }
  return scale * Math.sqrt(ssq);
}

/**
 * LU with partial pivoting, in place (`a` is m×n): L below the diagonal (unit diagonal
 * implied), U on and above. `pivots[j]` is the row swapped with row j at step j (the
 * first largest |a[i][j]|); a zero pivot column is left as it is, as LAPACK does.
 */
export function luInPlace(a: Float64Array, m: number, n: number, pivots: Int32Array): void {
  const k = Math.min(m, n);
  for (let j = 0; j < k; j++) {
    let p = j;
    let best = Math.abs(a[j * n + j]);
    for (let i = j + 1; i < m; i++) {
      const v = Math.abs(a[i * n + j]);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    pivots[j] = p;
    if (p !== j) {
      for (let c = 0; c < n; c++) {
        const t = a[j * n + c];
        a[j * n + c] = a[p * n + c];
        a[p * n + c] = t;
      }
    }
    const d = a[j * n + j];
    if (d === 0) continue;
    for (let i = j + 1; i < m; i++) a[i * n + j] /= d;
    // The rank-1 update, two rows at a time so each element of row j is loaded once per pair
    // (every element still gets exactly one a −= l·u).
    let i = j + 1;
    for (; i + 1 < m; i += 2) {
      const l0 = a[i * n + j];
      const l1 = a[(i + 1) * n + j];
      const r0 = i * n;
      const r1 = r0 + n;
      for (let c = j + 1; c < n; c++) {
        const u = a[j * n + c];
        a[r0 + c] -= l0 * u;
        a[r1 + c] -= l1 * u;
      }
    }
    if (i < m) {
      const l = a[i * n + j];
      for (let c = j + 1; c < n; c++) a[i * n + c] -= l * a[j * n + c];
    }
  }
}

/**
 * The row permutation that LAPACK-style `pivots` (swaps applied in order) perform, on
 * `size` rows. A pivot outside the rows is skipped, as XLA does, rather than corrupting it.
 */
export function pivotsToPermutation(pivots: ArrayLike<number>, size: number, out: Int32Array): void {
  for (let i = 0; i < size; i++) out[i] = i;
  for (let j = 0; j < Math.min(pivots.length, size); j++) {
    const p = pivots[j];
    if (!(p >= 0 && p < size)) continue;
    const t = out[j];
    out[j] = out[p];
    out[p] = t;
  }
}

/**
 * Solves op(A)·X = B in place (B is n×r), A n×n triangular (`lower`), op(A) = A or Aᵀ
 * (`transpose`); only A's triangle (and its diagonal unless `unit`) is read.
 */
export function solveLeftInPlace(a: Float64Array, n: number, b: Float64Array, r: number, lower: boolean, transpose: boolean, unit: boolean): void {
  // op(A)[i][j] = a[i·si + j·sj]; op(A) is lower triangular when exactly one of lower/transpose holds.
  const si = transpose ? 1 : n;
  const sj = transpose ? n : 1;
  const forward = lower !== transpose;
  for (let s = 0; s < n; s++) {
    const i = forward ? s : n - 1 - s;
    const [from, to] = forward ? [0, i] : [i + 1, n];
    for (let j = from; j < to; j++) {
      const f = a[i * si + j * sj];
      for (let c = 0; c < r; c++) b[i * r + c] -= f * b[j * r + c];
    }
    if (!unit) {
      const d = a[i * si + i * sj];
      for (let c = 0; c < r; c++) b[i * r + c] /= d;
    }
  }
}

/** Row-major transpose of an r×c matrix into `out` (c×r). */
export function transposeInto(x: Float64Array, r: number, c: number, out: Float64Array): void {
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x[i * c + j];
}

/**
 * Cholesky: L (n×n, zero above the diagonal) with L·Lᵀ = A, reading A's lower triangle.
 * Returns false when A is not positive definite (a pivot is not > 0, or NaN).
 */
export function choleskyInto(a: Float64Array, n: number, l: Float64Array): boolean {
  l.fill(0);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return true;
}

/**
 * Householder QR of `a` (m×n, overwritten): H_j = I − τ_j v vᵀ with v[0] = 1 and
 * β = −sign(α)·‖(α, x)‖, as LAPACK's dlarfg, so R's diagonal has LAPACK's signs. Writes
 * Q (m×qCols: the first qCols columns of H_0⋯H_{k−1}) and R (rRows×n, upper triangular).
 */
export function qrInto(a: Float64Array, m: number, n: number, q: Float64Array, qCols: number, r: Float64Array, rRows: number): void {
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const alpha = a[j * n + j];
    const xnorm = norm2(a, (j + 1) * n + j, m - j - 1, n);
    if (xnorm === 0) continue;
    const beta = -Math.sign(alpha || 1) * Math.hypot(alpha, xnorm);
    tau[j] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) a[i * n + j] *= scale;
    a[j * n + j] = beta;
    for (let c = j + 1; c < n; c++) {
      let w = a[j * n + c];
      for (let i = j + 1; i < m; i++) w += a[i * n + j] * a[i * n + c];
      w *= tau[j];
      a[j * n + c] -= w;
      for (let i = j + 1; i < m; i++) a[i * n + c] -= w * a[i * n + j];
    }
  }
  r.fill(0);
  for (let i = 0; i < rRows; i++) for (let c = i; c < n; c++) r[i * n + c] = a[i * n + c];
  q.fill(0);
  for (let i = 0; i < Math.min(m, qCols); i++) q[i * qCols + i] = 1;
  // Q = H_0 ⋯ H_{k−1} I, applied from the last reflector; H_j leaves columns < j alone.
  for (let j = k - 1; j >= 0; j--) {
    if (tau[j] === 0) continue;
    for (let c = j; c < qCols; c++) {
      let w = q[j * qCols + c];
      for (let i = j + 1; i < m; i++) w += a[i * n + j] * q[i * qCols + c];
      w *= tau[j];
      q[j * qCols + c] -= w;
      for (let i = j + 1; i < m; i++) q[i * qCols + c] -= w * a[i * n + j];
    }
  }
}

/** The Jacobi rotation that zeroes the coupling `g` between entries with squares/diagonals `a`, `b`: (c, s) into `ROT` (no allocation in the sweeps). */
const ROT = new Float64Array(2);
function rotation(a: number, b: number, g: number): void {
  const zeta = (b - a) / (2 * g);
  const t = Math.abs(zeta) > 1e150 ? 1 / (2 * zeta) : Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
  const c = 1 / Math.sqrt(1 + t * t);
  ROT[0] = c;
  ROT[1] = c * t;
}

/** Rotates two strided vectors of `x` (from `a` and `b`, `len` elements `stride` apart): (a, b) ← (c·a − s·b, s·a + c·b). */
function rotatePair(x: Float64Array, a: number, b: number, stride: number, len: number, c: number, s: number): void {
  const end = a + len * stride;
  for (let i = a, j = b; i < end; i += stride, j += stride) {
    const xa = x[i];
    const xb = x[j];
    x[i] = c * xa - s * xb;
    x[j] = s * xa + c * xb;
  }
}

const MAX_SWEEPS = 100;

/** Indices 0…n−1 ordered by `key` (ascending, stable; NaN last). */
function order(n: number, key: (i: number) => number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  const k = idx.map(key);
  return idx.sort((i, j) => (Number.isNaN(k[i]) ? (Number.isNaN(k[j]) ? 0 : 1) : Number.isNaN(k[j]) ? -1 : k[i] - k[j]));
}

/**
 * Symmetric eigendecomposition of the matrix whose `lower` (or upper) triangle `a` holds:
 * eigenvalues ascending into `w`, orthonormal eigenvectors as the columns of `v` (n×n).
 * Cyclic Jacobi: a rotation is skipped once |a_pq| ≤ ε·√|a_pp·a_qq|, which gives
 * eigenvalues with small relative error; NaN input gives NaN output.
 */
export function eighInto(a: Float64Array, n: number, lower: boolean, w: Float64Array, v: Float64Array): void {
  const s = new Float64Array(n * n);
  let finite = true;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const x = lower ? a[i * n + j] : a[j * n + i];
      s[i * n + j] = s[j * n + i] = x;
      if (!Number.isFinite(x)) finite = false;
    }
  }
  const vec = new Float64Array(n * n);
  for (let i = 0; i < n; i++) vec[i * n + i] = 1;
  if (!finite) {
    w.fill(NaN);
    v.fill(NaN);
    return;
  }
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = s[p * n + q];
        if (apq === 0) continue;
        const app = s[p * n + p];
        const aqq = s[q * n + q];
        if (Math.abs(apq) <= EPS * Math.sqrt(Math.abs(app * aqq))) {
          s[p * n + q] = s[q * n + p] = 0;
          continue;
        }
        rotated = true;
        rotation(app, aqq, apq);
        const c = ROT[0];
        const sn = ROT[1];
        // S ← Jᵀ·S·J (columns, then rows), V ← V·J.
        rotatePair(s, p, q, n, n, c, sn);
        rotatePair(s, p * n, q * n, 1, n, c, sn);
        s[p * n + q] = s[q * n + p] = 0;
        rotatePair(vec, p, q, n, n, c, sn);
      }
    }
    if (!rotated) break;
  }
  const ord = order(n, (i) => s[i * n + i]);
  ord.forEach((src, dst) => {
    w[dst] = s[src * n + src];
    for (let k = 0; k < n; k++) v[k * n + dst] = vec[k * n + src];
  });
}

/**
 * Makes columns `from…cols−1` of the m×cols matrix `u` (first `from` columns orthonormal,
 * or zero where `missing[j]`) orthonormal to the others, from the unit vectors in order:
 * Gram–Schmidt twice, keeping a candidate whose remainder has norm ≥ ½.
 */
function completeBasis(u: Float64Array, m: number, cols: number, missing: boolean[]): void {
  const todo = Array.from({ length: cols }, (_, j) => j).filter((j) => missing[j]);
  const x = new Float64Array(m);
  let e = 0;
  for (const j of todo) {
    for (; e < m; e++) {
      x.fill(0);
      x[e] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let c = 0; c < cols; c++) {
          if (missing[c]) continue;
          let d = 0;
          for (let i = 0; i < m; i++) d += u[i * cols + c] * x[i];
          for (let i = 0; i < m; i++) x[i] -= d * u[i * cols + c];
        }
      }
      const nx = norm2(x, 0, m, 1);
      if (nx >= 0.5) {
        for (let i = 0; i < m; i++) u[i * cols + j] = x[i] / nx;
        missing[j] = false;
        e++;
        break;
      }
    }
  }
}

/**
 * SVD by one-sided Jacobi (Hestenes) of `a` (m×n): singular values descending into `s`
 * (k = min(m, n)); with `u`/`vt` given, U (m×uCols) and Vᵀ (vRows×n), where uCols and
 * vRows are k, or m and n for full matrices (the extra columns completed orthonormally).
 */
export function svdInto(
  a: Float64Array,
  m: number,
  n: number,
  s: Float64Array,
  u: Float64Array | null,
  uCols: number,
  vt: Float64Array | null,
  vRows: number,
): void {
  const wide = m < n;
  // Work on G = A (or Aᵀ when wide) with M ≥ N rows, stored by columns.
  const M = wide ? n : m;
  const N = wide ? m : n;
  const g = new Float64Array(M * N);
  let finite = true;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const x = a[i * n + j];
      if (!Number.isFinite(x)) finite = false;
      if (wide) g[i * M + j] = x;
      else g[j * M + i] = x;
    }
  }
  const k = N;
  if (!finite) {
    s.fill(NaN);
    u?.fill(NaN);
    vt?.fill(NaN);
    return;
  }
  const V = new Float64Array(N * N);
  for (let i = 0; i < N; i++) V[i * N + i] = 1;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < N - 1; p++) {
      for (let q = p + 1; q < N; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = p * M, j = q * M, end = p * M + M; i < end; i++, j++) {
          const gp = g[i];
          const gq = g[j];
          alpha += gp * gp;
          beta += gq * gq;
          gamma += gp * gq;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        rotation(alpha, beta, gamma);
        const c = ROT[0];
        const sn = ROT[1];
        rotatePair(g, p * M, q * M, 1, M, c, sn);
        // The right vectors only when they are wanted.
        if (u) rotatePair(V, p * N, q * N, 1, N, c, sn);
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: k }, (_, j) => norm2(g, j * M, M, 1));
  const ord = order(k, (j) => -norms[j]);
  ord.forEach((src, dst) => (s[dst] = norms[src]));
  if (!u || !vt) return;
  // Left vectors (M×cols, by rows) are G's normalized columns; right ones V's columns.
  const leftCols = wide ? vRows : uCols;
  const rightCols = wide ? uCols : vRows;
  const left = new Float64Array(M * leftCols);
  const missing: boolean[] = Array.from({ length: leftCols }, () => true);
  ord.forEach((src, dst) => {
    const nrm = norms[src];
    if (!(nrm > 0)) return;
    for (let i = 0; i < M; i++) left[i * leftCols + dst] = g[src * M + i] / nrm;
    missing[dst] = false;
  });
  completeBasis(left, M, leftCols, missing);
  const right = new Float64Array(N * rightCols);
  ord.forEach((src, dst) => {
    for (let i = 0; i < N; i++) right[i * rightCols + dst] = V[src * N + i];
  });
  // A = L·S·Rᵀ when tall; when wide, Aᵀ = L·S·Rᵀ, so U = R and Vᵀ = Lᵀ.
  if (!wide) {
    u.set(left);
    transposeInto(right, N, rightCols, vt);
  } else {
    u.set(right);
    transposeInto(left, M, leftCols, vt);
  }
}
