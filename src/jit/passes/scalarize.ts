/**
 * Scalar replacement of small arrays: an array of at most SMALL elements is replaced by
 * one 0-d variable per element (row-major), so code generation turns it into locals
 * instead of a buffer. Shape ops become renaming; elementwise ops one equation per
 * element; reductions, cumulative sums and small dots chains of scalar operations in the
 * interpreter kernels' exact accumulation order (so results stay bit-identical); small
 * carries of `scan` and `while` become scalar carries. Anything else keeps the array form,
 * rebuilt from the elements where needed.
 */
import { hasEffects } from "../../core/effects";
import { type Aval, makeAval } from "../../core/aval";
import { type AnyEqn, type Atom, type Jaxpr, Lit, Var, makeEqn, makeJaxprIR } from "../../core/ir";
import type { Prim, PrimParams } from "../../core/primitives";
import { type MovePrim, isMovePrim, movedElements } from "../../core/moves";
import { type Shape, sizeOf, stridesOf } from "../../core/shape";
import { mapEqnSubJaxprs } from "../../core/subjaxpr";
import { isElementwisePrim } from "../../core/prims/elementwise";
import { cumulativePrims } from "../../core/prims/cumulative";
import { accumulatorDType, reducePrims } from "../../core/prims/reduce";
import { numeric } from "../../core/scalar/numeric";

/** Arrays this small or smaller are scalarized. */
export const SMALL = 16;

const isSmall = (a: Aval) => a.shape.length > 0 && sizeOf(a.shape) > 0 && sizeOf(a.shape) <= SMALL;
const touchesSmall = (eqn: AnyEqn) => eqn.inputs.some((a) => isSmall(a.aval)) || eqn.outs.some((v) => isSmall(v.aval));
const smallOrScalar = (a: Aval) => a.shape.length === 0 || isSmall(a);
const allSmallOrScalar = (eqn: AnyEqn) => eqn.inputs.every((a) => smallOrScalar(a.aval)) && eqn.outs.every((v) => smallOrScalar(v.aval));
const scalarAval = (a: Aval) => makeAval([], a.dtype);

