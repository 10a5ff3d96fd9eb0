/**
 * Jacobians for any input and output pytrees and shapes: `jacfwd` pushes a basis of
 * tangents through jvp under vmap; `jacrev` pulls a basis of cotangents through the VJP
 * under vmap; `hessian` is jacfwd of jacrev. The block for output leaf o and input leaf i
 * has shape `[...o.shape, ...i.shape]`; the result nests the input structure inside the
 * output structure, as JAX does.
 */
import { checkTraceable } from "../core/leaves";
import { scalarArray } from "../core/array";
import { showAval } from "../core/aval";
import { isComplex, isInexact } from "../core/dtype";
import { ArgumentError, TransformError } from "../core/errors";
import { type TreeDef, treeUnflatten } from "../core/pytree";
import type { Shape } from "../core/shape";
import { sizeOf } from "../core/shape";
import type { Tensor } from "../core/tensor";
import { bind1 } from "../core/trace";
import { convert, leadingRows, moveAxis, reshape, zerosLike } from "./ad-ops";
import { type FlatArgs, checkArgnums, flattenArgs, flattenResult, liftArrayLeaves, toNumberIfScalar } from "./args";
import { jvpFlat } from "./jvp-trace";
import { vjpFlat } from "./tape";
import type { AnyFn, Argnums, AsyncForm, GradsOf, LiftArgs, Transformed } from "./types";
import { vmapFlat } from "./vmap";

/**
 * The Jacobian's type: the output structure with, at each output leaf, the gradient
 * structure of the differentiated arguments. (A JS number input gives a number block only
 * where the block is 0-d; for a non-scalar output of scalar inputs the blocks are Tensors.)
 */
export type JacobianOf<R, G> = R extends Tensor | number
  ? G
  : R extends readonly unknown[]
    ? { -readonly [K in keyof R]: JacobianOf<R[K], G> }
    : R extends object
      ? { -readonly [K in keyof R]: JacobianOf<R[K], G> }
      : G;

/** A function transformed by jacfwd, jacrev or hessian. */
export type JacobianFn<P extends unknown[], R, N extends Argnums> = Transformed &
  (<A extends LiftArgs<P>>(...args: A) => JacobianOf<R, GradsOf<A, N>>) &
  AsyncForm<<A extends LiftArgs<P>>(...args: A) => Promise<JacobianOf<R, GradsOf<A, N>>>>;

/** Options of the Jacobian transforms. */
export interface JacobianOptions<N extends Argnums = 0> {
  /** Which positional argument(s) to differentiate with respect to. Default 0. */
  readonly argnums?: N;
  /** The function returns `[value, aux]`; aux is returned alongside. */
  readonly hasAux?: boolean;
  /** The function is holomorphic: complex inputs and outputs, and the Jacobian of f′ (JAX's option). */
  readonly holomorphic?: boolean;
}

/** Rows of the n×n identity for the leaves of `shapes`: leaf k gets an `[n, ...shape_k]` slab. */
function basis(shapes: readonly Shape[], dtypes: readonly Tensor["dtype"][], n: number): Tensor[] {
  let offset = 0;
  return shapes.map((shape, k) => {
    const size = sizeOf(shape);
    const rows = bind1("iota", [], { dtype: "int32", shape: [n, size], dimension: 0 });
    const cols = bind1("iota", [], { dtype: "int32", shape: [n, size], dimension: 1 });
    const eye = bind1("eq", [rows, bind1("add", [cols, scalarArray(offset, "int32")], {})], {});
    offset += size;
    return reshape(convert(eye, dtypes[k]), [n, ...shape]);
  });
}

interface Prepared {
  readonly nums: number[];
  readonly flats: FlatArgs[];
  readonly inputs: Tensor[];
  readonly call: (...xs: Tensor[]) => Tensor[];
  readonly outTree: () => TreeDef;
  readonly aux: () => unknown;
}

/**
 * Input dtypes as JAX asks: real floating ones, or complex ones with `holomorphic`; jacrev
 * also takes complex inputs of a real function (it pulls back real cotangents).
 */
function prepare(op: string, f: AnyFn, args: readonly unknown[], argnums: Argnums, hasAux: boolean, holomorphic: boolean): Prepared {
  const nums = checkArgnums(op, argnums, args.length);
  const flats = nums.map((n) => flattenArgs(op, args[n]));
  flats.forEach((fl, k) =>
    fl.tensors.forEach((t, i) => {
      const where = `${op}: argument ${nums[k]}${fl.paths[i]} is ${showAval(t.aval)}`;
      if (holomorphic && !isComplex(t.dtype)) throw new TransformError(`${where}; with holomorphic: true every input must be complex (astype("complex128")).`);
      if (!holomorphic && isComplex(t.dtype) && op === "jacfwd") {
        throw new TransformError(`${where}; jacfwd needs real inputs. Pass { holomorphic: true } for a holomorphic function, or use jacrev.`);
      }
      if (!isInexact(t.dtype)) throw new TransformError(`${where}; only floating and complex inputs can be differentiated.`);
    }),
  );
  const counts = flats.map((fl) => fl.tensors.length);
  let outTree: TreeDef | undefined;
  let aux: unknown;
  const call = (...xs: Tensor[]) => {
    const full = args.map((a, i) => (nums.includes(i) ? a : liftArrayLeaves(a)));
    let offset = 0;
    nums.forEach((n, k) => {
      full[n] = treeUnflatten(flats[k].tree, xs.slice(offset, offset + counts[k]));
      offset += counts[k];
    });
    let result = (f as AnyFn)(...full);
    if (hasAux) {
      if (!Array.isArray(result) || result.length !== 2) throw new ArgumentError(`${op}: with hasAux the function must return [value, aux].`);
      [result, aux] = result;
    }
    const [leaves, tree] = flattenResult(op, result);
    outTree = tree;
    return leaves;
  };
  return { nums, flats, inputs: flats.flatMap((fl) => fl.tensors), call, outTree: () => outTree!, aux: () => aux };
}

