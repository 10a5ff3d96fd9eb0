/** Reverse-mode API: `vjp`, `grad`, `valueAndGrad`. */
import { checkTraceable } from "../core/leaves";
import { ConcreteArray } from "../core/array";
import { showAval } from "../core/aval";
import { isComplex, isFloat, isInexact } from "../core/dtype";
import { ArgumentError, TransformError } from "../core/errors";
import { resultToTensor } from "../core/leaves";
import { type TreeDef, treeFlatten, treeFlattenWithPaths, treeUnflatten } from "../core/pytree";
import type { Tensor } from "../core/tensor";
import { fill, lit, zerosLike } from "./ad-ops";
import {
  type FlatArgs,
  allNumbers,
  checkArgnums,
  flattenArgs,
  flattenResult,
  liftArrayLeaves,
  toNumberIfScalar,
  unflattenMirroring,
  unflattenResults,
} from "./args";
import { type TapeResult, TapeTracer, vjpFlat } from "./tape";
import type { AnyFn, Argnums, AsyncForm, GradOf, GradsOf, LiftArgs, Out, Transformed } from "./types";
import type { Ct } from "./vjp-rules";

/** Options of {@link grad} and {@link valueAndGrad}. */
export interface GradOptions<N extends Argnums = 0, Aux extends boolean = false> {
  /** Which positional argument(s) to differentiate with respect to. Default 0. */
  readonly argnums?: N;
  /** The function returns `[value, aux]`; aux is returned alongside and not differentiated. */
  readonly hasAux?: Aux;
  /**
   * The function is holomorphic (complex in, complex scalar out): the gradient is f′(z).
   * Without it the output must be real; a complex input's gradient is then ∂f/∂x − i∂f/∂y, as in JAX.
   */
  readonly holomorphic?: boolean;
}

/** Values on the tape at the end of a transform are replaced by their primals (aux outputs). */
function stripTape(x: unknown): unknown {
  const [leaves, tree] = treeFlatten(x);
  return treeUnflatten(
    tree,
    leaves.map((l) => (l instanceof TapeTracer ? l.primal : l)),
  );
}

function splitAux(op: string, result: unknown): [unknown, unknown] {
  if (!Array.isArray(result) || result.length !== 2) {
    throw new ArgumentError(`${op}: with hasAux the function must return a pair [value, aux], got ${describeResult(result)}.`);
  }
  return [result[0], result[1]];
}

function describeResult(result: unknown): string {
  const [leaves, tree] = treeFlatten(result);
  return leaves.length === 1 && tree.isLeaf ? "a single value" : `a pytree ${tree.show()}`;
}

function requireFloat(op: string, flat: FlatArgs, argIndex: number): void {
  flat.tensors.forEach((t, i) => {
    if (!isInexact(t.dtype)) {
      throw new TransformError(
        `${op}: argument ${argIndex}${flat.paths[i]} has dtype ${t.dtype} (${showAval(t.aval)}); only floating and complex ` +
          `inputs can be differentiated. Convert it with astype("float64"), or choose other arguments with argnums.`,
      );
    }
  });
}

interface Differentiated {
  readonly flats: FlatArgs[];
  readonly tape: TapeResult;
  readonly outTree: TreeDef;
  readonly aux: unknown;
}

/** Runs `f` on the tape, differentiating with respect to the arguments `nums`. */
function differentiate(op: string, f: AnyFn, args: readonly unknown[], nums: readonly number[], hasAux: boolean): Differentiated {
  const flats = nums.map((n) => flattenArgs(op, args[n]));
  flats.forEach((fl, k) => requireFloat(op, fl, nums[k]));
  const counts = flats.map((fl) => fl.tensors.length);
  let outTree: TreeDef | undefined;
  let aux: unknown;
  const tape = vjpFlat(
    (...xs) => {
      const call = args.map((a, i) => (nums.includes(i) ? a : liftArrayLeaves(a)));
      let offset = 0;
      nums.forEach((n, k) => {
        call[n] = treeUnflatten(flats[k].tree, xs.slice(offset, offset + counts[k]));
        offset += counts[k];
      });
      let result = f(...call);
      if (hasAux) [result, aux] = splitAux(op, result);
      const [leaves, tree] = flattenResult(op, result);
      outTree = tree;
      return leaves;
    },
    flats.flatMap((fl) => fl.tensors),
    op,
  );
  return { flats, tape, outTree: outTree!, aux: hasAux ? stripTape(aux) : undefined };
}

