/**
 * Abstract evaluation: the output avals of each primitive from its input avals and params.
 * Pure and total: a bad combination is a `Left` with a typed error naming the primitive
 * and the shapes. Used by tracing, by the eager kernels (for allocation) and by IR
 * validation, so shapes have one source of truth.
 */
import * as E from "./either";
import { type Aval, makeAval, showAval } from "./aval";
import { type DType, isComplex, isFloat, isInexact, realDType } from "./dtype";
import { complexRules } from "./complex-expansion";
import { COMPLEX_PRIMS, complexPrims } from "./prims/complex";
import { ArgumentError, DTypeError, JitgradError, ShapeError } from "./errors";
import { type ArgReducePrim, type Prim, type PrimParams } from "./primitives";
import { BINARY_PRIMS, COMPARE_PRIMS, type BinaryPrim, type ComparePrim, binaryPrims } from "./prims/binary";
import { accepts, acceptedText, rowsFor } from "./prims/family";
import { REDUCE_PRIMS, type ReducePrim, reducePrims } from "./prims/reduce";
import { SCATTER_PRIMS, type ScatterPrim, scatterPrims } from "./prims/scatter";
import { CUMULATIVE_PRIMS, type CumulativePrim, cumulativePrims } from "./prims/cumulative";
import { UNARY_PRIMS, type UnaryPrim, unaryPrims } from "./prims/unary";
import { linalgPrims } from "./prims/linalg";
import { windowPrims } from "./prims/window";
import { gatherShape, scatterCheck } from "./gather-dims";
import { convShape } from "./conv-dims";
import { type Shape, showShape, sizeOf } from "./shape";

export type AbstractEvalRule<P extends Prim> = (
  avals: readonly Aval[],
  params: PrimParams[P],
) => E.Either<JitgradError, readonly Aval[]>;

type Result = E.Either<JitgradError, readonly Aval[]>;

const ok = (...avals: Aval[]): Result => E.right(avals);
const shapeErr = (msg: string): Result => E.left(new ShapeError(msg));
const dtypeErr = (msg: string): Result => E.left(new DTypeError(msg));
const argErr = (msg: string): Result => E.left(new ArgumentError(msg));

function arity(prim: string, avals: readonly Aval[], n: number): Result | undefined {
  return avals.length === n ? undefined : argErr(`${prim}: expected ${n} operand(s), got ${avals.length}.`);
}

const list = (avals: readonly Aval[]) => avals.map(showAval).join(", ");

function unary(prim: UnaryPrim): AbstractEvalRule<UnaryPrim> {
  const def = unaryPrims[prim];
  return (avals) => {
    const bad = arity(prim, avals, 1);
    if (bad) return bad;
    const [x] = avals;
    return accepts(def, x.dtype) ? ok(x) : dtypeErr(`${prim}: expected ${acceptedText(def)}, got ${showAval(x)}.`);
  };
}

/** Elementwise binary: equal shapes, or one operand 0-d; equal dtypes. */
function binaryShape(prim: string, avals: readonly Aval[]): E.Either<JitgradError, Shape> {
  if (avals.length !== 2) return E.left(new ArgumentError(`${prim}: expected 2 operands, got ${avals.length}.`));
  const [a, b] = avals;
  if (a.dtype !== b.dtype) {
    return E.left(
      new DTypeError(`${prim}: operands must have the same dtype, got ${list(avals)}. Convert one with astype.`),
    );
  }
  if (a.shape.length === 0) return E.right(b.shape);
  if (b.shape.length === 0) return E.right(a.shape);
  if (a.shape.length === b.shape.length && a.shape.every((d, i) => d === b.shape[i])) return E.right(a.shape);
  return E.left(
    new ShapeError(
      `${prim}: operand shapes ${showShape(a.shape)} and ${showShape(b.shape)} differ; the primitive needs equal ` +
        `shapes or a 0-d operand. np.* functions broadcast for you.`,
    ),
  );
}

