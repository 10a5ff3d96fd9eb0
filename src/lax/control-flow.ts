/**
 * Structured control flow: `cond`, `switch`, `whileLoop`, `foriLoop`, `scan`. Each traces
 * its functions into sub-jaxprs and binds one primitive, so the control flow survives
 * tracing (jit emits real `if`/`for`/`while`) and every transform applies to it.
 */
import { type Aval, showAval } from "../core/aval";
import { ArgumentError, ConcretizationError, DTypeError, ShapeError } from "../core/errors";
import { type TreeDef, treeUnflatten } from "../core/pytree";
import { showShape } from "../core/shape";
import { type SubJaxpr, shareConsts, traceSub } from "../core/subjaxpr";
import { Tensor, type TensorLike } from "../core/tensor";
import { bind, bind1 } from "../core/trace";
import { asTensor, convert } from "../numpy/convert";
import { flattenArgs, flattenResult } from "../transforms/args";
import type { Lift, LiftArgs, Tensorize } from "../transforms/types";

/** Traces `fn` of the pytree `tree` (leaves of `avals`) into a sub-jaxpr and its output structure. */
function traceFn(op: string, what: string, fn: (...args: never[]) => unknown, tree: TreeDef, avals: readonly Aval[]): SubJaxpr & { tree: TreeDef } {
  let outTree: TreeDef | undefined;
  const sub = traceSub(
    (...xs) => {
      const args = treeUnflatten(tree, xs) as unknown[];
      const [leaves, t] = flattenResult(op, (fn as (...a: unknown[]) => unknown)(...args));
      outTree = t;
      return leaves;
    },
    avals,
    `${op} (${what})`,
  );
  return { ...sub, tree: outTree! };
}

/** Fails with both structures named, and the first leaf whose type differs. */
function sameTypes(op: string, what: [string, string], trees: [TreeDef, TreeDef], avals: [readonly Aval[], readonly Aval[]], paths?: readonly string[]): void {
  if (!trees[0].equals(trees[1])) {
    throw new ShapeError(
      `${op}: ${what[0]} has structure ${trees[0].show()}, but ${what[1]} has structure ${trees[1].show()}; they must match.`,
    );
  }
  avals[0].forEach((a, i) => {
    const b = avals[1][i];
    if (a.dtype !== b.dtype || a.shape.length !== b.shape.length || a.shape.some((d, k) => d !== b.shape[k])) {
      const where = paths?.[i] ? ` at ${paths[i]}` : ` at leaf ${i}`;
      throw new ShapeError(
        `${op}: ${what[0]} and ${what[1]} differ${where}: ${showAval(a)} vs ${showAval(b)}. Shapes and dtypes must match ` +
          `(convert with astype, or make both sides produce the same shape).`,
      );
    }
  });
}

function scalarIndex(op: string, x: TensorLike, what: string): Tensor {
  const t = asTensor(x, op);
  if (t.ndim !== 0) {
    throw new ShapeError(
      `${op}: the ${what} must be a scalar (0-d), got ${showAval(t.aval)}. For elementwise choices use np.where(cond, x, y).`,
    );
  }
  return t;
}

/**
 * Runs `branches[index]` on the operands, `index` clamped into range. All branches must
 * return the same structure, shapes and dtypes.
 * @example lax.switch(k, [(x) => x.add(1), (x) => x.mul(2), (x) => x.neg()], x)
 */
export function switch_<Ops extends unknown[], R>(index: TensorLike, branches: readonly ((...ops: Ops) => R)[], ...operands: LiftArgs<Ops>): R {
  const op = "lax.switch";
  if (!Array.isArray(branches) || branches.length === 0) throw new ArgumentError(`${op}: needs a non-empty array of branch functions.`);
  let idx = scalarIndex(op, index, "index");
  if (idx.dtype === "bool") idx = convert(idx, "int32");
  else if (idx.dtype !== "int32") idx = convert(idx, "int32");
  return condImpl(op, idx, branches, operands, branches.map((_, i) => `branch ${i}`));
}
export { switch_ as switch };

function condImpl(op: string, index: Tensor, fns: readonly ((...a: never[]) => unknown)[], operands: readonly unknown[], names: readonly string[]) {
  const flat = flattenArgs(op, operands);
  const avals = flat.tensors.map((t) => t.aval);
  const traced = fns.map((fn, i) => traceFn(op, names[i], fn, flat.tree, avals));
  const outAvals = traced.map((t) => t.jaxpr.outs.map((a) => a.aval));
  for (let i = 1; i < traced.length; i++) {
    sameTypes(op, [`the ${names[0]}`, `the ${names[i]}`], [traced[0].tree, traced[i].tree], [outAvals[0], outAvals[i]]);
  }
  const { jaxprs, consts } = shareConsts(traced);
  const outs = bind("cond", [index, ...consts, ...flat.tensors], { branches: jaxprs });
  return treeUnflatten(traced[0].tree, outs) as never;
}

