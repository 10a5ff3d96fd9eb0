/**
 * `scipy.optimize.minimize` with BFGS and L-BFGS, as jax.scipy.optimize: every loop is a
 * `lax.whileLoop` (the iterations, the strong-Wolfe line search and its zoom), so the whole
 * minimization is one traceable function — it runs eagerly, under `jit`, or under `vmap`
 * over starting points. The line search is JAX's (Nocedal & Wright's algorithms 3.5 and
 * 3.6, with cubic, quadratic and bisection steps in the zoom).
 */
import { ArgumentError, ShapeError } from "../core/errors";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { whileLoop } from "../lax/control-flow";
import * as np from "../numpy";
import { promoteInexact } from "../numpy/convert";
import { valueAndGrad } from "../transforms/grad";
import { pushRow, twoLoopRecursion } from "./two-loop";

/** A scalar objective of a vector of parameters. */
export type Fun = (x: Tensor) => Tensor;
type B = Tensor;

const and = (...xs: B[]) => xs.reduce((a, b) => np.logicalAnd(a, b));
const or = (...xs: B[]) => xs.reduce((a, b) => np.logicalOr(a, b));
const not = (x: B) => np.logicalNot(x);
/** Each field of `next` where `bit`, of `state` elsewhere (JAX's `_binary_replace`). */
function replaceWhere<S extends Record<string, Tensor>>(bit: B, state: S, next: Partial<S>): S {
  const out = { ...state };
  for (const k of Object.keys(next) as (keyof S)[]) out[k] = np.where(bit, next[k] as Tensor, state[k]) as S[keyof S];
  return out;
}
const i32 = (v: number) => np.array(v, "int32");
const falseT = () => np.array(false);

/** φ(t) = f(x + t·p), its slope and the gradient there. */
type Restricted = (t: Tensor) => [Tensor, Tensor, Tensor];

interface ZoomState extends Record<string, Tensor> {
  done: B; failed: B; j: Tensor;
  a_lo: Tensor; phi_lo: Tensor; dphi_lo: Tensor;
  a_hi: Tensor; phi_hi: Tensor; dphi_hi: Tensor;
  a_rec: Tensor; phi_rec: Tensor;
  a_star: Tensor; phi_star: Tensor; dphi_star: Tensor; g_star: Tensor;
  nfev: Tensor;
}

/** The minimizer of the cubic through (a, fa) with slope fpa, (b, fb) and (c, fc). */
function cubicmin(a: Tensor, fa: Tensor, fpa: Tensor, b: Tensor, fb: Tensor, c: Tensor, fc: Tensor): Tensor {
  const db = np.subtract(b, a);
  const dc = np.subtract(c, a);
  const denom = np.multiply(np.square(np.multiply(db, dc)), np.subtract(db, dc));
  const r1 = np.subtract(np.subtract(fb, fa), np.multiply(fpa, db));
  const r2 = np.subtract(np.subtract(fc, fa), np.multiply(fpa, dc));
  const A = np.divide(np.subtract(np.multiply(np.square(dc), r1), np.multiply(np.square(db), r2)), denom);
  const Bq = np.divide(np.add(np.multiply(np.negative(np.power(dc, 3)), r1), np.multiply(np.power(db, 3), r2)), denom);
  const radical = np.subtract(np.square(Bq), np.multiply(np.multiply(A, fpa), 3));
  return np.add(a, np.divide(np.add(np.negative(Bq), np.sqrt(radical)), np.multiply(A, 3)));
}

/** The minimizer of the quadratic through (a, fa) with slope fpa and (b, fb). */
function quadmin(a: Tensor, fa: Tensor, fpa: Tensor, b: Tensor, fb: Tensor): Tensor {
  const db = np.subtract(b, a);
  const Bq = np.divide(np.subtract(np.subtract(fb, fa), np.multiply(fpa, db)), np.square(db));
  return np.subtract(a, np.divide(fpa, np.multiply(Bq, 2)));
}

