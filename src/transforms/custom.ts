/**
 * Functions with user-defined derivatives (`customJvp`, `customVjp`) and rematerialisation
 * (`checkpoint`). Each builds a CustomCall over flat tensors; the traces decide how to
 * apply it (see `Trace.processCustom`).
 */
import { checkTraceable } from "../core/leaves";
import { PytreeError, TransformError } from "../core/errors";
import { resultToTensor } from "../core/leaves";
import { type TreeDef, flattenUpTo, treeFlattenWithPaths, treeUnflatten } from "../core/pytree";
import type { Tensor } from "../core/tensor";
import { type CustomCall, bindCustom } from "../core/trace";
import { add, zerosLike } from "./ad-ops";
import { type FlatArgs, checkArgnums, flattenArgs, flattenResult } from "./args";
import { jvpFlat } from "./jvp-trace";
import { vjpFlat } from "./tape";
import type { AnyFn } from "./types";

/** Flattens a function of pytrees into one of flat tensors, remembering the output structure. */
function flatFunction(op: string, f: AnyFn, inTree: TreeDef, outTree: { tree?: TreeDef }): (...xs: Tensor[]) => Tensor[] {
  return (...xs) => {
    const [leaves, tree] = flattenResult(op, f(...(treeUnflatten(inTree, xs) as unknown[])));
    outTree.tree = tree;
    return leaves;
  };
}

function sameStructure(op: string, what: string, tree: TreeDef, expected: TreeDef): void {
  if (!tree.equals(expected)) {
    throw new PytreeError(`${op}: ${what} has structure ${tree.show()}, but it must match ${expected.show()}.`);
  }
}

/** Options of {@link customJvp} and {@link customVjp}. */
export interface CustomOptions {
  /**
   * Arguments that are not differentiated (functions, numbers used as settings, …): the
   * function gets them where they are, the rules get them first, as in JAX.
   */
  readonly nondiffArgnums?: number | readonly number[];
}

/** A function with a custom JVP rule. */
export type CustomJvpFn<F extends AnyFn> = F & {
  /**
   * Sets the rule: `rule(primals, tangents)` gets the argument lists and returns
   * `[primalOut, tangentOut]`. With `nondiffArgnums`, the rule gets those arguments first
   * and only the others as primals: `rule(...nondiff, primals, tangents)`. Reverse mode
   * transposes the rule.
   */
  defjvp(rule: (primals: Parameters<F>, tangents: Parameters<F>) => readonly [unknown, unknown]): CustomJvpFn<F>;
  /** The same, for a function with `nondiffArgnums`: `rule(...nondiff, primals, tangents)`. */
  defjvp(rule: (...nondiffPrimalsTangents: never[]) => readonly unknown[]): CustomJvpFn<F>;
  /**
   * Sets one tangent rule per argument, as JAX's `defjvps`: `jvps[i](t, out, ...primals)`
   * is argument i's contribution to the output tangent (null: none); contributions are
   * summed. Not available with `nondiffArgnums`, as in JAX.
   */
  defjvps(...jvps: (((t: never, out: never, ...primals: never[]) => unknown) | null)[]): CustomJvpFn<F>;
};

/** Which arguments are differentiated, and a way to put the others back around them. */
class ArgSplit {
  readonly diff: unknown[];
  readonly fixed: unknown[];
  private readonly nondiff: ReadonlySet<number>;

  constructor(
    op: string,
    private readonly args: readonly unknown[],
    nondiffArgnums: number | readonly number[] | undefined,
  ) {
    const list = nondiffArgnums === undefined ? [] : typeof nondiffArgnums === "number" ? [nondiffArgnums] : [...nondiffArgnums];
    const positions = list.length === 0 ? [] : checkArgnums(`${op} (nondiffArgnums)`, list, args.length);
    this.nondiff = new Set(positions);
    this.diff = args.filter((_, i) => !this.nondiff.has(i));
    this.fixed = [...this.nondiff].sort((x, y) => x - y).map((i) => args[i]);
  }

  /** The full argument list with `diff` in the differentiated positions. */
  merge(diff: readonly unknown[]): unknown[] {
    let k = 0;
    return this.args.map((a, i) => (this.nondiff.has(i) ? a : diff[k++]));
  }
}

/** Checks that a rule's outputs have the shapes of the values they stand for. */
function checkShapes(op: string, what: string, got: readonly Tensor[], want: readonly Tensor[], paths: readonly string[]): void {
  got.forEach((g, i) => {
    const w = want[i];
    if (g.ndim !== w.ndim || g.shape.some((d, k) => d !== w.shape[k])) {
      throw new TransformError(
        `${op}: ${what}${paths[i] ? ` at ${paths[i]}` : ""} has shape [${g.shape.join(", ")}], but it must have the shape of the value it stands for, [${w.shape.join(", ")}].`,
      );
    }
  });
}