/**
 * `trueFn(...operands)` if `pred` else `falseFn(...operands)`, as one primitive: both
 * branches are traced (and must return the same types), one runs. Differentiable, and
 * under vmap a batched predicate becomes an elementwise select.
 * @example lax.cond(np.greater(x, 0), (v) => v.mul(v), (v) => v.neg(), x)
 */
export function cond<Ops extends unknown[], R>(
  pred: TensorLike,
  trueFn: (...ops: Ops) => R,
  falseFn: (...ops: Ops) => R,
  ...operands: LiftArgs<Ops>
): R {
  const op = "lax.cond";
  const p = scalarIndex(op, pred, "predicate");
  const index = p.dtype === "bool" ? convert(p, "int32") : convert(bind1("ne", [p, asTensor(0, op, p.dtype)], {}), "int32");
  return condImpl(op, index, [falseFn, trueFn], operands, ["false branch", "true branch"]);
}

/**
 * `while condFn(carry): carry = bodyFn(carry)`, as one primitive. The carry is any pytree;
 * the body must return it with the same structure, shapes and dtypes. Forward-mode
 * differentiable; for reverse mode use `foriLoop` with static bounds or `scan`.
 * @example lax.whileLoop(([i]) => np.less(i, 10), ([i, x]) => [i.add(1), x.mul(2)], [0, 1])
 */
export function whileLoop<I, C = Tensorize<I>>(condFn: (carry: C) => TensorLike, bodyFn: (carry: C) => Lift<C>, init: I): C {
  const op = "lax.whileLoop";
  // Flatten [init] so that the traced functions receive the carry as their one argument.
  const flat = flattenArgs(op, [init]);
  const avals = flat.tensors.map((t) => t.aval);
  const c = traceFn(op, "condition", (x: never) => condFn(x), flat.tree, avals);
  const pred = c.jaxpr.outs[0].aval;
  if (c.jaxpr.outs.length !== 1 || pred.shape.length !== 0 || pred.dtype !== "bool") {
    throw new DTypeError(
      `${op}: the condition must return one boolean scalar (e.g. np.less(i, n)), got ${c.jaxpr.outs.map((o) => showAval(o.aval)).join(", ")}.`,
    );
  }
  const b = traceFn(op, "body", (x: never) => [bodyFn(x)], flat.tree, avals);
  sameTypes(op, ["the initial carry", "the body's result"], [flat.tree, b.tree], [avals, b.jaxpr.outs.map((a) => a.aval)], flat.paths);
  const outs = bind("while", [...c.consts, ...b.consts, ...flat.tensors], {
    cond_jaxpr: c.jaxpr,
    body_jaxpr: b.jaxpr,
    cond_nconsts: c.consts.length,
    body_nconsts: b.consts.length,
  });
  return (treeUnflatten(flat.tree, outs) as [C])[0];
}

/** Options of {@link scan}. */
export interface ScanOptions {
  /** The number of steps, needed when `xs` is null. */
  readonly length?: number;
  /** Scan from the last element to the first (ys keep their positions). */
  readonly reverse?: boolean;
}

/**
 * Loops `f(carry, x) → [carry, y]` over the leading axis of `xs`, returning the final
 * carry and the ys stacked. One primitive: reverse-mode differentiable (residuals are
 * stored per step; pass `checkpoint(f)` to store only the carries and recompute), and
 * compiled by jit to a real loop.
 * @example
 * const [total, running] = lax.scan((c, x) => [c.add(x), c.add(x)], 0, np.arange(5).astype("float64"));
 */