// Hot path (every primitive application): plain checks rather than Either combinators.
function binary(prim: BinaryPrim): AbstractEvalRule<BinaryPrim> {
  const def = binaryPrims[prim];
  return (avals) => {
    const shape = binaryShape(prim, avals);
    if (E.isLeft(shape)) return shape;
    if (!accepts(def, avals[0].dtype)) return dtypeErr(`${prim}: expected ${acceptedText(def)}, got ${list(avals)}.`);
    // Same dtype on both sides: the output aval is whichever operand has the output's shape.
    return ok(shape.right === avals[0].shape ? avals[0] : avals[1]);
  };
}

function compare(prim: ComparePrim): AbstractEvalRule<ComparePrim> {
  return (avals) => {
    const shape = binaryShape(prim, avals);
    return E.isLeft(shape) ? shape : ok(makeAval(shape.right, "bool"));
  };
}

function checkAxes(prim: string, axes: readonly number[], ndim: number): string | undefined {
  const seen = new Set<number>();
  for (const a of axes) {
    if (!Number.isInteger(a) || a < 0 || a >= ndim || seen.has(a)) {
      return `${prim}: axes ${showShape(axes)} are not distinct axes of a rank-${ndim} operand.`;
    }
    seen.add(a);
  }
  return undefined;
}

function reduce(prim: ReducePrim): AbstractEvalRule<ReducePrim> {
  const def = binaryPrims[reducePrims[prim].combine];
  return (avals, { axes }) => {
    const bad = arity(prim, avals, 1);
    if (bad) return bad;
    const [x] = avals;
    if (!accepts(def, x.dtype)) return dtypeErr(`${prim}: expected ${acceptedText(def)}, got ${showAval(x)}.`);
    const msg = checkAxes(prim, axes, x.shape.length);
    if (msg) return argErr(msg);
    return ok(makeAval(x.shape.filter((_, i) => !axes.includes(i)), x.dtype));
  };
}

function argReduce(prim: ArgReducePrim): AbstractEvalRule<ArgReducePrim> {
  return (avals, { axes, index_dtype }) => {
    const bad = arity(prim, avals, 1);
    if (bad) return bad;
    const [x] = avals;
    if (axes.length !== 1) return argErr(`${prim}: exactly one axis is reduced, got ${showShape(axes)}.`);
    const msg = checkAxes(prim, axes, x.shape.length);
    if (msg) return argErr(msg);
    if (x.shape[axes[0]] === 0) return shapeErr(`${prim}: cannot take the ${prim} of an empty axis (${showAval(x)}).`);
    return ok(makeAval(x.shape.filter((_, i) => i !== axes[0]), index_dtype));
  };
}

function cumulative(prim: CumulativePrim): AbstractEvalRule<CumulativePrim> {
  const def = binaryPrims[reducePrims[cumulativePrims[prim].reduction].combine];
  return (avals, { axis }) => {
    const bad = arity(prim, avals, 1);
    if (bad) return bad;
    const [x] = avals;
    if (!Number.isInteger(axis) || axis < 0 || axis >= x.shape.length) return argErr(`${prim}: axis ${axis} is out of range for ${showAval(x)}.`);
    return accepts(def, x.dtype) ? ok(x) : dtypeErr(`${prim}: expected ${acceptedText(def)}, got ${showAval(x)}.`);
  };
}

function scatter(prim: ScatterPrim): AbstractEvalRule<ScatterPrim> {
  const { combine } = scatterPrims[prim];
  return (avals, { dimension_numbers }) => {
    const bad = arity(prim, avals, 3);
    if (bad) return bad;
    const [x, idx, u] = avals;
    if (idx.dtype !== "int32") return dtypeErr(`${prim}: indices must be int32, got ${showAval(idx)}.`);
    if (u.dtype !== x.dtype) return dtypeErr(`${prim}: updates ${showAval(u)} must have the operand's dtype ${x.dtype}.`);
    if (combine !== "set" && !accepts(binaryPrims[combine], x.dtype)) {
      return dtypeErr(`${prim}: expected ${acceptedText(binaryPrims[combine])}, got ${showAval(x)}.`);
    }
    const checked = scatterCheck(x.shape, idx.shape, u.shape, dimension_numbers);
    return E.isLeft(checked) ? checked : ok(x);
  };
}

