/**
 * vmap: vectorising a function over a batch axis. A batch tracer carries a value one
 * level down and the axis that holds the batch (null when the value is the same for all
 * members). Rules in `batching-rules.ts`.
 */
import { checkTraceable } from "../core/leaves";
import type { Aval } from "../core/aval";
import { makeAval } from "../core/aval";
import { ArgumentError, ShapeError } from "../core/errors";
import type { Prim, PrimParams } from "../core/primitives";
import { type TreeDef, treeFlatten, treeUnflatten } from "../core/pytree";
import { describeValue, showShape } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { type CustomCall, type MainTrace, Trace, Tracer, bind, bindCustom, withMainTrace } from "../core/trace";
import { broadcastInDim, moveAxis, zerosLike } from "./ad-ops";
import { flattenArgs, flattenResult } from "./args";
import { type BDim, batchRules, toFront } from "./batching-rules";
import type { AnyFn, LiftArgs, Transformed } from "./types";

export class BatchTracer extends Tracer {
  constructor(
    readonly trace: BatchTrace,
    readonly val: Tensor,
    readonly bdim: BDim,
  ) {
    super();
  }
  get aval(): Aval {
    const a = this.val.aval;
    return this.bdim === null ? a : makeAval(a.shape.filter((_, i) => i !== this.bdim), a.dtype);
  }
  override fullLower(): Tensor {
    return this.bdim === null ? this.val : this;
  }
}

export class BatchTrace extends Trace {
  constructor(
    main: MainTrace,
    readonly size: number,
  ) {
    super(main);
  }

  lift(value: Tensor): BatchTracer {
    return new BatchTracer(this, value, null);
  }

  processPrimitive<P extends Prim>(prim: P, tracers: readonly Tracer[], params: PrimParams[P]): Tensor[] {
    const ts = tracers as readonly BatchTracer[];
    const vals = ts.map((t) => t.val);
    const dims = ts.map((t) => t.bdim);
    if (dims.every((d) => d === null)) return bind(prim, vals, params);
    const [outs, outDims] = batchRules[prim](vals, dims, params, this.size);
    return outs.map((o, i) => new BatchTracer(this, o, outDims[i]));
  }

  /** Batches the function and each of its rules, and applies them one level down. */
  override processCustom(call: CustomCall, tracers: readonly Tracer[]): Tensor[] {
    const ts = tracers as readonly BatchTracer[];
    if (ts.every((t) => t.bdim === null)) return bindCustom(call, ts.map((t) => t.val));
    const size = this.size;
    const front = ts.map((t) => toFront(t.val, t.bdim, size));
    const batch = (fn: (...xs: Tensor[]) => readonly Tensor[], xs: readonly Tensor[]) =>
      vmapFlat(fn, xs, xs.map(() => 0), size, () => 0, call.name);
    const split = (xs: readonly Tensor[], n: number): [Tensor[], Tensor[]] => [xs.slice(0, n), xs.slice(n)];
    const { jvp, vjp } = call;
    const batched: CustomCall = {
      name: call.name,
      fn: (...xs) => batch(call.fn, xs),
      jvp:
        jvp &&
        ((ps, tans) => {
          const n = ps.length;
          const both = batch((...z) => {
            const [o, t] = jvp(...split(z, n));
            return [...o, ...t];
          }, [...ps, ...tans]);
          return split(both, both.length / 2);
        }),
      vjp:
        vjp &&
        ((ps) => {
          const outs = batch((...p) => [...vjp(p).outs], ps);
          return {
            outs,
            backward: (cts) => {
              const n = ps.length;
              const full = cts.map((c, i) => c ?? zerosLike(outs[i]));
              return batch((...z) => {
                const [p, c] = split(z, n);
                return vjp(p).backward(c).map((g, i) => g ?? zerosLike(p[i]));
              }, [...ps, ...full]);
            },
          };
        }),
    };
    return bindCustom(batched, front).map((o) => new BatchTracer(this, o, 0));
  }
}

/**
 * Runs `fn` on `args` batched along `inDims` (size `size`); returns each output with its
 * batch axis at `outDims[i]` (unbatched outputs are broadcast; null keeps them unbatched).
 */