function zoom(
  phi: Restricted,
  wolfeOne: (a: Tensor, p: Tensor) => B,
  wolfeTwo: (d: Tensor) => B,
  lo: [Tensor, Tensor, Tensor],
  hi: [Tensor, Tensor, Tensor],
  g0: Tensor,
  passThrough: B,
): ZoomState {
  const [a_lo, phi_lo, dphi_lo] = lo;
  const [a_hi, phi_hi, dphi_hi] = hi;
  const init: ZoomState = {
    done: falseT(), failed: falseT(), j: i32(0),
    a_lo, phi_lo, dphi_lo, a_hi, phi_hi, dphi_hi,
    a_rec: np.divide(np.add(a_lo, a_hi), 2), phi_rec: np.divide(np.add(phi_lo, phi_hi), 2),
    a_star: np.onesLike(a_lo), phi_star: phi_lo, dphi_star: dphi_lo, g_star: g0,
    nfev: i32(0),
  };
  const threshold = a_lo.dtype === "float32" ? 1e-5 : 1e-10;
  return whileLoop(
    (s: ZoomState) => and(not(s.done), not(passThrough), not(s.failed)),
    (s0: ZoomState) => {
      let s = s0;
      const dalpha = np.abs(np.subtract(s.a_hi, s.a_lo));
      const a = np.minimum(s.a_hi, s.a_lo);
      const b = np.maximum(s.a_hi, s.a_lo);
      const cchk = np.multiply(dalpha, 0.2);
      const qchk = np.multiply(dalpha, 0.1);
      s = { ...s, failed: or(s.failed, np.lessEqual(dalpha, threshold)) };
      const cubic = cubicmin(s.a_lo, s.phi_lo, s.dphi_lo, s.a_hi, s.phi_hi, s.a_rec, s.phi_rec);
      const useCubic = and(np.greater(s.j, 0), np.greater(cubic, np.add(a, cchk)), np.less(cubic, np.subtract(b, cchk)));
      const quad = quadmin(s.a_lo, s.phi_lo, s.dphi_lo, s.a_hi, s.phi_hi);
      const useQuad = and(not(useCubic), np.greater(quad, np.add(a, qchk)), np.less(quad, np.subtract(b, qchk)));
      const useBisection = and(not(useCubic), not(useQuad));
      let aj = np.where(useCubic, cubic, s.a_rec);
      aj = np.where(useQuad, quad, aj);
      aj = np.where(useBisection, np.divide(np.add(s.a_lo, s.a_hi), 2), aj);
      const [phij, dphij, gj] = phi(aj);
      s = { ...s, nfev: s.nfev.add(1) };
      const hiToJ = or(wolfeOne(aj, phij), np.greaterEqual(phij, s.phi_lo));
      const starToJ = and(wolfeTwo(dphij), not(hiToJ));
      const hiToLo = and(np.greaterEqual(np.multiply(dphij, np.subtract(s.a_hi, s.a_lo)), 0), not(hiToJ), not(starToJ));
      const loToJ = and(not(hiToJ), not(starToJ));
      s = replaceWhere(hiToJ, s, { a_hi: aj, phi_hi: phij, dphi_hi: dphij, a_rec: s.a_hi, phi_rec: s.phi_hi });
      s = { ...replaceWhere(starToJ, s, { a_star: aj, phi_star: phij, dphi_star: dphij, g_star: gj }), done: or(starToJ, s.done) };
      s = replaceWhere(hiToLo, s, { a_hi: s.a_lo, phi_hi: s.phi_lo, dphi_hi: s.dphi_lo, a_rec: s.a_hi, phi_rec: s.phi_hi });
      s = replaceWhere(loToJ, s, { a_lo: aj, phi_lo: phij, dphi_lo: dphij, a_rec: s.a_lo, phi_rec: s.phi_lo });
      const j = s.j.add(1);
      return { ...s, j, failed: or(s.failed, np.greaterEqual(j, 30)) };
    },
    init,
  );
}

interface SearchState extends Record<string, Tensor> {
  done: B; failed: B; i: Tensor;
  a_i1: Tensor; phi_i1: Tensor; dphi_i1: Tensor;
  nfev: Tensor;
  a_star: Tensor; phi_star: Tensor; dphi_star: Tensor; g_star: Tensor;
}

/** The result of a line search along p from x. */
export interface LineSearchResults {
  /** The search did not find a step meeting the strong Wolfe conditions. */
  readonly failed: Tensor;
  /** Function (and gradient) evaluations. */
  readonly nfev: Tensor;
  /** The step, and f and its gradient there. */
  readonly a_k: Tensor;
  readonly f_k: Tensor;
  readonly g_k: Tensor;
  /** 0 passed, 1 the zoom failed, 3 too many iterations. */
  readonly status: Tensor;
}

/**
 * JAX's strong-Wolfe line search (`jax.scipy.optimize.line_search`): a step a along p with
 * f(x + a·p) ≤ f(x) + c1·a·∇f·p and |∇f(x + a·p)·p| ≤ c2·|∇f·p|.
 * @example const { a_k } = scipy.optimize.lineSearch(f, x, np.negative(grad(f)(x)));
 */