function isPermutation(p: readonly number[], n: number): boolean {
  return p.length === n && [...p].sort((a, b) => a - b).every((v, i) => v === i);
}

function isIndex(a: Aval): boolean {
  return a.shape.length === 0 && a.dtype === "int32";
}

/** The complete table. */
export const abstractEvalRules: { readonly [P in Prim]: AbstractEvalRule<P> } = {
  ...rowsFor(UNARY_PRIMS, unary),
  ...rowsFor(BINARY_PRIMS, binary),
  ...rowsFor(COMPARE_PRIMS, compare),
  ...rowsFor(REDUCE_PRIMS, reduce),
  ...rowsFor(SCATTER_PRIMS, scatter),
  ...linalgPrims.abstractEval,
  ...windowPrims.abstractEval,
  ...complexPrims.abstractEval,
  conv_general_dilated: (avals, params) => {
    const bad = arity("conv_general_dilated", avals, 2);
    if (bad) return bad;
    const [l, r] = avals;
    if (l.dtype !== r.dtype) return dtypeErr(`conv_general_dilated: lhs and rhs must have the same dtype, got ${list(avals)}.`);
    if (l.dtype === "bool") return dtypeErr(`conv_general_dilated: expected numeric operands, got ${list(avals)}.`);
    const shape = convShape(l.shape, r.shape, params);
    return E.isLeft(shape) ? shape : ok(makeAval(shape.right, l.dtype));
  },
  gather: (avals, { dimension_numbers, slice_sizes }) => {
    const bad = arity("gather", avals, 2);
    if (bad) return bad;
    const [x, idx] = avals;
    if (idx.dtype !== "int32") return dtypeErr(`gather: indices must be int32, got ${showAval(idx)}.`);
    const shape = gatherShape(x.shape, idx.shape, dimension_numbers, slice_sizes);
    return E.isLeft(shape) ? shape : ok(makeAval(shape.right, x.dtype));
  },
  round: (avals) => {
    const bad = arity("round", avals, 1);
    if (bad) return bad;
    return isFloat(avals[0].dtype) ? ok(avals[0]) : dtypeErr(`round: expected a floating dtype (float32 or float64), got ${showAval(avals[0])}.`);
  },
  is_finite: (avals) => {
    const bad = arity("is_finite", avals, 1);
    if (bad) return bad;
    return isFloat(avals[0].dtype)
      ? ok(makeAval(avals[0].shape, "bool"))
      : dtypeErr(`is_finite: expected a floating dtype, got ${showAval(avals[0])}.`);
  },
  integer_pow: (avals, { y }) => {
    if (!Number.isInteger(y)) return argErr(`integer_pow: exponent ${y} is not an integer.`);
    const bad = arity("integer_pow", avals, 1);
    if (bad) return bad;
    if (avals[0].dtype === "bool") return dtypeErr(`integer_pow: expected a numeric dtype, got ${showAval(avals[0])}.`);
    if (avals[0].dtype === "int32" && y < 0) return argErr("integer_pow: a negative power of an int32 operand is not an integer.");
    return ok(avals[0]);
  },
  convert_element_type: (avals, { new_dtype }) => {
    const bad = arity("convert_element_type", avals, 1);
    return bad ?? ok(makeAval(avals[0].shape, new_dtype));
  },
  select_n: (avals) => {
    if (avals.length < 2) return argErr(`select_n: expected a selector and at least one case, got ${avals.length} operand(s).`);
    const [which, ...cases] = avals;
    if (which.dtype !== "bool" && which.dtype !== "int32") {
      return dtypeErr(`select_n: the selector must be bool or int32, got ${showAval(which)}.`);
    }
    if (which.dtype === "bool" && cases.length > 2) return argErr("select_n: a bool selector picks between exactly 2 cases.");
    const c0 = cases[0];
    for (const c of cases) {
      if (c.dtype !== c0.dtype || c.shape.length !== c0.shape.length || c.shape.some((d, i) => d !== c0.shape[i])) {
        return shapeErr(`select_n: all cases must have the same shape and dtype, got ${list(cases)}.`);
      }
    }
    if (which.shape.length !== 0 && (which.shape.length !== c0.shape.length || which.shape.some((d, i) => d !== c0.shape[i]))) {
      return shapeErr(`select_n: the selector ${showAval(which)} must be 0-d or match the cases' shape ${showShape(c0.shape)}.`);
    }
    return ok(c0);
  },
  argmax: argReduce("argmax"),
  argmin: argReduce("argmin"),
  ...rowsFor(CUMULATIVE_PRIMS, cumulative),
  broadcast_in_dim: (avals, { shape, broadcast_dimensions: dims }) => {
    const bad = arity("broadcast_in_dim", avals, 1);
    if (bad) return bad;
    const [x] = avals;
    if (dims.length !== x.shape.length) {
      return argErr(`broadcast_in_dim: ${showAval(x)} needs ${x.shape.length} broadcast_dimensions, got ${showShape(dims)}.`);
    }
    for (let i = 0; i < dims.length; i++) {
      const d = dims[i];
      if (!(d >= 0 && d < shape.length) || (i > 0 && d <= dims[i - 1])) {
        return argErr(`broadcast_in_dim: broadcast_dimensions ${showShape(dims)} must be increasing axes of ${showShape(shape)}.`);
      }
      if (x.shape[i] !== 1 && x.shape[i] !== shape[d]) {
        return shapeErr(`broadcast_in_dim: cannot broadcast ${showAval(x)} to ${showShape(shape)} (axis ${i} has size ${x.shape[i]}).`);
      }
    }
    return ok(makeAval(shape, x.dtype));
  },
  reshape: (avals, { new_sizes }) => {
    const bad = arity("reshape", avals, 1);
    if (bad) return bad;
    const [x] = avals;
    if (sizeOf(new_sizes) !== sizeOf(x.shape) || new_sizes.some((d) => !Number.isInteger(d) || d < 0)) {
      return shapeErr(`reshape: cannot reshape ${showAval(x)} (size ${sizeOf(x.shape)}) to ${showShape(new_sizes)}.`);
    }
    return ok(makeAval(new_sizes, x.dtype));
  },
  transpose: (avals, { permutation }) => {
    const bad = arity("transpose", avals, 1);
    if (bad) return bad;
    const [x] = avals;
    if (!isPermutation(permutation, x.shape.length)) {
      return argErr(`transpose: ${showShape(permutation)} is not a permutation of the ${x.shape.length} axes of ${showAval(x)}.`);
    }
    return ok(makeAval(permutation.map((p) => x.shape[p]), x.dtype));
  },
  squeeze: (avals, { dimensions }) => {
    const bad = arity("squeeze", avals, 1);
    if (bad) return bad;
    const [x] = avals;
    const msg = checkAxes("squeeze", dimensions, x.shape.length);
    if (msg) return argErr(msg);
    for (const d of dimensions) {
      if (x.shape[d] !== 1) return shapeErr(`squeeze: axis ${d} of ${showAval(x)} has size ${x.shape[d]}, not 1.`);
    }
    return ok(makeAval(x.shape.filter((_, i) => !dimensions.includes(i)), x.dtype));
  },
  slice: (avals, { start_indices: start, limit_indices: limit, strides }) => {
    const bad = arity("slice", avals, 1);
    if (bad) return bad;
    const [x] = avals;
    const n = x.shape.length;
    if (start.length !== n || limit.length !== n || (strides && strides.length !== n)) {
      return argErr(`slice: ${showAval(x)} needs ${n} start, limit and stride entries.`);
    }
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = strides ? strides[i] : 1;
      if (!(start[i] >= 0 && start[i] <= limit[i] && limit[i] <= x.shape[i] && s >= 1)) {
        return argErr(
          `slice: start ${showShape(start)}, limit ${showShape(limit)}, strides ${strides ? showShape(strides) : "None"} ` +
            `are out of range for ${showAval(x)}.`,
        );
      }
      out.push(Math.max(0, Math.ceil((limit[i] - start[i]) / s)));
    }
    return ok(makeAval(out, x.dtype));
  },
  pad: (avals, { padding_config: cfg }) => {
    const bad = arity("pad", avals, 2);
    if (bad) return bad;
    const [x, v] = avals;
    if (v.shape.length !== 0 || v.dtype !== x.dtype) {
      return dtypeErr(`pad: the padding value must be a 0-d ${x.dtype}, got ${showAval(v)}.`);
    }
    if (cfg.length !== x.shape.length) return argErr(`pad: ${showAval(x)} needs ${x.shape.length} padding entries.`);
    const out: number[] = [];
    for (let i = 0; i < cfg.length; i++) {
      const [lo, hi, interior] = cfg[i];
      const d = x.shape[i];
      const size = lo + hi + d + Math.max(0, d - 1) * interior;
      if (interior < 0 || size < 0) return argErr(`pad: padding ${JSON.stringify(cfg[i])} is invalid for axis ${i} of ${showAval(x)}.`);
      out.push(size);
    }
    return ok(makeAval(out, x.dtype));
  },
  concatenate: (avals, { dimension }) => {
    if (avals.length === 0) return argErr("concatenate: needs at least one operand.");
    const x0 = avals[0];
    if (!(dimension >= 0 && dimension < x0.shape.length)) {
      return argErr(`concatenate: dimension ${dimension} is out of range for ${showAval(x0)}.`);
    }
    let total = 0;
    for (const a of avals) {
      if (a.dtype !== x0.dtype) return dtypeErr(`concatenate: operands must share a dtype, got ${list(avals)}.`);
      if (a.shape.length !== x0.shape.length || a.shape.some((d, i) => i !== dimension && d !== x0.shape[i])) {
        return shapeErr(`concatenate: shapes ${list(avals)} differ outside axis ${dimension}.`);
      }
      total += a.shape[dimension];
    }
    return ok(makeAval(x0.shape.map((d, i) => (i === dimension ? total : d)), x0.dtype));
  },
  rev: (avals, { dimensions }) => {
    const bad = arity("rev", avals, 1);
    if (bad) return bad;
    const msg = checkAxes("rev", dimensions, avals[0].shape.length);
    return msg ? argErr(msg) : ok(avals[0]);
  },
  dynamic_slice: (avals, { slice_sizes }) => {
    const [x, ...idx] = avals;
    if (!x || idx.length !== x.shape.length || slice_sizes.length !== x.shape.length) {
      return argErr(`dynamic_slice: needs an operand and one start index per axis (${avals.length} operand(s) given).`);
    }
    if (!idx.every(isIndex)) return dtypeErr(`dynamic_slice: start indices must be 0-d int32, got ${list(idx)}.`);
    if (slice_sizes.some((s, i) => !(s >= 0 && s <= x.shape[i]))) {
      return argErr(`dynamic_slice: slice sizes ${showShape(slice_sizes)} do not fit in ${showAval(x)}.`);
    }
    return ok(makeAval(slice_sizes, x.dtype));
  },
  dynamic_update_slice: (avals) => {
    const [x, u, ...idx] = avals;
    if (!x || !u || idx.length !== x.shape.length) {
      return argErr(`dynamic_update_slice: needs an operand, an update and one start index per axis.`);
    }
    if (u.dtype !== x.dtype || u.shape.length !== x.shape.length || u.shape.some((d, i) => d > x.shape[i])) {
      return shapeErr(`dynamic_update_slice: update ${showAval(u)} does not fit in ${showAval(x)}.`);
    }
    if (!idx.every(isIndex)) return dtypeErr(`dynamic_update_slice: start indices must be 0-d int32, got ${list(idx)}.`);
    return ok(x);
  },
  iota: (avals, { dtype, shape, dimension }) => {
    if (avals.length !== 0) return argErr("iota: takes no operands.");
    if (!(dimension >= 0 && dimension < shape.length)) return argErr(`iota: dimension ${dimension} is out of range for ${showShape(shape)}.`);
    return dtype === "bool" ? dtypeErr("iota: bool is not a numeric dtype.") : ok(makeAval(shape, dtype));
  },
  random_bits: (avals, { shape, output }) => {
    const bad = arity("random_bits", avals, 3);
    if (bad) return bad;
    const [k0] = avals;
    if (avals.some((a) => a.dtype !== "int32")) return dtypeErr(`random_bits: key halves and counter start must be int32, got ${list(avals)}.`);
    if (avals.some((a) => a.shape.length !== k0.shape.length || a.shape.some((d, i) => d !== k0.shape[i]))) {
      return shapeErr(`random_bits: key halves and counter start must have one shape, got ${list(avals)}.`);
    }
    if (!shape.every((d) => Number.isInteger(d) && d >= 0)) return shapeErr(`random_bits: bad shape ${showShape(shape)}.`);
    if (sizeOf(shape) > 2 ** 32) return shapeErr(`random_bits: at most 2^32 values per key, asked for ${showShape(shape)}.`);
    const dtype = output === "f64" ? "float64" : output === "f32" ? "float32" : "int32";
    return ok(makeAval([...k0.shape, ...shape], dtype));
  },
  argsort: (avals, { axis }) => {
    const bad = arity("argsort", avals, 1);
    if (bad) return bad;
    const [x] = avals;
    if (!(Number.isInteger(axis) && axis >= 0 && axis < x.shape.length)) return argErr(`argsort: axis ${axis} is out of range for ${showAval(x)}.`);
    return ok(makeAval(x.shape, "int32"));
  },
  debug_callback: () => ok(),
  cond: (avals, params) => controlFlowRules.cond(avals, params),
  while: (avals, params) => controlFlowRules.while(avals, params),
  scan: (avals, params) => controlFlowRules.scan(avals, params),
  checkpoint: (avals, params) => controlFlowRules.checkpoint(avals, params),
  dot_general: (avals, { dimension_numbers: [[lc, rc], [lb, rb]], preferred_element_type }) => {
    const bad = arity("dot_general", avals, 2);
    if (bad) return bad;
    const [a, b] = avals;
    if (a.dtype !== b.dtype) return dtypeErr(`dot_general: operands must share a dtype, got ${list(avals)}.`);
    if (a.dtype === "bool") return dtypeErr("dot_general: bool operands are not supported; convert them first.");
    if (preferred_element_type !== null && preferred_element_type !== a.dtype) {
      return dtypeErr(`dot_general: preferred_element_type must be the operands' dtype ${a.dtype}; convert the operands instead.`);
    }
    if (lc.length !== rc.length || lb.length !== rb.length) {
      return argErr("dot_general: contracting and batch dimension lists must pair up.");
    }
    const ma = checkAxes("dot_general", [...lc, ...lb], a.shape.length);
    const mb = checkAxes("dot_general", [...rc, ...rb], b.shape.length);
    if (ma || mb) return argErr((ma ?? mb)!);
    for (let i = 0; i < lc.length; i++) {
      if (a.shape[lc[i]] !== b.shape[rc[i]]) {
        return shapeErr(
          `dot_general: contracting axis ${lc[i]} of ${showAval(a)} (size ${a.shape[lc[i]]}) does not match axis ${rc[i]} ` +
            `of ${showAval(b)} (size ${b.shape[rc[i]]}).`,
        );
      }
    }
    for (let i = 0; i < lb.length; i++) {
      if (a.shape[lb[i]] !== b.shape[rb[i]]) {
        return shapeErr(`dot_general: batch axes of ${showAval(a)} and ${showAval(b)} differ in size.`);
      }
    }
    const free = (s: Shape, used: readonly number[]) => s.filter((_, i) => !used.includes(i));
    const shape = [...lb.map((i) => a.shape[i]), ...free(a.shape, [...lc, ...lb]), ...free(b.shape, [...rc, ...rb])];
    return ok(makeAval(shape, preferred_element_type ?? a.dtype));
  },
};

