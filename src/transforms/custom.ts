/**
 * Functions with user-defined derivatives (`customJvp`, `customVjp`) and rematerialisation
 * (`checkpoint`). Each builds a CustomCall over flat tensors; the traces decide how to
 * apply it (see `Trace.processCustom`).
 */
import { PytreeError, TransformError } from "../core/errors";
import { type TreeDef, treeUnflatten } from "../core/pytree";
import type { Tensor } from "../core/tensor";
import { type CustomCall, bindCustom } from "../core/trace";
import { zerosLike } from "./ad-ops";
import { flattenArgs, flattenResult } from "./args";
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

/** A function with a custom JVP rule. */
export type CustomJvpFn<F extends AnyFn> = F & {
  /**
   * Sets the rule: `rule(primals, tangents)` gets the argument lists and returns
   * `[primalOut, tangentOut]`. Reverse mode uses the same rule (it is transposed).
   */
  defjvp(rule: (primals: Parameters<F>, tangents: Parameters<F>) => readonly [unknown, unknown]): CustomJvpFn<F>;
};

/**
 * Gives `f` a hand-written JVP rule, used by jvp, grad and every transform built on them.
 * @example
 * // log(1 + e^x) with a derivative that stays finite for large x
 * const softplus = customJvp((x: Tensor) => np.log1p(np.exp(x)));
 * softplus.defjvp(([x], [t]) => [softplus(x), np.multiply(t, nn.sigmoid(x))]);
 * grad(softplus)(1000); // 1, where the naive derivative gives NaN
 */
export function customJvp<F extends AnyFn>(f: F): CustomJvpFn<F> {
  const op = "customJvp";
  let rule: ((primals: Parameters<F>, tangents: Parameters<F>) => readonly [unknown, unknown]) | undefined;
  const g = (...args: unknown[]) => {
    const flat = flattenArgs(op, args);
    const out: { tree?: TreeDef } = {};
    const call: CustomCall = {
      name: op,
      fn: flatFunction(op, f, flat.tree, out),
      jvp: (primals, tangents) => {
        if (!rule) throw new TransformError("customJvp: the function is differentiated but has no rule; call f.defjvp(rule) first.");
        const [p, t] = rule(treeUnflatten(flat.tree, primals) as Parameters<F>, treeUnflatten(flat.tree, tangents) as Parameters<F>);
        const [pl, ptree] = flattenResult(op, p);
        const [tl, ttree] = flattenResult(op, t);
        sameStructure(op, "the rule's tangent output", ttree, ptree);
        out.tree = ptree;
        return [pl, tl.map((x, i) => (x.dtype === pl[i].dtype ? x : x.astype(pl[i].dtype)))];
      },
    };
    const outs = bindCustom(call, flat.tensors);
    return treeUnflatten(out.tree!, outs);
  };
  const h = g as unknown as CustomJvpFn<F>;
  h.defjvp = (r) => {
    rule = r;
    return h;
  };
  return h;
}

/** A function with a custom VJP rule. */
export type CustomVjpFn<F extends AnyFn> = F & {
  /**
   * Sets the rule: `fwd(...args)` returns `[out, residuals]`; `bwd(residuals, ct)` returns
   * one cotangent per argument (an array).
   */
  defvjp(fwd: (...args: Parameters<F>) => readonly [unknown, unknown], bwd: (residuals: never, ct: never) => readonly unknown[]): CustomVjpFn<F>;
};

/**
 * Gives `f` a hand-written reverse-mode rule (forward mode is not available, as in JAX).
 * @example
 * // straight-through estimator: round forward, identity backward
 * const ste = customVjp((x: Tensor) => np.round(x));
 * ste.defvjp((x) => [np.round(x), null], (_res, ct) => [ct]);
 * grad((x: Tensor) => ste(x).sum())(np.array([0.3, 1.7])); // [1, 1]
 */
export function customVjp<F extends AnyFn>(f: F): CustomVjpFn<F> {
  const op = "customVjp";
  let rules: { fwd: (...args: Parameters<F>) => readonly [unknown, unknown]; bwd: (res: never, ct: never) => readonly unknown[] } | undefined;
  const g = (...args: unknown[]) => {
    const flat = flattenArgs(op, args);
    const out: { tree?: TreeDef } = {};
    const call: CustomCall = {
      name: op,
      fn: flatFunction(op, f, flat.tree, out),
      vjp: (primals) => {
        if (!rules) throw new TransformError("customVjp: the function is differentiated but has no rule; call f.defvjp(fwd, bwd) first.");
        const { fwd, bwd } = rules;
        const callArgs = treeUnflatten(flat.tree, primals) as Parameters<F>;
        const [value, residuals] = fwd(...callArgs);
        const [outs, tree] = flattenResult(op, value);
        out.tree = tree;
        return {
          outs,
          backward: (cts) => {
            const ct = treeUnflatten(tree, cts.map((c, i) => c ?? zerosLike(outs[i])));
            const result = bwd(residuals as never, ct as never);
            if (!Array.isArray(result) || result.length !== args.length) {
              throw new TransformError(
                `customVjp: bwd must return an array with one cotangent per argument (${args.length}), got ${Array.isArray(result) ? `${result.length} entries` : typeof result}.`,
              );
            }
            const [leaves, ctTree] = flattenResult(op, result);
            sameStructure(op, "bwd's result", ctTree, flat.tree);
            return leaves.map((l, i) => (l.dtype === primals[i].dtype ? l : l.astype(primals[i].dtype)));
          },
        };
      },
    };
    const outs = bindCustom(call, flat.tensors);
    return treeUnflatten(out.tree!, outs);
  };
  const h = g as unknown as CustomVjpFn<F>;
  h.defvjp = (fwd, bwd) => {
    rules = { fwd, bwd };
    return h;
  };
  return h;
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