export function lineSearch(
  f: Fun,
  xk: TensorLike,
  pk: TensorLike,
  opts: { readonly oldFval?: Tensor; readonly oldOldFval?: Tensor; readonly gfk?: Tensor; readonly c1?: number; readonly c2?: number; readonly maxiter?: number } = {},
): LineSearchResults {
  const [x, p] = promoteInexact("scipy.optimize.lineSearch", [xk, pk]);
  const c1 = opts.c1 ?? 1e-4;
  const c2 = opts.c2 ?? 0.9;
  const maxiter = opts.maxiter ?? 20;
  const vg = valueAndGrad(f);
  const phi: Restricted = (t) => {
    const [value, g] = vg(np.add(x, np.multiply(t, p))) as [Tensor, Tensor];
    return [value, np.vdot(g, p), g];
  };
  let phi0: Tensor;
  let dphi0: Tensor;
  let gfk: Tensor;
  let evaluated = 0;
  if (opts.oldFval === undefined || opts.gfk === undefined) {
    [phi0, dphi0, gfk] = phi(np.zeros([], p.dtype));
    evaluated = 1;
  } else {
    phi0 = opts.oldFval;
    gfk = opts.gfk;
    dphi0 = np.vdot(gfk, p);
  }
  let start: Tensor = np.ones([], p.dtype);
  if (opts.oldOldFval !== undefined) {
    const candidate = np.divide(np.multiply(np.subtract(phi0, opts.oldOldFval), 1.01 * 2), dphi0);
    start = np.where(np.greater(candidate, 1), 1, candidate).astype(p.dtype);
  }
  const wolfeOne = (a: Tensor, ph: Tensor) => np.greater(ph, np.add(phi0, np.multiply(np.multiply(a, dphi0), c1)));
  const wolfeTwo = (d: Tensor) => np.lessEqual(np.abs(d), np.multiply(dphi0, -c2));
  const zero = np.zeros([], p.dtype);
  const init: SearchState = {
    done: falseT(), failed: falseT(), i: i32(1),
    a_i1: zero, phi_i1: phi0, dphi_i1: dphi0,
    nfev: i32(evaluated),
    a_star: zero, phi_star: phi0, dphi_star: dphi0, g_star: gfk,
  };
  const pick = (z: ZoomState) => ({ a_star: z.a_star, phi_star: z.phi_star, dphi_star: z.dphi_star, g_star: z.g_star });
  const s = whileLoop(
    (st: SearchState) => and(not(st.done), np.lessEqual(st.i, maxiter), not(st.failed)),
    (st0: SearchState) => {
      let st = st0;
      const ai = np.where(np.equal(st.i, 1), start, np.multiply(st.a_i1, 2));
      const [phii, dphii, gi] = phi(ai);
      st = { ...st, nfev: st.nfev.add(1) };
      const toZoom1 = or(wolfeOne(ai, phii), and(np.greaterEqual(phii, st.phi_i1), np.greater(st.i, 1)));
      const toI = and(wolfeTwo(dphii), not(toZoom1));
      const toZoom2 = and(np.greaterEqual(dphii, 0), not(toZoom1), not(toI));
      const z1 = zoom(phi, wolfeOne, wolfeTwo, [st.a_i1, st.phi_i1, st.dphi_i1], [ai, phii, dphii], gfk, not(toZoom1));
      const z2 = zoom(phi, wolfeOne, wolfeTwo, [ai, phii, dphii], [st.a_i1, st.phi_i1, st.dphi_i1], gfk, not(toZoom2));
      st = { ...st, nfev: st.nfev.add(z1.nfev).add(z2.nfev) };
      st = { ...replaceWhere(toZoom1, st, pick(z1)), done: or(toZoom1, st.done), failed: or(and(toZoom1, z1.failed), st.failed) };
      st = { ...replaceWhere(toI, st, { a_star: ai, phi_star: phii, dphi_star: dphii, g_star: gi }), done: or(toI, st.done) };
      st = { ...replaceWhere(toZoom2, st, pick(z2)), done: or(toZoom2, st.done), failed: or(and(toZoom2, z2.failed), st.failed) };
      return { ...st, i: st.i.add(1), a_i1: ai, phi_i1: phii, dphi_i1: dphii };
    },
    init,
  );
  const status = np.where(s.failed, i32(1), np.where(np.greater(s.i, maxiter), i32(3), i32(0)));
  return { failed: or(s.failed, not(s.done)), nfev: s.nfev, a_k: s.a_star, f_k: s.phi_star, g_k: s.g_star, status };
}