/** Whether two aval lists agree, and if not, a description of the first difference. */
function avalListMismatch(a: readonly Aval[], b: readonly Aval[]): string | undefined {
  if (a.length !== b.length) return `${a.length} values vs ${b.length}`;
  for (let i = 0; i < a.length; i++) {
    if (a[i].dtype !== b[i].dtype || a[i].shape.length !== b[i].shape.length || a[i].shape.some((d, k) => d !== b[i].shape[k])) {
      return `value ${i} is ${showAval(a[i])} vs ${showAval(b[i])}`;
    }
  }
  return undefined;
}

const invarAvals = (j: { readonly invars: readonly { readonly aval: Aval }[] }) => j.invars.map((v) => v.aval);
const outAvals = (j: { readonly outs: readonly { readonly aval: Aval }[] }) => j.outs.map((v) => v.aval);

const controlFlowRules: { readonly [P in "cond" | "while" | "scan" | "checkpoint"]: AbstractEvalRule<P> } = {
  checkpoint: (avals, { jaxpr }) => {
    const m = avalListMismatch(invarAvals(jaxpr), avals);
    return m ? shapeErr(`checkpoint: the function takes other values than it is given (${m}).`) : ok(...outAvals(jaxpr));
  },
  cond: (avals, { branches }) => {
    const [index, ...ops] = avals;
    if (!index || index.shape.length !== 0 || (index.dtype !== "int32" && index.dtype !== "bool")) {
      return dtypeErr(`cond: the branch index must be a 0-d int32 or bool, got ${index ? showAval(index) : "nothing"}.`);
    }
    if (branches.length === 0) return argErr("cond: needs at least one branch.");
    for (let i = 0; i < branches.length; i++) {
      const m = avalListMismatch(invarAvals(branches[i]), ops);
      if (m) return shapeErr(`cond: branch ${i} takes other operands than it is given (${m}).`);
      const o = avalListMismatch(outAvals(branches[i]), outAvals(branches[0]));
      if (o) return shapeErr(`cond: branch ${i} returns other values than branch 0 (${o}).`);
    }
    return ok(...outAvals(branches[0]));
  },
  while: (avals, { cond_jaxpr, body_jaxpr, cond_nconsts, body_nconsts }) => {
    const carry = avals.slice(cond_nconsts + body_nconsts);
    const mc = avalListMismatch(invarAvals(cond_jaxpr), [...avals.slice(0, cond_nconsts), ...carry]);
    if (mc) return shapeErr(`while: the condition takes other values than it is given (${mc}).`);
    const cout = outAvals(cond_jaxpr);
    if (cout.length !== 1 || cout[0].dtype !== "bool" || cout[0].shape.length !== 0) {
      return shapeErr(`while: the condition must return one 0-d bool, got ${cout.map(showAval).join(", ") || "nothing"}.`);
    }
    const mb = avalListMismatch(invarAvals(body_jaxpr), [...avals.slice(cond_nconsts, cond_nconsts + body_nconsts), ...carry]);
    if (mb) return shapeErr(`while: the body takes other values than it is given (${mb}).`);
    const mo = avalListMismatch(outAvals(body_jaxpr), carry);
    if (mo) return shapeErr(`while: the body must return the carry unchanged in type (${mo}).`);
    return ok(...carry);
  },
  scan: (avals, { jaxpr, length, num_consts, num_carry }) => {
    if (!Number.isInteger(length) || length < 0) return argErr(`scan: length ${length} is not a non-negative integer.`);
    const consts = avals.slice(0, num_consts);
    const carry = avals.slice(num_consts, num_consts + num_carry);
    const xs = avals.slice(num_consts + num_carry);
    for (const x of xs) {
      if (x.shape.length === 0 || x.shape[0] !== length) {
        return shapeErr(`scan: every scanned input needs a leading axis of length ${length}, got ${showAval(x)}.`);
      }
    }
    const xSlices = xs.map((x) => makeAval(x.shape.slice(1), x.dtype));
    const mi = avalListMismatch(invarAvals(jaxpr), [...consts, ...carry, ...xSlices]);
    if (mi) return shapeErr(`scan: the body takes other values than it is given (${mi}).`);
    const outs = outAvals(jaxpr);
    const mo = avalListMismatch(outs.slice(0, num_carry), carry);
    if (mo) return shapeErr(`scan: the body must return the carry unchanged in type (${mo}).`);
    return ok(...carry, ...outs.slice(num_carry).map((y) => makeAval([length, ...y.shape], y.dtype)));
  },
};