/** The cotangents of the differentiated arguments, rebuilt in their structures. */
function collectGrads(d: Differentiated, cts: readonly Ct[]): unknown[] {
  const all = d.flats.flatMap((fl) => fl.tensors);
  const grads = cts.map((g, i) => g ?? zerosLike(all[i]));
  let offset = 0;
  return d.flats.map((fl) => {
    const part = grads.slice(offset, offset + fl.tensors.length);
    offset += fl.tensors.length;
    return unflattenMirroring(fl, part);
  });
}

/** Concrete 0-d leaves of a tree as JS numbers. */
function numbersOut(x: unknown): unknown {
  const [leaves, tree] = treeFlatten(x);
  return treeUnflatten(
    tree,
    leaves.map((l) => (l instanceof ConcreteArray ? toNumberIfScalar(l) : l)),
  );
}

function everyLeafNumber(args: readonly unknown[]): boolean {
  const [leaves] = treeFlatten(args);
  return leaves.length > 0 && leaves.every((l) => typeof l === "number");
}

/** With `holomorphic`, JAX asks for complex inputs (a real input has no complex derivative). */
function requireComplexInputs(op: string, d: Differentiated): void {
  for (const fl of d.flats) {
    fl.tensors.forEach((t, i) => {
      if (!isComplex(t.dtype)) {
        throw new TransformError(`${op}: with holomorphic: true every input must be complex, but ${fl.paths[i] || "the input"} is ${showAval(t.aval)}. Convert it with astype("complex128").`);
      }
    });
  }
}

function scalarOutput(op: string, d: Differentiated, holomorphic: boolean): Tensor {
  const outs = d.tape.outs;
  if (outs.length !== 1 || !d.outTree.isLeaf) {
    throw new TransformError(
      `${op}: the function must return a single scalar, but it returned ${d.outTree.show()} (${outs.length} leaves). ` +
        `Use jacrev for several outputs, or vjp with an explicit cotangent.`,
    );
  }
  const out = outs[0];
  if (out.ndim === 0 && isComplex(out.dtype) && !holomorphic) {
    throw new TransformError(
      `${op}: the function returned a complex scalar (${showAval(out.aval)}); differentiate a real one (np.abs, np.real), ` +
        `or pass { holomorphic: true } if the function is holomorphic.`,
    );
  }
  if (out.ndim !== 0 || !(isFloat(out.dtype) || (holomorphic && isComplex(out.dtype)))) {
    throw new TransformError(
      `${op}: the function must return a scalar (0-d) float, but it returned ${showAval(out.aval)}. ` +
        `${out.ndim !== 0 ? "Reduce it (e.g. np.sum) first, or use jacrev(f) for a Jacobian or vjp(f, …) with a cotangent." : "Only floating outputs can be differentiated."}`,
    );
  }
  return out;
}

function gradCore<N extends Argnums>(op: string, f: AnyFn, opts: GradOptions<N, boolean>, args: unknown[]) {
  const nums = checkArgnums(op, opts.argnums ?? 0, args.length);
  const d = differentiate(op, f, args, nums, opts.hasAux ?? false);
  const holomorphic = opts.holomorphic ?? false;
  if (holomorphic) requireComplexInputs(op, d);
  const out = scalarOutput(op, d, holomorphic);
  const grads = collectGrads(d, d.tape.pullback([fill(lit(out, 1), [])]));
  const g = typeof (opts.argnums ?? 0) === "number" ? grads[0] : grads;
  const numbers = everyLeafNumber(args);
  const value = numbers ? unflattenResults(d.outTree, [out], true) : out;
  const aux = numbers && opts.hasAux ? numbersOut(d.aux) : d.aux;
  return { g, value, aux };
}

/** A function transformed by `grad`. */
export type GradFn<P extends unknown[], R, N extends Argnums, Aux extends boolean> = Transformed &
  (<A extends LiftArgs<P>>(...args: A) => GradResult<A, R, N, Aux>) &
  AsyncForm<<A extends LiftArgs<P>>(...args: A) => Promise<GradResult<A, R, N, Aux>>>;

/**
 * What `grad(f)` returns for arguments `A`.
 * @example
 * type G = GradResult<[[number, number]], Tensor, 0, false>; // [number, number]
 */
export type GradResult<A extends unknown[], R, N extends Argnums, Aux extends boolean> = Aux extends true ? [GradsOf<A, N>, AuxOf<R, A>] : GradsOf<A, N>;

/** A function transformed by `valueAndGrad`. */
export type ValueAndGradFn<P extends unknown[], R, N extends Argnums, Aux extends boolean> = Transformed &
  (<A extends LiftArgs<P>>(...args: A) => ValueAndGradResult<A, R, N, Aux>) &
  AsyncForm<<A extends LiftArgs<P>>(...args: A) => Promise<ValueAndGradResult<A, R, N, Aux>>>;

