/** Forward-mode API: `jvp` and `linearize`. */
import { checkTraceable } from "../core/leaves";
import { showAval } from "../core/aval";
import { isInexact } from "../core/dtype";
import { ArgumentError, PytreeError } from "../core/errors";
import { evalJaxpr } from "../core/interpreter";
import { type TreeDef, treeUnflatten } from "../core/pytree";
import { shapesEqual } from "../core/shape";
import { traceToJaxpr } from "../core/staging";
import type { Tensor } from "../core/tensor";
import { convert, zerosLike } from "./ad-ops";
import { type FlatArgs, allNumbers, flattenArgs, flattenResult, unflattenResults } from "./args";
import { type Tangent, jvpFlat } from "./jvp-trace";
import type { AnyFn, LiftArgs, Out } from "./types";

/** Matches tangent leaves to primal leaves: same structure and shapes; dtypes follow the primals. */
function tangentsFor(op: string, primals: FlatArgs, tangents: FlatArgs): Tangent[] {
  if (!primals.tree.equals(tangents.tree)) {
    throw new PytreeError(`${op}: the tangents have structure ${tangents.tree.show()}, but the primals have ${primals.tree.show()}.`);
  }
  return primals.tensors.map((p, i) => {
    const t = tangents.tensors[i];
    if (!shapesEqual(p.shape, t.shape)) {
      throw new ArgumentError(
        `${op}: the tangent at ${primals.paths[i] || "the top"} has shape ${showAval(t.aval)}, but its primal has ${showAval(p.aval)}; they must match.`,
      );
    }
    // Integer and boolean primals have no tangent space (JAX's float0): their tangents are zero.
    return isInexact(p.dtype) ? convert(t, p.dtype) : null;
  });
}

function flatCall(op: string, f: AnyFn, tree: TreeDef, outTree: { tree?: TreeDef }) {
  return (...xs: Tensor[]) => {
    const [leaves, t] = flattenResult(op, f(...(treeUnflatten(tree, xs) as unknown[])));
    outTree.tree = t;
    return leaves;
  };
}

/**
 * Forward-mode derivative: `[f(...primals), J·tangents]`. `primals` and `tangents` are
 * argument lists of the same structure.
 * @example
 * jvp((x: Tensor) => np.sin(x), [0.5], [1]); // [sin(0.5), cos(0.5)]
 */
export function jvp<F extends AnyFn, const A extends Readonly<LiftArgs<Parameters<F>>>>(
  f: F,
  primals: A,
  tangents: NoInfer<Readonly<LiftArgs<Parameters<F>>>>,
): [Out<ReturnType<F>, A>, Out<ReturnType<F>, A>] {
  checkTraceable("jvp", f);
  const op = "jvp";
  if (!Array.isArray(primals) || !Array.isArray(tangents)) {
    throw new ArgumentError("jvp: primals and tangents must be arrays with one entry per argument of f.");
  }
  const fp = flattenArgs(op, primals);
  const ft = flattenArgs(op, tangents);
  const ts = tangentsFor(op, fp, ft);
  const out: { tree?: TreeDef } = {};
  const [outs, touts] = jvpFlat(flatCall(op, f, fp.tree, out), fp.tensors, ts, op);
  const numbers = allNumbers([fp]);
  return [
    unflattenResults(out.tree!, outs, numbers) as Out<ReturnType<F>, A>,
    unflattenResults(
      out.tree!,
      touts.map((t, i) => t ?? zerosLike(outs[i])),
      numbers,
    ) as Out<ReturnType<F>, A>,
  ];
}

/**
 * Linearises `f` at `primals`: returns `[f(...primals), fJvp]` where `fJvp(...tangents)`
 * computes J·tangents. The primal computation runs once; `fJvp` evaluates only the linear
 * part (a jaxpr whose residuals are constants), like `jax.linearize`.
 * @example
 * const [y, fJvp] = linearize((x: Tensor) => np.sin(x).mul(x), 2);
 * fJvp(1); // d/dx (x sin x) at 2
 */
export function linearize<F extends AnyFn, A extends LiftArgs<Parameters<F>>>(
  f: F,
  ...primals: A
): [Out<ReturnType<F>, A>, (...tangents: LiftArgs<Parameters<F>>) => Out<ReturnType<F>, A>] {
  checkTraceable("linearize", f);
  const op = "linearize";
  const fp = flattenArgs(op, primals);
  const out: { tree?: TreeDef } = {};
  let primalOuts: Tensor[] = [];
  const fn = flatCall(op, f, fp.tree, out);
  const linear = traceToJaxpr(
    (...tangents) => {
      const [outs, touts] = jvpFlat(fn, fp.tensors, tangents, op);
      primalOuts = outs;
      return touts.map((t, i) => t ?? zerosLike(outs[i]));
    },
    fp.tensors.map((t) => t.aval),
    op,
    false,
  );
  const numbers = allNumbers([fp]);
  const fJvp = (...tangents: unknown[]) => {
    const ts = tangentsFor(op, fp, flattenArgs(op, tangents)).map((t, i) => t ?? zerosLike(fp.tensors[i]));
    return unflattenResults(out.tree!, evalJaxpr(linear.jaxpr, linear.consts, ts), numbers);
  };
  return [unflattenResults(out.tree!, primalOuts, numbers) as Out<ReturnType<F>, A>, fJvp as never];
}
