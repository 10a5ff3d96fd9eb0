/**
 * `lax.reduce` with any monoid: a computation that is one of the known reductions (add,
 * mul, max, min, and, or, with its identity as the initial value) becomes that
 * reduction's primitive, as in JAX; any other associative computation on pytrees runs as
 * a pairwise tree of calls, which every transform differentiates and batches.
 */
import { ArgumentError, ConcretizationError, JitgradError, ShapeError } from "../core/errors";
import { traceSub } from "../core/subjaxpr";
import type { ReducePrim } from "../core/primitives";
import { REDUCE_PRIMS, reducePrims } from "../core/prims/reduce";
import { treeFlatten, treeUnflatten } from "../core/pytree";
import { Lit } from "../core/ir";
import { normalizeAxes, showShape, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { asTensor, broadcastInDim, reshape } from "../numpy/convert";

/** The reduction primitive `computation` is, if it is a single known combining primitive and `init` its identity. */
export function knownMonoid(computation: (a: Tensor, b: Tensor) => unknown, init: Tensor): ReducePrim | undefined {
  let value: number;
  try {
    value = init.concreteValue("lax.reduce's initial value").data[0];
  } catch (e) {
    if (e instanceof ConcretizationError) return undefined; // a traced init: the general path
    throw e;
  }
  const scalar = { shape: [], dtype: init.dtype } as const;
  let sub;
  try {
    sub = traceSub((a, b) => {
      const [out] = treeFlatten(computation(a, b));
      return out as Tensor[];
    }, [scalar, scalar], "lax.reduce (computation)");
  } catch (e) {
    // The general path traces it again and reports the error in its own terms.
    if (e instanceof JitgradError) return undefined;
    throw e;
  }
  const j = sub.jaxpr;
  if (sub.consts.length > 0 || j.eqns.length !== 1 || j.outs.length !== 1 || j.outs[0] !== j.eqns[0].outs[0]) return undefined;
  const [eqn] = j.eqns;
  const [a, b] = j.invars;
  const ins = eqn.inputs;
  if (ins.length !== 2 || ins.some((x) => x instanceof Lit) || !((ins[0] === a && ins[1] === b) || (ins[0] === b && ins[1] === a))) return undefined;
  const prim = REDUCE_PRIMS.find((p) => reducePrims[p].combine === eqn.prim);
  return prim && Object.is(reducePrims[prim].identity(init.dtype), value) ? prim : undefined;
}

/**
 * JAX's `lax.reduce(operands, initValues, computation, dimensions)`: reduces axes
 * `dimensions` of every array in `operands` (a pytree) with `computation(a, b)`, an
 * associative function of two pytrees like `operands`, whose identity is `initValues`
 * (0-d arrays or numbers).
 * @example lax.reduce(x, 0, lax.add, [0])             // = np.sum(x, 0): one reduce_sum
 * @example lax.reduce([x, i], [-Infinity, 0], argmaxStep, [0]) // a value–index monoid
 */
export function reduce<T>(operands: T, initValues: unknown, computation: (a: T, b: T) => T, dimensions: readonly number[]): T {
  const op = "lax.reduce";
  if (typeof computation !== "function") throw new ArgumentError(`${op}: computation must be a function of two pytrees, got ${typeof computation}.`);
  const [leaves, tree] = treeFlatten(operands);
  const [initLeaves, initTree] = treeFlatten(initValues);
  if (!initTree.equals(tree)) throw new ShapeError(`${op}: initValues has structure ${initTree.show()}, but operands have ${tree.show()}.`);
  const xs = leaves.map((l) => asTensor(l as TensorLike, op));
  if (xs.length === 0) throw new ArgumentError(`${op}: operands has no arrays.`);
  const inits = initLeaves.map((l, i) => asTensor(l as TensorLike, op, xs[i].dtype));
  inits.forEach((t) => {
    if (t.ndim !== 0) throw new ShapeError(`${op}: each initial value must be 0-d, got shape ${showShape(t.shape)}.`);
  });
  const shape = xs[0].shape;
  xs.forEach((x) => {
    if (x.shape.length !== shape.length || x.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(`${op}: all operands must share a shape, got ${xs.map((y) => showShape(y.shape)).join(", ")}.`);
    }
  });
  const axes = unwrap(normalizeAxes(op, [...dimensions], shape.length)).sort((a, b) => a - b);
  const call = (a: readonly Tensor[], b: readonly Tensor[]): Tensor[] => {
    const [out, outTree] = treeFlatten(computation(treeUnflatten(tree, a) as T, treeUnflatten(tree, b) as T));
    if (!outTree.equals(tree)) throw new ShapeError(`${op}: computation must return the structure of its arguments ${tree.show()}, got ${outTree.show()}.`);
    return out.map((o, i) => asTensor(o as TensorLike, op, xs[i].dtype));
  };
  if (xs.length === 1) {
    const prim = knownMonoid((a, b) => computation(a as T, b as T), inits[0]);
    if (prim) return treeUnflatten(tree, [axes.length === 0 ? xs[0] : bind1(prim, [xs[0]], { axes })]) as T;
  }
  // Reduced axes last, as one axis, then halved pairwise.
  const kept = shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const keptShape = kept.map((d) => shape[d]);
  const n = axes.reduce((m, d) => m * shape[d], 1);
  let cur = xs.map((x) => reshape(bind1("transpose", [x], { permutation: [...kept, ...axes] }), [...keptShape, n]));
  const last = keptShape.length;
  const part = (t: Tensor, start: number, limit: number, stride: number) =>
    bind1("slice", [t], {
      start_indices: t.shape.map((_, d) => (d === last ? start : 0)),
      limit_indices: t.shape.map((s, d) => (d === last ? limit : s)),
      strides: stride === 1 ? null : t.shape.map((_, d) => (d === last ? stride : 1)),
    });
  let len = n;
  while (len > 1) {
    const half = Math.floor(len / 2);
    const paired = call(
      cur.map((t) => part(t, 0, 2 * half - 1, 2)),
      cur.map((t) => part(t, 1, 2 * half, 2)),
    );
    cur = len % 2 === 0 ? paired : paired.map((p, i) => bind1("concatenate", [p, part(cur[i], len - 1, len, 1)], { dimension: last }));
    len = half + (len % 2);
  }
  const start = inits.map((t) => broadcastInDim(t, keptShape, []));
  const result = len === 0 ? start : call(start, cur.map((t) => reshape(t, keptShape)));
  return treeUnflatten(tree, result) as T;
}
