/**
 * The result of a fallible pure step (validation, shape checks): the error on the left,
 * the value on the right. The same shape as fp-ts's `Either` (`_tag`, `left`, `right`), so
 * fp-ts users can pass results to its functions; kept local because loading fp-ts's
 * modules cost about 30 ms of every import of jitgrad (measured in issue 19's note).
 * @example
 * const r = checkJaxpr(makeJaxpr(f)(x));
 * if (isLeft(r)) console.error(r.left.message);
 */
export interface Left<E> {
  readonly _tag: "Left";
  readonly left: E;
}

/** A successful result, holding the value. */
export interface Right<A> {
  readonly _tag: "Right";
  readonly right: A;
}

/** A failure (`Left`, the error) or a success (`Right`, the value). */
export type Either<E, A> = Left<E> | Right<A>;

export const left = <E, A = never>(e: E): Either<E, A> => ({ _tag: "Left", left: e });

export const right = <A, E = never>(a: A): Either<E, A> => ({ _tag: "Right", right: a });

export const isLeft = <E, A>(x: Either<E, A>): x is Left<E> => x._tag === "Left";

export const isRight = <E, A>(x: Either<E, A>): x is Right<A> => x._tag === "Right";

/** Applies `f` to a right value; a left passes through. */
export const map =
  <A, B>(f: (a: A) => B) =>
  <E>(x: Either<E, A>): Either<E, B> =>
    isLeft(x) ? x : right(f(x.right));