/** Output avals of `prim`, or throws the typed error. */
export function abstractEval<P extends Prim>(prim: P, avals: readonly Aval[], params: PrimParams[P]): readonly Aval[] {
  let result: Result;
  try {
    result = checkEquation(prim, avals, params);
  } catch (e) {
    // makeAval refuses impossible shapes; say which primitive asked for one.
    if (e instanceof ShapeError && !e.message.startsWith(`${prim}:`)) throw new ShapeError(`${prim}: ${e.message}`);
    throw e;
  }
  if (E.isLeft(result)) throw result.left;
  return result.right;
}

/** The output avals or the error, through the complex expansions where operands are complex (validation uses it too). */
export function checkEquation<P extends Prim>(prim: P, avals: readonly Aval[], params: PrimParams[P]): Result {
  const complex = avals.find((a) => isComplex(a.dtype));
  if (complex && !NATIVELY_COMPLEX.has(prim)) return complexAbstractEval(prim, avals, params, complex.dtype);
  return (abstractEvalRules[prim] as AbstractEvalRule<P>)(avals, params);
}

/** Primitives whose own rules take complex operands: the complex ones, control flow and effects. */
const NATIVELY_COMPLEX: ReadonlySet<Prim> = new Set<Prim>([...COMPLEX_PRIMS, "cond", "while", "scan", "checkpoint", "debug_callback"]);