/** What {@link minimize} returns (JAX's OptimizeResults). */
export interface OptimizeResults {
  /** The solution. */
  readonly x: Tensor;
  /** Whether the gradient norm fell below the tolerance. */
  readonly success: Tensor;
  /** 0 converged; 1 too many iterations; BFGS: 2 + the line search's status when it failed; L-BFGS: 2–4 limits, 5 line search failed. */
  readonly status: Tensor;
  /** f(x) and ∇f(x). */
  readonly fun: Tensor;
  readonly jac: Tensor;
  /** BFGS's estimate of the inverse Hessian (null for L-BFGS). */
  readonly hessInv: Tensor | null;
  /** Function and gradient evaluations, and iterations. */
  readonly nfev: Tensor;
  readonly njev: Tensor;
  readonly nit: Tensor;
}

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /** "BFGS" (JAX's) or "L-BFGS" (limited memory; JAX's experimental l-bfgs). */
  readonly method: "BFGS" | "L-BFGS" | "l-bfgs-experimental-do-not-rely-on-this";
  /** The gradient-norm tolerance (gtol). */
  readonly tol?: number;
  readonly options?: {
    /** Iterations (default 200 per variable). */
    readonly maxiter?: number;
    /** Stop when ‖∇f‖ < gtol (default 1e-5), in the norm `norm` (default ∞). */
    readonly gtol?: number;
    readonly norm?: number;
    /** Line-search iterations (BFGS default 10, L-BFGS 20). */
    readonly maxls?: number;
    /** L-BFGS: the number of (s, y) pairs kept (default 10). */
    readonly maxcor?: number;
    /** L-BFGS: stop when f decreases by less than ftol in a step (default 2.2e-9). */
    readonly ftol?: number;
  };
}

const vectorNorm = (g: Tensor, ord: number) => np.linalg.norm(g, ord);

interface BfgsState extends Record<string, Tensor> {
  converged: B; failed: B; k: Tensor; nfev: Tensor; ngev: Tensor;
  x_k: Tensor; f_k: Tensor; g_k: Tensor; H_k: Tensor; old_old_fval: Tensor; ls_status: Tensor;
}

function bfgs(fun: Fun, x0: Tensor, maxiter: number, ord: number, gtol: number, maxls: number): OptimizeResults {
  const d = x0.shape[0];
  const [f0, g0] = valueAndGrad(fun)(x0) as [Tensor, Tensor];
  const init: BfgsState = {
    converged: np.less(vectorNorm(g0, ord), gtol), failed: falseT(), k: i32(0), nfev: i32(1), ngev: i32(1),
    x_k: x0, f_k: f0, g_k: g0, H_k: np.eye(d, null, 0, x0.dtype), old_old_fval: np.add(f0, np.divide(np.linalg.norm(g0), 2)), ls_status: i32(0),
  };
  const s = whileLoop(
    (st: BfgsState) => and(not(st.converged), not(st.failed), np.less(st.k, maxiter)),
    (st: BfgsState) => {
      const p = np.negative(np.matmul(st.H_k, st.g_k));
      const ls = lineSearch(fun, st.x_k, p, { oldFval: st.f_k, oldOldFval: st.old_old_fval, gfk: st.g_k, maxiter: maxls });
      const sk = np.multiply(ls.a_k, p);
      const y = np.subtract(ls.g_k, st.g_k);
      const rho = np.divide(1, np.vdot(y, sk));
      const w = np.subtract(np.eye(d, null, 0, x0.dtype), np.multiply(rho, np.outer(sk, y)));
      const H = np.add(np.matmul(np.matmul(w, st.H_k), w.T), np.multiply(rho, np.outer(sk, sk)));
      return {
        converged: np.less(vectorNorm(ls.g_k, ord), gtol),
        failed: ls.failed,
        k: st.k.add(1),
        nfev: st.nfev.add(ls.nfev),
        ngev: st.ngev.add(ls.nfev),
        x_k: np.add(st.x_k, sk),
        f_k: ls.f_k,
        g_k: ls.g_k,
        H_k: np.where(np.isfinite(rho), H, st.H_k),
        old_old_fval: st.f_k,
        ls_status: ls.status,
      };
    },
    init,
  );
  const status = np.where(s.converged, i32(0), np.where(np.equal(s.k, maxiter), i32(1), np.where(s.failed, np.add(s.ls_status, 2), i32(-1))));
  return { x: s.x_k, success: s.converged, status, fun: s.f_k, jac: s.g_k, hessInv: s.H_k, nfev: s.nfev, njev: s.ngev, nit: s.k };
}

