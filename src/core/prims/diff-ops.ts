/**
 * The operations derivative definitions are written in. The families declare their
 * derivatives in `core/` against this interface; the transforms supply the
 * implementation (`transforms/ad-ops.ts`: each one binds its primitive, without NumPy
 * promotion, so a rule keeps the dtypes it is given).
 */
import type { Tensor } from "../tensor";
import type { BinaryPrim, ComparePrim } from "./binary";
import type { UnaryPrim } from "./unary";

export type DiffOps = { readonly [P in UnaryPrim]: (x: Tensor) => Tensor } & {
  readonly [P in BinaryPrim | ComparePrim]: (x: Tensor, y: Tensor) => Tensor;
} & {
  /** A 0-d constant of `like`'s dtype. */
  lit(like: Tensor, v: number): Tensor;
  /** `lit(like, 1)`. */
  one(like: Tensor): Tensor;
  /** `onTrue` where `pred`, else `onFalse`; 0-d operands broadcast. */
  select(pred: Tensor, onTrue: Tensor, onFalse: Tensor): Tensor;
  /** `x ** y` for a static integer `y`. */
  integerPow(x: Tensor, y: number): Tensor;
};