/** Casts each rule output to the dtype of the value it stands for. */
const castLike = (got: readonly Tensor[], want: readonly Tensor[]): Tensor[] =>
  got.map((g, i) => (g.dtype === want[i].dtype ? g : g.astype(want[i].dtype)));

/**
 * Gives `f` a hand-written JVP rule, used by jvp, grad and every transform built on them.
 * @example
 * // log(1 + e^x) with a derivative that stays finite for large x
 * const softplus = customJvp((x: Tensor) => np.log1p(np.exp(x)));
 * softplus.defjvp(([x], [t]) => [softplus(x), np.multiply(t, nn.sigmoid(x))]);
 * grad(softplus)(1000); // 1, where the naive derivative gives NaN
 * @example
 * // a function argument is not differentiated: name it in nondiffArgnums
 * const apply = customJvp((g: (x: Tensor) => Tensor, x: Tensor) => g(x), { nondiffArgnums: 0 });
 * apply.defjvp((g: (x: Tensor) => Tensor, [x]: Tensor[], [t]: Tensor[]) => [g(x), t]);
 */
export function customJvp<F extends AnyFn>(f: F, opts: CustomOptions = {}): CustomJvpFn<F> {
  checkTraceable("customJvp", f);
  const op = "customJvp";
  let rule: ((fixed: readonly unknown[], primals: unknown[], tangents: unknown[]) => readonly [unknown, unknown]) | undefined;
  const g = (...args: unknown[]) => {
    const split = new ArgSplit(op, args, opts.nondiffArgnums);
    const flat = flattenArgs(op, split.diff);
    const out: { tree?: TreeDef } = {};
    const call: CustomCall = {
      name: op,
      fn: flatFunction(op, (...d: unknown[]) => f(...split.merge(d)), flat.tree, out),
      jvp: (primals, tangents) => {
        if (!rule) throw new TransformError("customJvp: the function is differentiated but has no rule; call f.defjvp(rule) first.");
        const [p, t] = rule(split.fixed, treeUnflatten(flat.tree, primals) as unknown[], treeUnflatten(flat.tree, tangents) as unknown[]);
        const [pl, ptree] = flattenResult(op, p);
        const [tl, ttree, paths] = flattenWithPaths(op, t);
        sameStructure(op, "the rule's tangent output", ttree, ptree);
        checkShapes(op, "the rule's tangent output", tl, pl, paths);
        out.tree = ptree;
        return [pl, castLike(tl, pl)];
      },
    };
    const outs = bindCustom(call, flat.tensors);
    return treeUnflatten(out.tree!, outs);
  };
  const h = g as unknown as CustomJvpFn<F>;
  h.defjvp = (r: (...a: never[]) => readonly unknown[]) => {
    const call = r as (...a: unknown[]) => unknown;
    rule = (fixed, primals, tangents) => {
      const result = call(...fixed, primals, tangents);
      if (!Array.isArray(result) || result.length !== 2) {
        throw new TransformError(`customJvp: the rule must return [primalOut, tangentOut], got ${Array.isArray(result) ? `an array of ${result.length}` : typeof result}.`);
      }
      return result as [unknown, unknown];
    };
    return h;
  };
  h.defjvps = (...jvps) => {
    if (opts.nondiffArgnums !== undefined) {
      throw new TransformError("customJvp: defjvps cannot be used with nondiffArgnums (as in JAX); use defjvp.");
    }
    rule = (_fixed, primals, tangents) => {
      if (jvps.length !== primals.length) {
        throw new TransformError(`customJvp: defjvps needs one rule (or null) per argument, ${primals.length}; got ${jvps.length}.`);
      }
      const y = f(...primals);
      const parts = jvps.flatMap((j, i) => (j === null ? [] : [(j as (...a: unknown[]) => unknown)(tangents[i], y, ...primals)]));
      const [yl, ytree] = flattenResult(op, y);
      const sum = yl.map(zerosLike);
      for (const part of parts) {
        const [pl, ptree, paths] = flattenWithPaths(op, part);
        sameStructure(op, "a defjvps rule's tangent", ptree, ytree);
        checkShapes(op, "a defjvps rule's tangent", pl, yl, paths);
        castLike(pl, yl).forEach((x, k) => (sum[k] = add(sum[k], x)));
      }
      return [y, treeUnflatten(ytree, sum)];
    };
    return h;
  };
  return h;
}

/** Flattens rule output into Tensors, with structure and leaf paths for messages. */
function flattenWithPaths(op: string, x: unknown): [Tensor[], TreeDef, string[]] {
  const [, , paths] = treeFlattenWithPaths(x);
  const [leaves, tree] = flattenResult(op, x);
  return [leaves, tree, paths];
}