export function vmapFlat(
  fn: (...xs: Tensor[]) => readonly Tensor[],
  args: readonly Tensor[],
  inDims: readonly BDim[],
  size: number,
  outDims: (i: number) => BDim,
  name = "vmap",
): Tensor[] {
  return withMainTrace(
    name,
    (main: MainTrace) => new BatchTrace(main, size),
    (main) => {
      const trace = main.trace as BatchTrace;
      const ins = args.map((a, i) => (inDims[i] === null ? a : new BatchTracer(trace, a, inDims[i])));
      const outs = fn(...ins);
      return outs.map((o, i) => {
        const [val, bdim] = o instanceof BatchTracer && o.trace === trace ? [o.val, o.bdim] : [o, null];
        const want = outDims(i);
        if (want === null) {
          if (bdim !== null) {
            throw new ArgumentError(
              `${name}: outAxes is null for output ${i}, but that output varies along the mapped axis ` +
                `(shape ${showShape(val.shape)}). Give it an axis in outAxes, or make it independent of the mapped inputs.`,
            );
          }
          return val;
        }
        const ndim = (bdim === null ? val.ndim : val.ndim - 1) + 1;
        const axis = want < 0 ? want + ndim : want;
        if (!(axis >= 0 && axis < ndim)) {
          throw new ArgumentError(`${name}: outAxes entry ${want} is out of range for output ${i} of rank ${ndim - 1}.`);
        }
        if (bdim === null) {
          const shape = [...val.shape];
          shape.splice(axis, 0, size);
          return broadcastInDim(
            val,
            shape,
            val.shape.map((_, k) => (k < axis ? k : k + 1)),
          );
        }
        return moveAxis(val, bdim, axis);
      });
    },
  );
}

/** Runs `fn` batched and returns its outputs with their natural batch axes (null = unbatched). */
export function vmapNatural(
  fn: (...xs: Tensor[]) => readonly Tensor[],
  args: readonly Tensor[],
  inDims: readonly BDim[],
  size: number,
  name = "vmap",
): [Tensor[], BDim[]] {
  return withMainTrace(
    name,
    (main: MainTrace) => new BatchTrace(main, size),
    (main) => {
      const trace = main.trace as BatchTrace;
      const outs = fn(...args.map((a, i) => (inDims[i] === null ? a : new BatchTracer(trace, a, inDims[i]))));
      const vals = outs.map((o) => (o instanceof BatchTracer && o.trace === trace ? o.val : o));
      const dims = outs.map((o) => (o instanceof BatchTracer && o.trace === trace ? o.bdim : null));
      return [vals, dims];
    },
  );
}

/** Axes spec: a number, null (not mapped), or a pytree prefix of the arguments. */
export type AxisSpec = number | null | readonly AxisSpec[] | { readonly [key: string]: AxisSpec };

/** Options of {@link vmap}. */
export interface VmapOptions {
  /** Which axis of each argument is mapped: a number, null, or a prefix of the argument list's pytree. Default 0. */
  readonly inAxes?: AxisSpec;
  /** Where the mapped axis goes in each output (prefix of the output pytree). Default 0. */
  readonly outAxes?: AxisSpec;
  /** The batch size, needed only when no input is mapped. */
  readonly axisSize?: number;
}

/** Expands a prefix spec to one entry per leaf of `value` (in flatten order). */
export function specPerLeaf(op: string, spec: AxisSpec, value: unknown, path: string): BDim[] {
  const [leaves] = treeFlatten(value);
  if (spec === null || typeof spec === "number") return leaves.map(() => spec);
  if (Array.isArray(spec)) {
    if (!Array.isArray(value) || value.length !== spec.length) {
      throw new ArgumentError(
        `${op}: the axes spec at ${path || "the top"} is an array of length ${spec.length}, but the value there is ` +
          `${Array.isArray(value) ? `an array of length ${value.length}` : "not an array"}. Axes specs must be a prefix of the arguments' structure.`,
      );
    }
    return spec.flatMap((s: AxisSpec, i: number) => specPerLeaf(op, s, value[i], `${path}[${i}]`));
  }
  if (typeof spec !== "object" || spec === undefined) {
    throw new ArgumentError(
      `${op}: the axes spec at ${path || "the top"} is ${describeValue(spec)}; an entry is an integer axis, null (not mapped), or an array/object of them mirroring the arguments${typeof spec === "string" && Number.isInteger(Number(spec)) ? ` — write ${Number(spec)}, not ${JSON.stringify(spec)}` : ""}.`,
    );
  }
  const obj = spec as { readonly [key: string]: AxisSpec };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ArgumentError(`${op}: the axes spec at ${path || "the top"} is an object, but the value there is not.`);
  }
  const keys = Object.keys(value).sort();
  const specKeys = Object.keys(obj).sort();
  if (keys.join("\u0000") !== specKeys.join("\u0000")) {
    throw new ArgumentError(
      `${op}: the axes spec at ${path || "the top"} has keys {${specKeys.join(", ")}} but the value has {${keys.join(", ")}}.`,
    );
  }
  return keys.flatMap((k) => specPerLeaf(op, obj[k], (value as Record<string, unknown>)[k], `${path}.${k}`));
}

