/**
 * Types of transformed functions. A user writes `f(x: Tensor)`; the transformed function
 * also accepts JS numbers and typed arrays where `f` takes a Tensor (`Lift`), and returns
 * JS numbers where the input was numbers (`GradOf`, `Out`), so the seed's descent loop
 * type-checks without casts:
 *
 * ```ts
 * const dTime = jit(grad(calcTime));
 * const [dx1, dx2] = dTime([x1, x2]);   // number, number
 * ```
 */
import type { Tensor } from "../core/tensor";

/** Typed arrays accepted as array leaves. */
export type TypedArrayLeaf = Float64Array | Float32Array | Int32Array | Uint8Array;

/**
 * No value has this type. Where a function takes a Tensor and is given a JS array,
 * TypeScript explains the error against the union member most like the argument, so
 * this one makes it say what to do: a JS array is a pytree of separate leaves (as in
 * JAX), `np.array([...])` is one Tensor.
 * @example
 * grad((x: Tensor) => np.sum(np.square(x)))(np.array([2, 17])); // not ([2, 17])
 */
export type ArrayForTensorParameter = readonly number[] & {
  readonly "a JS array is a pytree of separate numbers, not one Tensor: pass np.array([...]), or declare the parameter (x: Tensor | Tensor[])": never;
};

/** What a caller may pass where the function expects `T` (Tensor leaves may be numbers or typed arrays). */
export type Lift<T> = T extends Tensor
  ? Tensor | number | boolean | TypedArrayLeaf | ArrayForTensorParameter
  : T extends number | boolean | string | bigint | symbol | null | undefined | TypedArrayLeaf | AnyFn
    ? T
    : T extends readonly unknown[]
    ? { readonly [K in keyof T]: Lift<T[K]> }
    : T extends object
      ? { readonly [K in keyof T]: Lift<T[K]> }
      : T;

/**
 * The traced form of a value: its number, boolean and typed-array leaves become Tensors.
 * A loop's body receives its carry so, and the loop returns it so, whatever JS values
 * the initial carry was written with (`foriLoop(0, 3, (i, c) => c.add(1), 0)` is a Tensor).
 */
export type Tensorize<T> = T extends Tensor | number | boolean | TypedArrayLeaf
  ? Tensor
  : T extends string | null | undefined | AnyFn
    ? T
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Tensorize<T[K]> }
      : T extends object
        ? { -readonly [K in keyof T]: Tensorize<T[K]> }
        : T;

/** `Lift` over a parameter list. */
export type LiftArgs<P extends readonly unknown[]> = { [K in keyof P]: Lift<P[K]> };

/** The gradient of an argument of type `A`: numbers for number leaves, Tensors otherwise. */
export type GradOf<A> = A extends ArrayForTensorParameter
  ? never
  : A extends number
  ? number
  : A extends Tensor | TypedArrayLeaf
    ? Tensor
    : A extends boolean | string | null | undefined | AnyFn
      ? A
    : A extends readonly unknown[]
      ? { -readonly [K in keyof A]: GradOf<A[K]> }
      : A extends object
        ? { -readonly [K in keyof A]: GradOf<A[K]> }
        : A;

/**
 * The leaf types of a pytree type. The depth counter bounds the recursion: TypeScript may
 * instantiate this with a type still being inferred, where unbounded recursion never ends.
 */
export type LeafTypes<T, Depth extends unknown[] = []> = Depth["length"] extends 8
  ? unknown
  : T extends Tensor | TypedArrayLeaf | number | boolean
    ? T
    : T extends readonly (infer E)[]
      ? LeafTypes<E, [...Depth, 0]>
      : T extends object
        ? LeafTypes<T[keyof T], [...Depth, 0]>
        : T;

/** True when every leaf of the arguments is a JS number ("numbers in"). */
export type AllNumbers<A> = [LeafTypes<A>] extends [never] ? false : [LeafTypes<A>] extends [number] ? true : false;

/** Tensor leaves of `R` as JS numbers. */
export type Numberify<R> = R extends Tensor
  ? number
  : R extends number | boolean | string | null | undefined | TypedArrayLeaf | AnyFn
    ? R
    : R extends readonly unknown[]
    ? { -readonly [K in keyof R]: Numberify<R[K]> }
    : R extends object
      ? { -readonly [K in keyof R]: Numberify<R[K]> }
      : R;

/** A result `R` as returned to a caller who passed `A`: numbers out for numbers in. */
export type Out<R, A> = AllNumbers<A> extends true ? Numberify<R> : R;

/** The argument numbers a transform differentiates. */
export type Argnums = number | readonly number[];

/** Gradients of the arguments selected by `N`. */
export type GradsOf<A extends readonly unknown[], N> = N extends number
  ? GradOf<A[N]>
  : N extends readonly number[]
    ? { -readonly [K in keyof N]: GradOf<A[N[K] & number]> }
    : never;

/** Any function: what a transform accepts before it knows the signature. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFn = (...args: any[]) => any;

declare const transformedBrand: unique symbol;

/**
 * A phantom mark on functions returned by transforms. Their call signatures are already
 * lifted (numbers accepted, numbers returned), so outer transforms keep them as they are
 * instead of lifting again; `jit(grad(f))` has exactly `grad(f)`'s type.
 */
export interface Transformed {
  readonly [transformedBrand]: true;
}

declare const asyncFormBrand: unique symbol;

/**
 * A phantom record, on a transformed function whose call is generic over its arguments, of
 * the same call returning a promise: what `jit(f).async` has (TypeScript cannot turn a
 * generic signature's result into a promise by itself).
 * @example
 * const p = jit(grad(calcTime)).async([2, 17]); // Promise<[number, number]>, read from grad's AsyncForm
 */
export interface AsyncForm<C> {
  readonly [asyncFormBrand]: C;
}

/**
 * The call of `F` returning a promise: from its `AsyncForm` where it has one, else from its (non-generic) signature.
 * @example
 * type A = AsyncOf<typeof dTime>; // dTime = jit(grad(calcTime)): ([number, number]) => Promise<[number, number]>
 */
export type AsyncOf<F extends AnyFn> = F extends AsyncForm<infer C> ? C : (...args: Parameters<F>) => Promise<Awaited<ReturnType<F>>>;

/** A plain function lifted to accept numbers and typed arrays for its Tensor parameters. */
export type Lifted<P extends unknown[], R> = Transformed &
  (<A extends LiftArgs<P>>(...args: A) => Out<R, A>) &
  AsyncForm<<A extends LiftArgs<P>>(...args: A) => Promise<Out<R, A>>>;