/** A function with a custom VJP rule. */
export type CustomVjpFn<F extends AnyFn> = F & {
  /**
   * Sets the rule: `fwd(...args)` returns `[out, residuals]`; `bwd(residuals, ct)` returns
   * an array with one cotangent per argument, where null (or undefined) means zero, for a
   * whole argument or any leaf of it. With `nondiffArgnums`, bwd gets those arguments
   * first and returns cotangents for the others only: `bwd(...nondiff, residuals, ct)`.
   */
  defvjp(fwd: (...args: Parameters<F>) => readonly [unknown, unknown], bwd: (...nondiffResidualsCt: never[]) => readonly unknown[]): CustomVjpFn<F>;
};

/**
 * Gives `f` a hand-written reverse-mode rule (forward mode is not available, as in JAX).
 * @example
 * // straight-through estimator: round forward, identity backward
 * const ste = customVjp((x: Tensor) => np.round(x));
 * ste.defvjp((x) => [np.round(x), null], (_res, ct) => [ct]);
 * grad((x: Tensor) => ste(x).sum())(np.array([0.3, 1.7])); // [1, 1]
 */
export function customVjp<F extends AnyFn>(f: F, opts: CustomOptions = {}): CustomVjpFn<F> {
  checkTraceable("customVjp", f);
  const op = "customVjp";
  let rules: { fwd: (...args: unknown[]) => readonly [unknown, unknown]; bwd: (...args: unknown[]) => readonly unknown[] } | undefined;
  const g = (...args: unknown[]) => {
    const split = new ArgSplit(op, args, opts.nondiffArgnums);
    const flat = flattenArgs(op, split.diff);
    const out: { tree?: TreeDef } = {};
    const call: CustomCall = {
      name: op,
      fn: flatFunction(op, (...d: unknown[]) => f(...split.merge(d)), flat.tree, out),
      vjp: (primals) => {
        if (!rules) throw new TransformError("customVjp: the function is differentiated but has no rule; call f.defvjp(fwd, bwd) first.");
        const { fwd, bwd } = rules;
        const [value, residuals] = fwd(...split.merge(treeUnflatten(flat.tree, primals) as unknown[]));
        const [outs, tree] = flattenResult(op, value);
        out.tree = tree;
        return {
          outs,
          backward: (cts) => {
            const ct = treeUnflatten(tree, cts.map((c, i) => c ?? zerosLike(outs[i])));
            const result = bwd(...split.fixed, residuals, ct);
            const n = split.diff.length;
            if (!Array.isArray(result) || result.length !== n) {
              throw new TransformError(
                `customVjp: bwd must return an array with one cotangent per differentiated argument (${n}), got ${Array.isArray(result) ? `${result.length} entries` : typeof result}.`,
              );
            }
            const leaves = cotangentLeaves(op, flat, result);
            checkShapes(op, "bwd's cotangent", leaves, primals, flat.paths);
            return castLike(leaves, primals);
          },
        };
      },
    };
    const outs = bindCustom(call, flat.tensors);
    return treeUnflatten(out.tree!, outs);
  };
  const h = g as unknown as CustomVjpFn<F>;
  h.defvjp = (fwd, bwd) => {
    rules = { fwd: fwd as (...args: unknown[]) => readonly [unknown, unknown], bwd: bwd as (...args: unknown[]) => readonly unknown[] };
    return h;
  };
  return h;
}

/**
 * bwd's cotangents as one Tensor per argument leaf. A null (or undefined) where an
 * argument or any subtree of it stands is zero there, as JAX's None.
 */
function cotangentLeaves(op: string, flat: FlatArgs, result: readonly unknown[]): Tensor[] {
  const parts = flattenUpTo(op, flat.tree, result, "bwd's result", { noneMeansMissing: true });
  return parts.map((p, i) => (p === undefined ? zerosLike(flat.tensors[i]) : resultToTensor(op, p, flat.paths[i])));
}

/**
 * Rematerialisation: under reverse mode, `checkpoint(f)` stores only its inputs and
 * recomputes `f`'s intermediates during the backward pass, trading compute for memory.
 * Values are unchanged.
 * @example
 * const block = checkpoint((x: Tensor) => np.tanh(np.tanh(np.tanh(x))));
 * grad((x: Tensor) => block(x).sum())(np.ones([1000]));
 */
export function checkpoint<F extends AnyFn>(f: F): F {
  checkTraceable("checkpoint", f);
  const op = "checkpoint";
  const g = (...args: unknown[]) => {
    const flat = flattenArgs(op, args);
    const out: { tree?: TreeDef } = {};
    const fn = flatFunction(op, f, flat.tree, out);
    const call: CustomCall = {
      name: op,
      fn,
      jvp: (primals, tangents) => {
        const [outs, touts] = jvpFlat(fn, primals, tangents, op);
        return [outs, touts.map((t, i) => t ?? zerosLike(outs[i]))];
      },
      vjp: (primals) => ({
        outs: fn(...primals),
        backward: (cts) => vjpFlat(fn, primals, op).pullback(cts),
      }),
    };
    const outs = bindCustom(call, flat.tensors);
    return treeUnflatten(out.tree!, outs);
  };
  return g as F;
}