/** Normalises per-leaf axes against each leaf's rank and finds the common batch size. */
export function checkAxes(op: string, tensors: readonly Tensor[], paths: readonly string[], axes: readonly BDim[], axisSize?: number): [BDim[], number] {
  if (axisSize !== undefined && !(Number.isSafeInteger(axisSize) && axisSize >= 0)) {
    throw new ArgumentError(`${op}: axisSize must be a non-negative integer (the number of batch members), got ${String(axisSize)}.`);
  }
  const dims: BDim[] = [];
  let size = axisSize;
  let sizeFrom = "";
  tensors.forEach((t, i) => {
    const a = axes[i];
    if (a === null) {
      dims.push(null);
      return;
    }
    const d = a < 0 ? a + t.ndim : a;
    if (!Number.isInteger(a) || d < 0 || d >= t.ndim) {
      throw new ArgumentError(
        `${op}: inAxes asks for axis ${a} of the argument at ${paths[i] || "the top"}, which has shape ${showShape(t.shape)}` +
          `${t.ndim === 0 ? " (a scalar has no axis to map over; use null for unmapped arguments)" : ""}.`,
      );
    }
    const n = t.shape[d];
    if (size === undefined) {
      size = n;
      sizeFrom = paths[i] || "the top";
    } else if (n !== size) {
      throw new ShapeError(
        `${op}: inconsistent sizes for the mapped axis: the argument at ${paths[i] || "the top"} has size ${n} on axis ${d}, ` +
          `${sizeFrom ? `the argument at ${sizeFrom} has size ${size}` : `axisSize is ${size}`}. All mapped axes must have the same length.`,
      );
    }
    dims.push(d);
  });
  if (size === undefined) {
    throw new ArgumentError(`${op}: no argument is mapped (every inAxes entry is null); pass { axisSize } to say how many copies to make.`);
  }
  return [dims, size];
}

/**
 * Vectorises `f` over a batch axis: `vmap(f)(xs)` computes `f` for each slice of `xs`
 * along `inAxes` and stacks the results along `outAxes`. Composes with every transform.
 * @example
 * const batchedGrad = vmap(grad(calcTime));
 * batchedGrad(np.array([[2, 17], [5, 5]]));        // a [2, 2] Tensor of gradients
 * vmap((x: Tensor, w: Tensor) => x.dot(w), { inAxes: [0, null] })(xs, w);
 */
export function vmap<F extends AnyFn & Transformed>(f: F, opts?: VmapOptions): F;
export function vmap<P extends unknown[], R>(f: (...args: P) => R, opts?: VmapOptions): Transformed & ((...args: LiftArgs<P>) => R);
export function vmap(f: AnyFn, opts: VmapOptions = {}): AnyFn {
  checkTraceable("vmap", f);
  const op = "vmap";
  const inAxes = opts.inAxes === undefined ? 0 : opts.inAxes;
  const outAxes = opts.outAxes === undefined ? 0 : opts.outAxes;
  const batched = (...args: unknown[]) => {
    const spec: AxisSpec = typeof inAxes === "number" || inAxes === null ? inAxes : inAxes;
    if (Array.isArray(spec) && spec.length !== args.length) {
      throw new ArgumentError(
        `${op}: inAxes has ${spec.length} entries but the function was called with ${args.length} argument(s); give one entry per argument.`,
      );
    }
    const flat = flattenArgs(op, args);
    const perLeaf = specPerLeaf(op, spec, args, "");
    const [dims, size] = checkAxes(op, flat.tensors, flat.paths, perLeaf, opts.axisSize);
    let outTree: TreeDef | undefined;
    let outSpec: BDim[] = [];
    const outs = vmapFlat(
      (...xs) => {
        const result = (f as AnyFn)(...(treeUnflatten(flat.tree, xs) as unknown[]));
        const [leaves, tree] = flattenResult(op, result);
        outTree = tree;
        outSpec = specPerLeaf(op, outAxes, treeUnflatten(tree, leaves), "");
        return leaves;
      },
      flat.tensors,
      dims,
      size,
      (i) => outSpec[i],
      op,
    );
    return treeUnflatten(outTree!, outs);
  };
  vmapped.set(batched, { f, inAxes, outAxes, axisSize: opts.axisSize });
  return batched;
}

/** What a function returned by `vmap` maps, for `jit` to compile it as a loop over examples. */
export interface VmapOf {
  readonly f: AnyFn;
  readonly inAxes: AxisSpec;
  readonly outAxes: AxisSpec;
  readonly axisSize: number | undefined;
}

const vmapped = new WeakMap<AnyFn, VmapOf>();

/** The function and axes behind `vmap(f, opts)`, or undefined for any other function. */
export function vmapOf(fn: AnyFn): VmapOf | undefined {
  return vmapped.get(fn);
}