interface LbfgsState extends Record<string, Tensor> {
  converged: B; failed: B; k: Tensor; nfev: Tensor; ngev: Tensor;
  x_k: Tensor; f_k: Tensor; g_k: Tensor;
  s_history: Tensor; y_history: Tensor; rho_history: Tensor; gamma: Tensor; status: Tensor;
}

function lbfgs(fun: Fun, x0: Tensor, maxiter: number, ord: number, gtol: number, maxls: number, m: number, ftol: number): OptimizeResults {
  const d = x0.shape[0];
  const [f0, g0] = valueAndGrad(fun)(x0) as [Tensor, Tensor];
  const dt = x0.dtype;
  const init: LbfgsState = {
    converged: np.less(vectorNorm(g0, ord), gtol), failed: falseT(), k: i32(0), nfev: i32(1), ngev: i32(1),
    x_k: x0, f_k: f0, g_k: g0,
    s_history: np.zeros([m, d], dt), y_history: np.zeros([m, d], dt), rho_history: np.zeros([m], dt), gamma: np.ones([], dt), status: i32(0),
  };
  const s = whileLoop(
    (st: LbfgsState) => and(not(st.converged), not(st.failed)),
    (st: LbfgsState) => {
      const p = twoLoopRecursion(np.negative(st.g_k), st.s_history, st.y_history, st.rho_history, st.gamma);
      const ls = lineSearch(fun, st.x_k, p, { oldFval: st.f_k, gfk: st.g_k, maxiter: maxls });
      const sk = np.multiply(ls.a_k, p);
      const y = np.subtract(ls.g_k, st.g_k);
      const sy = np.vdot(y, sk);
      const k = st.k.add(1);
      let status = np.where(np.less(np.subtract(st.f_k, ls.f_k), ftol), i32(4), i32(0));
      status = np.where(np.greaterEqual(k, maxiter), i32(1), status);
      status = np.where(ls.failed, i32(5), status);
      const converged = np.less(vectorNorm(ls.g_k, ord), gtol);
      return {
        converged,
        failed: and(np.greater(status, 0), not(converged)),
        k,
        nfev: st.nfev.add(ls.nfev),
        ngev: st.ngev.add(ls.nfev),
        x_k: np.add(st.x_k, sk),
        f_k: ls.f_k,
        g_k: ls.g_k,
        s_history: pushRow(st.s_history, sk),
        y_history: pushRow(st.y_history, y),
        rho_history: pushRow(st.rho_history, np.divide(1, sy)),
        gamma: np.divide(sy, np.vdot(y, y)),
        status: np.where(converged, i32(0), status),
      };
    },
    init,
  );
  return { x: s.x_k, success: s.converged, status: s.status, fun: s.f_k, jac: s.g_k, hessInv: null, nfev: s.nfev, njev: s.ngev, nit: s.k };
}

/**
 * Minimizes a scalar function of one vector, as `jax.scipy.optimize.minimize`: BFGS with
 * an inverse-Hessian estimate, or L-BFGS with a few recent steps. Traceable: `jit` it, or
 * `vmap` it over starting points.
 * @example
 * const r = scipy.optimize.minimize((x) => np.sum(np.square(np.subtract(x, 3))), np.zeros([2]), { method: "BFGS" });
 * r.x; // [3, 3]
 */
export function minimize(fun: Fun, x0: TensorLike, opts: MinimizeOptions): OptimizeResults {
  const op = "scipy.optimize.minimize";
  if (typeof fun !== "function") throw new ArgumentError(`${op}: fun must be a function of one vector, got ${typeof fun}.`);
  const [x] = promoteInexact(op, [x0]);
  if (x.ndim !== 1) throw new ShapeError(`${op}: x0 must be a 1-D array (flatten a pytree of parameters into one), got shape ${showShape(x.shape)}.`);
  const o = opts.options ?? {};
  const maxiter = o.maxiter ?? 200 * x.shape[0];
  const gtol = opts.tol ?? o.gtol ?? 1e-5;
  const ord = o.norm ?? Infinity;
  switch (opts.method) {
    case "BFGS":
      return bfgs(fun, x, maxiter, ord, gtol, o.maxls ?? 10);
    case "L-BFGS":
    case "l-bfgs-experimental-do-not-rely-on-this":
      return lbfgs(fun, x, maxiter, ord, gtol, o.maxls ?? 20, o.maxcor ?? 10, o.ftol ?? 2.220446049250313e-9);
    default:
      throw new ArgumentError(`${op}: method must be "BFGS" or "L-BFGS", got ${JSON.stringify((opts as { method?: unknown }).method)}.`);
  }
}