/** Arranges blocks[o][i] into the output structure of (argument structures of) blocks. */
function assemble(p: Prepared, argnums: Argnums, blocks: Tensor[][]): unknown {
  const numbers = p.flats.every((fl) => fl.wasNumber.every(Boolean));
  const perOut = blocks.map((row) => {
    let offset = 0;
    const parts = p.flats.map((fl) => {
      const leaves = row.slice(offset, offset + fl.tensors.length).map((b) => (numbers ? toNumberIfScalar(b) : b));
      offset += fl.tensors.length;
      return treeUnflatten(fl.tree, leaves);
    });
    return typeof argnums === "number" ? parts[0] : parts;
  });
  return treeUnflatten(p.outTree(), perOut);
}

/**
 * The Jacobian by forward mode (efficient for few inputs, many outputs).
 * @example
 * jacfwd((x: Tensor) => np.sin(x))(np.array([0, 1]));   // diag(cos x), shape [2, 2]
 */
export function jacfwd<F extends AnyFn, const N extends Argnums = 0>(
  f: F,
  opts: JacobianOptions<N> = {},
): JacobianFn<Parameters<F>, ReturnType<F>, N> {
  checkTraceable("jacfwd", f);
  const op = "jacfwd";
  const argnums: Argnums = opts.argnums ?? 0;
  const fn = (...args: unknown[]) => {
    const p = prepare(op, f, args, argnums, opts.hasAux ?? false, opts.holomorphic ?? false);
    const shapes = p.inputs.map((t) => t.shape);
    const n = shapes.reduce((s, sh) => s + sizeOf(sh), 0);
    const tangents = basis(
      shapes,
      p.inputs.map((t) => t.dtype),
      n,
    );
    const cols = vmapFlat(
      (...ts) => {
        const [outs, touts] = jvpFlat(p.call, p.inputs, ts, op);
        return touts.map((t, i) => t ?? zerosLike(outs[i]));
      },
      tangents,
      tangents.map(() => 0),
      n,
      () => 0,
      op,
    );
    // cols[o] is [n, ...out_o]; the block for input i is rows offset_i .. offset_i + size_i.
    const blocks = cols.map((c) => {
      let offset = 0;
      const outShape = c.shape.slice(1);
      return shapes.map((shape) => {
        const size = sizeOf(shape);
        const rows = leadingRows(c, offset, size);
        offset += size;
        return reshape(moveAxis(rows, 0, rows.ndim - 1), [...outShape, ...shape]);
      });
    });
    const jac = assemble(p, argnums, blocks);
    return opts.hasAux ? [jac, p.aux()] : jac;
  };
  return fn as unknown as JacobianFn<Parameters<F>, ReturnType<F>, N>;
}

/**
 * The Jacobian by reverse mode (efficient for many inputs, few outputs).
 * @example
 * jacrev((x: Tensor) => np.sum(x.mul(x)))(np.array([1, 2])); // [2, 4]
 */
export function jacrev<F extends AnyFn, const N extends Argnums = 0>(
  f: F,
  opts: JacobianOptions<N> = {},
): JacobianFn<Parameters<F>, ReturnType<F>, N> {
  checkTraceable("jacrev", f);
  const op = "jacrev";
  const argnums: Argnums = opts.argnums ?? 0;
  const fn = (...args: unknown[]) => {
    const p = prepare(op, f, args, argnums, opts.hasAux ?? false, opts.holomorphic ?? false);
    const tape = vjpFlat(p.call, p.inputs, op);
    tape.outs.forEach((o) => {
      if (isComplex(o.dtype) && !opts.holomorphic) {
        throw new TransformError(`jacrev: the function returned ${showAval(o.aval)}; jacrev needs real outputs. Pass { holomorphic: true } for a holomorphic function.`);
      }
    });
    const outShapes = tape.outs.map((o) => o.shape);
    const m = outShapes.reduce((s, sh) => s + sizeOf(sh), 0);
    const cts = basis(
      outShapes,
      tape.outs.map((o) => o.dtype),
      m,
    );
    const rows = vmapFlat(
      (...c) => tape.pullback(c).map((g, i) => g ?? zerosLike(p.inputs[i])),
      cts,
      cts.map(() => 0),
      m,
      () => 0,
      op,
    );
    // rows[i] is [m, ...in_i]; the block for output o is rows offset_o .. offset_o + size_o.
    let offset = 0;
    const blocks = outShapes.map((outShape) => {
      const size = sizeOf(outShape);
      const row = rows.map((r) => {
        return reshape(leadingRows(r, offset, size), [...outShape, ...r.shape.slice(1)]);
      });
      offset += size;
      return row;
    });
    const jac = assemble(p, argnums, blocks);
    return opts.hasAux ? [jac, p.aux()] : jac;
  };
  return fn as unknown as JacobianFn<Parameters<F>, ReturnType<F>, N>;
}

/**
 * The Hessian: `jacfwd(jacrev(f))`.
 * @example
 * hessian((x: Tensor) => np.sum(x.pow(3)))(np.array([1, 2])); // diag(6x)
 */
export function hessian<F extends AnyFn, const N extends Argnums = 0>(
  f: F,
  opts: JacobianOptions<N> = {},
): JacobianFn<Parameters<F>, ReturnType<F>, N> {
  checkTraceable("hessian", f);
  return jacfwd(jacrev(f, opts), opts) as unknown as JacobianFn<Parameters<F>, ReturnType<F>, N>;
}