/**
 * What `valueAndGrad(f)` returns for arguments `A`.
 * @example
 * type VG = ValueAndGradResult<[number], Tensor, 0, false>; // [number, number]
 */
export type ValueAndGradResult<A extends unknown[], R, N extends Argnums, Aux extends boolean> = Aux extends true
  ? [[Out<Tensor, A>, AuxOf<R, A>], GradsOf<A, N>]
  : [Out<Tensor, A>, GradsOf<A, N>];

/** The aux output of a `hasAux` function's result `R`, as returned for arguments `A`. */
export type AuxOf<R, A> = R extends readonly [unknown, infer X] ? Out<X, A> : unknown;

/**
 * The gradient of a scalar function: `grad(f)(x)` has the structure of `x`. JS numbers in
 * give JS numbers out.
 * @example
 * const dTime = grad(calcTime);
 * const [dx1, dx2] = dTime([2, 17]);       // [0.0590…, 2.6519…]
 * grad((x: Tensor, y: Tensor) => x.mul(y), { argnums: [0, 1] })(3, 4); // [4, 3]
 */
export function grad<F extends AnyFn, const N extends Argnums = 0, Aux extends boolean = false>(
  f: F,
  opts: GradOptions<N, Aux> = {},
): GradFn<Parameters<F>, ReturnType<F>, N, Aux> {
  checkTraceable("grad", f);
  const fn = (...args: unknown[]) => {
    const { g, aux } = gradCore("grad", f, opts, args);
    return opts.hasAux ? [g, aux] : g;
  };
  return fn as unknown as GradFn<Parameters<F>, ReturnType<F>, N, Aux>;
}

/**
 * The value and the gradient of a scalar function in one pass.
 * @example
 * const [t, [dx1, dx2]] = valueAndGrad(calcTime)([2, 17]); // t = 102.645…
 */
export function valueAndGrad<F extends AnyFn, const N extends Argnums = 0, Aux extends boolean = false>(
  f: F,
  opts: GradOptions<N, Aux> = {},
): ValueAndGradFn<Parameters<F>, ReturnType<F>, N, Aux> {
  checkTraceable("valueAndGrad", f);
  const fn = (...args: unknown[]) => {
    const { g, value, aux } = gradCore("valueAndGrad", f, opts, args);
    return opts.hasAux ? [[value, aux], g] : [value, g];
  };
  return fn as unknown as ValueAndGradFn<Parameters<F>, ReturnType<F>, N, Aux>;
}

/**
 * The pullback of `f` at `primals`: returns `[out, vjpFn]`, where `vjpFn(ct)` gives the
 * cotangent of each primal argument (a tuple, one per argument) for a cotangent `ct` of
 * the output's structure.
 * @example
 * const [y, pullback] = vjp((x: Tensor) => np.sin(x), 0.5);
 * const [dx] = pullback(1);                  // cos(0.5)
 */
export function vjp<F extends AnyFn, A extends LiftArgs<Parameters<F>>>(
  f: F,
  ...primals: A
): [Out<ReturnType<F>, A>, (ct: unknown) => { -readonly [K in keyof A]: GradOf<A[K]> }] {
  checkTraceable("vjp", f);
  const op = "vjp";
  const nums = primals.map((_, i) => i);
  const d = differentiate(op, f, primals, nums, false);
  const numbers = allNumbers(d.flats);
  const pullback = (ct: unknown) => {
    const [ctLeaves, ctTree, ctPaths] = treeFlattenWithPaths(ct);
    if (!ctTree.equals(d.outTree)) {
      throw new ArgumentError(`vjp: the cotangent has structure ${ctTree.show()}, but the output has ${d.outTree.show()}.`);
    }
    const cts = ctLeaves.map((l, i) => {
      const t = resultToTensor(op, l, ctPaths[i]);
      const o = d.tape.outs[i];
      if (t.ndim !== o.ndim || t.shape.some((s, k) => s !== o.shape[k])) {
        throw new ArgumentError(`vjp: the cotangent at ${ctPaths[i] || "the top"} has shape ${showAval(t.aval)}, the output ${showAval(o.aval)}.`);
      }
      return t.dtype === o.dtype ? t : resultToTensor(op, t.astype(o.dtype), ctPaths[i]);
    });
    return collectGrads(d, d.tape.pullback(cts));
  };
  return [unflattenResults(d.outTree, [...d.tape.outs], numbers) as Out<ReturnType<F>, A>, pullback as never];
}