export function scan<I, X, Y, C = Tensorize<I>>(f: (carry: C, x: X) => readonly [Lift<C>, Y], init: I, xs: Lift<X> | null, opts: ScanOptions = {}): [C, Y] {
  const op = "lax.scan";
  const fc = flattenArgs(op, init);
  const fx = flattenArgs(op, xs ?? null);
  let length = opts.length;
  fx.tensors.forEach((x, i) => {
    if (x.ndim === 0) throw new ShapeError(`${op}: the scanned input at ${fx.paths[i] || "the top"} is a scalar; xs leaves need a leading axis to scan over.`);
    if (length === undefined) length = x.shape[0];
    else if (x.shape[0] !== length) {
      throw new ShapeError(
        `${op}: scanned inputs have different lengths: ${fx.paths[i] || "the top"} has ${x.shape[0]} (shape ${showShape(x.shape)}), expected ${length}.`,
      );
    }
  });
  if (length === undefined) throw new ArgumentError(`${op}: with no xs to scan over, pass { length }.`);
  if (!Number.isInteger(length) || length < 0) throw new ArgumentError(`${op}: length must be a non-negative integer, got ${length}.`);
  const carryAvals = fc.tensors.map((t) => t.aval);
  const xAvals = fx.tensors.map((t) => ({ shape: t.shape.slice(1), dtype: t.dtype }));
  let carryTree: TreeDef | undefined;
  let yTree: TreeDef | undefined;
  const sub = traceSub(
    (...vals) => {
      const carry = treeUnflatten(fc.tree, vals.slice(0, fc.tensors.length)) as C;
      const x = treeUnflatten(fx.tree, vals.slice(fc.tensors.length)) as X;
      const result = f(carry, x);
      if (!Array.isArray(result) || result.length !== 2) {
        throw new ArgumentError(`${op}: the function must return a pair [newCarry, y] (y may be null), got ${typeof result}.`);
      }
      const [cl, ct] = flattenResult(op, result[0]);
      const [yl, yt] = flattenResult(op, result[1]);
      carryTree = ct;
      yTree = yt;
      return [...cl, ...yl];
    },
    [...carryAvals, ...xAvals],
    op,
  );
  const nc = fc.tensors.length;
  sameTypes(op, ["the initial carry", "the carry returned by the function"], [fc.tree, carryTree!], [carryAvals, sub.jaxpr.outs.slice(0, nc).map((a) => a.aval)], fc.paths);
  const outs = bind("scan", [...sub.consts, ...fc.tensors, ...fx.tensors], {
    jaxpr: sub.jaxpr,
    length,
    reverse: opts.reverse ?? false,
    num_consts: sub.consts.length,
    num_carry: nc,
  });
  return [treeUnflatten(fc.tree, outs.slice(0, nc)) as C, treeUnflatten(yTree!, outs.slice(nc)) as Y];
}

/**
 * JAX's `lax.map`: `f` applied to each slice of `xs` along its leading axis, the results
 * stacked — a `scan` without a carry, so it runs as one loop (less memory than vmap, and
 * no batching rules needed).
 * @example lax.map((x: Tensor) => np.sum(np.square(x)), np.ones([3, 4])) // [4, 4, 4]
 */
export function map<X, Y>(f: (x: X) => Y, xs: Lift<X>): Y {
  if (typeof f !== "function") throw new ArgumentError(`lax.map: f must be a function, got ${typeof f}.`);
  return scan((_carry: null, x: X) => [null, f(x)] as const, null, xs)[1];
}

function staticBound(x: TensorLike): number | undefined {
  if (typeof x === "number") return x;
  if (x instanceof Tensor) {
    try {
      const c = x.concreteValue("a loop bound");
      return c.aval.shape.length === 0 ? c.data[0] : undefined;
    } catch (e) {
      if (e instanceof ConcretizationError) return undefined; // a traced bound: not static
      throw e;
    }
  }
  return undefined;
}

/**
 * `for (i = lo; i < hi; i++) carry = body(i, carry)` with an int32 `i`. Static bounds
 * (numbers) give a `scan` — reverse-mode differentiable; traced bounds a `whileLoop`.
 * @example lax.foriLoop(0, 20, (i, x) => x.sub(grad(calcTime)(x).mul(1.5)), x0)
 */
export function foriLoop<I, C = Tensorize<I>>(lo: TensorLike, hi: TensorLike, body: (i: Tensor, carry: C) => Lift<C>, init: I): C {
  const op = "lax.foriLoop";
  const a = staticBound(lo);
  const b = staticBound(hi);
  if (a !== undefined && b !== undefined) {
    if (!Number.isInteger(a) || !Number.isInteger(b)) throw new ArgumentError(`${op}: bounds must be integers, got ${a} and ${b}.`);
    const start = asTensor(a, op, "int32");
    const [[, carry]] = scan(
      ([i, c]: [Tensor, C], _x: null) => [[i.add(1), body(i, c)] as never, null] as const,
      [start, init] as [Tensor, I],
      null,
      { length: Math.max(0, b - a) },
    );
    return carry as C;
  }
  const [, , carry] = whileLoop(
    (([i, n]: [Tensor, Tensor, C]) => i.less(n)) as never,
    (([i, n, c]: [Tensor, Tensor, C]) => [i.add(1), n, body(i, c)]) as never,
    [convert(asTensor(lo, op), "int32"), convert(asTensor(hi, op), "int32"), init] as [Tensor, Tensor, I],
  );
  return carry as C;
}