/** Row-major multi-indices of a shape. */
function indices(shape: Shape): number[][] {
  const out: number[][] = [];
  const n = sizeOf(shape);
  const idx = shape.map(() => 0);
  for (let i = 0; i < n; i++) {
    out.push([...idx]);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

const flatIndex = (idx: readonly number[], shape: Shape) => {
  const s = stridesOf(shape);
  return idx.reduce((acc, v, d) => acc + v * s[d], 0);
};


class Scalarizer {
  readonly eqns: AnyEqn[] = [];
  /** Element atoms of small arrays. */
  private readonly elems = new Map<Var, Atom[]>();
  /** Array form of variables (the original or a rebuilt one). */
  private readonly arrays = new Map<Var, Atom>();

  /** Registers a variable available in array form (split into elements only when needed). */
  arrayVar(v: Var): void {
    this.arrays.set(v, v);
  }

  setElems(v: Var, e: Atom[]): void {
    this.elems.set(v, e);
  }

  private emit(prim: Prim, params: unknown, inputs: readonly Atom[], outAvals: readonly Aval[]): Var[] {
    const outs = outAvals.map((a) => new Var(a));
    this.eqns.push(makeEqn(prim, params as PrimParams[Prim], inputs, outs));
    return outs;
  }

  private scalarOp(prim: Prim, params: unknown, inputs: readonly Atom[], aval: Aval): Atom {
    return this.emit(prim, params, inputs, [scalarAval(aval)])[0];
  }

  /** A 0-d atom as `aval`'s dtype (itself when it already is; a literal converts now). */
  private convertTo(a: Atom, aval: Aval): Atom {
    if (a.aval.dtype === aval.dtype) return a;
    if (a instanceof Lit) return new Lit(numeric.convert(a.value, a.aval.dtype, aval.dtype), scalarAval(aval));
    return this.scalarOp("convert_element_type", { new_dtype: aval.dtype, weak_type: false }, [a], aval);
  }

  /** The elements of a small array (splitting the array form on first use), or [x] for a scalar. */
  elemsOf(a: Atom): Atom[] {
    if (a instanceof Lit) return [a];
    if (a.aval.shape.length === 0) return [this.elems.get(a)?.[0] ?? this.arrays.get(a) ?? a];
    const e = this.elems.get(a);
    if (e) return e;
    const arr = this.arrays.get(a) ?? a;
    const shape = a.aval.shape;
    const parts = indices(shape).map((idx) => {
      const sliced = this.emit(
        "slice",
        { start_indices: idx, limit_indices: idx.map((v) => v + 1), strides: null },
        [arr],
        [makeAval(shape.map(() => 1), a.aval.dtype)],
      )[0];
      return this.emit("reshape", { new_sizes: [], dimensions: null }, [sliced], [scalarAval(a.aval)])[0];
    });
    this.elems.set(a, parts);
    return parts;
  }

  /** The array form of `a`, rebuilt from its elements if it only has those. */
  arrayOf(a: Atom): Atom {
    if (a instanceof Lit) return a;
    const existing = this.arrays.get(a);
    if (existing) return existing;
    const e = this.elems.get(a);
    if (!e) return a;
    if (a.aval.shape.length === 0) return e[0];
    const ones = e.map((x) => this.emit("broadcast_in_dim", { shape: [1], broadcast_dimensions: [] }, [x], [makeAval([1], a.aval.dtype)])[0]);
    const flat =
      ones.length === 1 ? ones[0] : this.emit("concatenate", { dimension: 0 }, ones, [makeAval([ones.length], a.aval.dtype)])[0];
    const shaped = this.emit("reshape", { new_sizes: a.aval.shape, dimensions: null }, [flat], [a.aval])[0];
    this.arrays.set(a, shaped);
    return shaped;
  }

  /** Scalarizes one equation if it can; otherwise keeps it on arrays. */
  process(eqn: AnyEqn): void {
    const ins = eqn.inputs;
    if (touchesSmall(eqn) && allSmallOrScalar(eqn) && !hasEffects(eqn)) {
      const outs = this.rule(eqn);
      if (outs) {
        eqn.outs.forEach((v, i) => {
          if (v.aval.shape.length === 0) this.elems.set(v, [outs[i][0]]);
          else this.elems.set(v, outs[i]);
        });
        return;
      }
    }
    if ((eqn.prim === "scan" || eqn.prim === "while") && this.loop(eqn)) return;
    // Keep the equation on array forms; its sub-jaxprs are scalarized on their own.
    const inputs = ins.map((a) => (a.aval.shape.length === 0 ? this.elemsOf(a)[0] : this.arrayOf(a)));
    const inner = mapEqnSubJaxprs(eqn, scalarize);
    this.eqns.push(inner === eqn && inputs.every((a, i) => a === ins[i]) ? eqn : makeEqn(inner.prim, inner.params, inputs, inner.outs));
    for (const v of eqn.outs) this.arrays.set(v, v);
  }

  /** Element atoms of each output, or undefined if this primitive is not scalarized here. */
  private rule(eqn: AnyEqn): Atom[][] | undefined {
    const out = eqn.outs[0];
    const outShape = out.aval.shape;
    const n = sizeOf(outShape);
    const e = (i: number) => this.elemsOf(eqn.inputs[i]);
    if (isElementwisePrim(eqn.prim)) {
      const ins = eqn.inputs.map((_, i) => e(i));
      return [
        Array.from({ length: n }, (_, k) =>
          this.scalarOp(
            eqn.prim,
            eqn.params,
            ins.map((x) => (x.length === 1 ? x[0] : x[k])),
            out.aval,
          ),
        ),
      ];
    }
    if (isMovePrim(eqn.prim)) {
      const operands = eqn.inputs.map((x, i) => ({ shape: x.aval.shape, elements: e(i) }));
      return [movedElements(eqn.prim, eqn.params as PrimParams[MovePrim], operands, outShape)];
    }
    switch (eqn.prim) {
      case "iota": {
        const dim = eqn.params.dimension;
        return [indices(outShape).map((idx) => new Lit(idx[dim], scalarAval(out.aval)))];
      }
      case "cumsum":
      case "cumprod":
      case "cummax":
      case "cummin": {
        const x = e(0);
        const { axis, reverse } = eqn.params;
        const { reduction } = cumulativePrims[eqn.prim];
        const { combine, identity } = reducePrims[reduction];
        const accAval = makeAval([], accumulatorDType(reduction, out.aval.dtype));
        const result = new Array<Atom>(n);
        const len = outShape[axis];
        indices(outShape)
          .filter((idx) => idx[axis] === 0)
          .forEach((base) => {
            let acc: Atom = new Lit(identity(out.aval.dtype), accAval);
            for (let j = 0; j < len; j++) {
              const at = base.map((v, d) => (d === axis ? (reverse ? len - 1 - j : j) : v));
              acc = this.scalarOp(combine, {}, [acc, this.convertTo(x[flatIndex(at, outShape)], accAval)], accAval);
              result[flatIndex(at, outShape)] = this.convertTo(acc, scalarAval(out.aval));
            }
          });
        return [result];
      }
      case "reduce_sum":
      case "reduce_prod":
      case "reduce_max":
      case "reduce_min":
      case "reduce_and":
      case "reduce_or": {
        const { combine: op, identity } = reducePrims[eqn.prim];
        const accAval = makeAval([], accumulatorDType(eqn.prim, out.aval.dtype));
        const x = e(0);
        const inShape = eqn.inputs[0].aval.shape;
        const axes = eqn.params.axes;
        const acc: Atom[] = Array.from({ length: Math.max(n, 1) }, () => new Lit(identity(out.aval.dtype), accAval));
        const kept = inShape.map((_, d) => d).filter((d) => !axes.includes(d));
        // Row-major over the input, in the accumulator dtype, as the interpreter's reduction kernel accumulates.
        indices(inShape).forEach((idx, k) => {
          const o = flatIndex(
            kept.map((d) => idx[d]),
            outShape,
          );
          acc[o] = this.scalarOp(op, {}, [acc[o], this.convertTo(x[k], accAval)], accAval);
        });
        return [acc.map((a) => this.convertTo(a, scalarAval(out.aval)))];
      }
      case "dot_general": {
        // float32 dots accumulate unrounded products in the kernel; scalar ops would round them.
        if (out.aval.dtype === "float32") return undefined;
        const [[lc, rc], [lb, rb]] = eqn.params.dimension_numbers;
        const [A, B] = [e(0), e(1)];
        const [as, bs] = [eqn.inputs[0].aval.shape, eqn.inputs[1].aval.shape];
        const lfree = as.map((_, i) => i).filter((i) => !lc.includes(i) && !lb.includes(i));
        const rfree = bs.map((_, i) => i).filter((i) => !rc.includes(i) && !rb.includes(i));
        const contract = indices(lc.map((i) => as[i]));
        return [
          indices(outShape).map((idx) => {
            const batch = idx.slice(0, lb.length);
            const li = idx.slice(lb.length, lb.length + lfree.length);
            const ri = idx.slice(lb.length + lfree.length);
            let acc: Atom = new Lit(0, scalarAval(out.aval));
            for (const k of contract) {
              const aIdx = new Array<number>(as.length);
              lb.forEach((d, j) => (aIdx[d] = batch[j]));
              lfree.forEach((d, j) => (aIdx[d] = li[j]));
              lc.forEach((d, j) => (aIdx[d] = k[j]));
              const bIdx = new Array<number>(bs.length);
              rb.forEach((d, j) => (bIdx[d] = batch[j]));
              rfree.forEach((d, j) => (bIdx[d] = ri[j]));
              rc.forEach((d, j) => (bIdx[d] = k[j]));
              const prod = this.scalarOp("mul", {}, [A[flatIndex(aIdx, as)], B[flatIndex(bIdx, bs)]], out.aval);
              acc = this.scalarOp("add", {}, [acc, prod], out.aval);
            }
            return acc;
          }),
        ];
      }
      default:
        return undefined;
    }
  }

  /** A scan or while with small carries: each element of such a carry becomes a carry of its own. */
  private loop(eqn: Extract<AnyEqn, { prim: "scan" | "while" }>): boolean {
    const [nBefore, carryAvals] =
      eqn.prim === "scan"
        ? [eqn.params.num_consts, eqn.outs.slice(0, eqn.params.num_carry).map((v) => v.aval)]
        : [eqn.params.cond_nconsts + eqn.params.body_nconsts, eqn.outs.map((v) => v.aval)];
    const split = carryAvals.map(isSmall);
    if (!split.some(Boolean)) return false;
    const carryIn = eqn.inputs.slice(nBefore, nBefore + carryAvals.length);
    const newCarry = carryIn.flatMap((a, i) => (split[i] ? this.elemsOf(a) : [a.aval.shape.length === 0 ? this.elemsOf(a)[0] : this.arrayOf(a)]));
    const before = eqn.inputs.slice(0, nBefore).map((a) => (a.aval.shape.length === 0 ? this.elemsOf(a)[0] : this.arrayOf(a)));
    const after = eqn.inputs.slice(nBefore + carryAvals.length).map((a) => this.arrayOf(a));
    const carryOutAvals = carryAvals.flatMap((a, i) => (split[i] ? Array.from({ length: sizeOf(a.shape) }, () => scalarAval(a)) : [a]));
    let outs: Var[];
    if (eqn.prim === "scan") {
      const p = eqn.params;
      const nx = p.jaxpr.invars.length - p.num_consts - p.num_carry;
      const body = scalarizeSub(p.jaxpr, [...Array(p.num_consts).fill(false), ...split, ...Array(nx).fill(false)], [
        ...split,
        ...Array(p.jaxpr.outs.length - p.num_carry).fill(false),
      ]);
      const yAvals = eqn.outs.slice(p.num_carry).map((v) => v.aval);
      outs = this.emit("scan", { ...p, jaxpr: body, num_carry: newCarry.length }, [...before, ...newCarry, ...after], [...carryOutAvals, ...yAvals]);
      eqn.outs.slice(p.num_carry).forEach((v, i) => this.arrays.set(v, outs[carryOutAvals.length + i]));
    } else {
      const p = eqn.params;
      const cond = scalarizeSub(p.cond_jaxpr, [...Array(p.cond_nconsts).fill(false), ...split], [false]);
      const body = scalarizeSub(p.body_jaxpr, [...Array(p.body_nconsts).fill(false), ...split], split);
      outs = this.emit("while", { ...p, cond_jaxpr: cond, body_jaxpr: body }, [...before, ...newCarry], carryOutAvals);
    }
    let k = 0;
    carryAvals.forEach((a, i) => {
      const v = eqn.outs[i];
      if (split[i]) {
        const m = sizeOf(a.shape);
        this.elems.set(v, outs.slice(k, k + m));
        k += m;
      } else {
        this.arrays.set(v, outs[k]);
        if (a.shape.length === 0) this.elems.set(v, [outs[k]]);
        k++;
      }
    });
    return true;
  }
}

/**
 * Scalarizes a sub-jaxpr whose invars marked in `splitIn` arrive as elements (one 0-d
 * input per element) and whose outputs marked in `splitOut` leave as elements.
 */
function scalarizeSub(jaxpr: Jaxpr, splitIn: readonly boolean[], splitOut: readonly boolean[]): Jaxpr {
  const s = new Scalarizer();
  const invars: Var[] = [];
  jaxpr.invars.forEach((v, i) => {
    if (splitIn[i]) {
      const parts = Array.from({ length: sizeOf(v.aval.shape) }, () => new Var(scalarAval(v.aval)));
      s.setElems(v, parts);
      invars.push(...parts);
    } else {
      s.arrayVar(v);
      invars.push(v);
    }
  });
  for (const eqn of jaxpr.eqns) s.process(eqn);
  const outs = jaxpr.outs.flatMap((a, j) => (splitOut[j] ? s.elemsOf(a) : [a.aval.shape.length === 0 ? s.elemsOf(a)[0] : s.arrayOf(a)]));
  return makeJaxprIR(jaxpr.constvars, invars, s.eqns, outs);
}

/** The scalarization pass: the jaxpr's own inputs and outputs keep their array form. */
export function scalarize(jaxpr: Jaxpr): Jaxpr {
  const s = new Scalarizer();
  for (const v of [...jaxpr.constvars, ...jaxpr.invars]) s.arrayVar(v);
  for (const eqn of jaxpr.eqns) s.process(eqn);
  const outs = jaxpr.outs.map((a) => (a.aval.shape.length === 0 ? s.elemsOf(a)[0] : s.arrayOf(a)));
  // No small array anywhere: the same jaxpr (so the optimizer need not run over it again).
  const same = s.eqns.length === jaxpr.eqns.length && s.eqns.every((e, i) => e === jaxpr.eqns[i]) && outs.every((a, i) => a === jaxpr.outs[i]);
  return same ? jaxpr : makeJaxprIR(jaxpr.constvars, jaxpr.invars, s.eqns, outs);
}