/**
 * A primitive on complex operands is checked as its real counterpart (the complex dtype
 * replaced by its component dtype, in the operands and in any dtype param), and its
 * outputs of the component dtype are complex again, unless its expansion says otherwise.
 */
function complexAbstractEval<P extends Prim>(prim: P, avals: readonly Aval[], params: PrimParams[P], dtype: DType): Result {
  const expansion = complexRules[prim];
  if (!expansion) {
    return dtypeErr(`${prim}: complex operands are not supported, got ${list(avals)}. Take np.real, np.imag or np.abs first.`);
  }
  if (avals.some((a) => isInexact(a.dtype) && a.dtype !== dtype)) {
    return dtypeErr(`${prim}: operands must have the same dtype, got ${list(avals)}. Convert one with astype.`);
  }
  const real = realDType(dtype);
  const sub = (d: unknown) => (typeof d === "string" && isComplex(d as DType) ? realDType(d as DType) : d);
  const realParams = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, sub(v)])) as PrimParams[P];
  const realAvals = avals.map((a) => (a.dtype === dtype ? makeAval(a.shape, real) : a));
  const result = (abstractEvalRules[prim] as AbstractEvalRule<P>)(realAvals, realParams);
  if (E.isLeft(result)) return result;
  const outDType = (expansion.outDType as ((p: PrimParams[P]) => DType) | undefined)?.(params);
  return E.right(
    result.right.map((o) =>
      outDType !== undefined ? makeAval(o.shape, outDType) : expansion.outputs !== "real" && o.dtype === real ? makeAval(o.shape, dtype) : o,
    ),
  );
}
