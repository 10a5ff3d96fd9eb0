/**
 * `jit(vmap(f))` as a loop over examples. Batching turns each operation into a loop over
 * the batch, so a descent of 20 steps on [N, 2] arrays sweeps N-element buffers 20 times
 * per operation. When one example's values are all small, it is faster to do the opposite:
 * run `f` on one example at a time, where scalarization keeps every value in a local. The
 * results are the same bit for bit, because every kernel fixes its per-element order
 * independently of the batch.
 */
import { JitgradError } from "../core/errors";
import type { Jaxpr } from "../core/ir";
import { type TracedFunction, traceFunction } from "../core/make-jaxpr";
import { subJaxprsOf } from "../core/subjaxpr";
import { treeUnflatten } from "../core/pytree";
import { sizeOf } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { scan } from "../lax/control-flow";
import { moveaxis } from "../numpy/shape-ops";
import { flattenArgs, flattenResult } from "../transforms/args";
import { type VmapOf, checkAxes, specPerLeaf, vmapOf } from "../transforms/vmap";
import { SMALL } from "./passes/scalarize";

/** The loop form does not apply (the batched form handles the case). */
class NoLoopForm extends Error {}

/** The loop form of `vmap(spec.f)`: a `scan` over the mapped axis calling `f` per example. */
function loopOverExamples({ f, inAxes, outAxes, axisSize }: VmapOf) {
  const op = "vmap";
  return (...args: unknown[]): unknown => {
    const flat = flattenArgs(op, args);
    const [dims, size] = checkAxes(op, flat.tensors, flat.paths, specPerLeaf(op, inAxes, args, ""), axisSize);
    const xs = flat.tensors.flatMap((t, i) => (dims[i] === null ? [] : [dims[i] === 0 ? t : moveaxis(t, dims[i]!, 0)]));
    let outTree: ReturnType<typeof flattenResult>[1] | undefined;
    let outDims: (number | null)[] = [];
    const [, ys] = scan(
      (_carry: [], x: Tensor[]) => {
        let k = 0;
        const leaves = flat.tensors.map((t, i) => (dims[i] === null ? t : x[k++]));
        const [outs, tree] = flattenResult(op, f(...(treeUnflatten(flat.tree, leaves) as unknown[])));
        outTree = tree;
        outDims = specPerLeaf(op, outAxes, treeUnflatten(tree, outs), "");
        // An unmapped output is the batched form's business (it checks the output is invariant).
        if (outDims.some((d) => d === null)) throw new NoLoopForm("jit: vmap output with outAxes null");
        return [[] as [], outs] as const;
      },
      [],
      xs,
      { length: size },
    );
    const stacked = ys.map((y, i) => {
      const want = outDims[i]!;
      const axis = want < 0 ? want + y.ndim : want;
      if (!(axis >= 0 && axis < y.ndim)) throw new NoLoopForm("jit: vmap outAxes out of range");
      return axis === 0 ? y : moveaxis(y, 0, axis);
    });
    return treeUnflatten(outTree!, stacked);
  };
}

/** Whether every value in `jaxpr` (sub-jaxprs included) is small enough to live in locals. */
function allSmall(jaxpr: Jaxpr): boolean {
  const small = (shape: readonly number[]) => sizeOf(shape) <= SMALL;
  return (
    [...jaxpr.constvars, ...jaxpr.invars].every((v) => small(v.aval.shape)) &&
    jaxpr.eqns.every(
      (e) => e.outs.every((v) => small(v.aval.shape)) && e.inputs.every((a) => small(a.aval.shape)) && subJaxprsOf(e).every((s) => allSmall(s.jaxpr)),
    )
  );
}

/** The loop pays when the traced program is the one scan over examples, each of them small. */
function loopPays(jaxpr: Jaxpr): boolean {
  const scans = jaxpr.eqns.filter((e) => e.prim === "scan");
  return scans.length === 1 && subJaxprsOf(scans[0]).every((s) => allSmall(s.jaxpr));
}

/**
 * Traces `f` for `jit`. A function made by `vmap` whose examples are small is traced as
 * a loop over examples; anything else (and any failure of that form, which the batched
 * form then reports properly) is traced as it is.
 */
export function traceForJit(f: (...args: never[]) => unknown, args: readonly unknown[], statics: ReadonlySet<number>): TracedFunction {
  const spec = vmapOf(f as (...a: unknown[]) => unknown);
  if (spec && statics.size === 0) {
    try {
      const looped = traceFunction("jit", loopOverExamples(spec), args, statics);
      if (loopPays(looped.jaxpr.jaxpr)) return looped;
    } catch (e) {
      // Fall through: tracing the batched form raises the user-facing error, if any. Only
      // typed errors and the loop form's own refusals do; anything else is a bug to see.
      if (!(e instanceof JitgradError || e instanceof NoLoopForm)) throw e;
    }
  }
  return traceFunction("jit", f, args, statics);
}
