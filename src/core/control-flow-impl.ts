/** Eager kernels of the control-flow primitives: they run their sub-jaxprs with the interpreter. */
import { ConcreteArray } from "./array";
import { makeAval } from "./aval";
import { allocate, componentsOf } from "./dtype";
import { evalJaxpr } from "./interpreter";
import type { PrimParams } from "./primitives";
import { sizeOf } from "./shape";

const run = (jaxpr: Parameters<typeof evalJaxpr>[0], args: readonly ConcreteArray[]) => evalJaxpr(jaxpr, [], args) as ConcreteArray[];

export function condImpl(args: readonly ConcreteArray[], { branches }: PrimParams["cond"]): ConcreteArray[] {
  const [index, ...ops] = args;
  const i = Math.min(Math.max(index.data[0], 0), branches.length - 1);
  return run(branches[i], ops);
}

export function whileImpl(args: readonly ConcreteArray[], p: PrimParams["while"]): ConcreteArray[] {
  const condConsts = args.slice(0, p.cond_nconsts);
  const bodyConsts = args.slice(p.cond_nconsts, p.cond_nconsts + p.body_nconsts);
  let carry = args.slice(p.cond_nconsts + p.body_nconsts);
  while (run(p.cond_jaxpr, [...condConsts, ...carry])[0].data[0] !== 0) carry = run(p.body_jaxpr, [...bodyConsts, ...carry]);
  return [...carry];
}

/** Row `i` of an array along its first axis, sharing storage (arrays are immutable). */
function row(x: ConcreteArray, i: number): ConcreteArray {
  const inner = sizeOf(x.shape.slice(1)) * componentsOf(x.dtype);
  return new ConcreteArray(makeAval(x.shape.slice(1), x.dtype), x.data.subarray(i * inner, (i + 1) * inner));
}

export function scanImpl(args: readonly ConcreteArray[], p: PrimParams["scan"]): ConcreteArray[] {
  const consts = args.slice(0, p.num_consts);
  let carry = args.slice(p.num_consts, p.num_consts + p.num_carry);
  const xs = args.slice(p.num_consts + p.num_carry);
  const yAvals = p.jaxpr.outs.slice(p.num_carry).map((a) => a.aval);
  const ys = yAvals.map((a) => allocate(a.dtype, p.length * sizeOf(a.shape)));
  for (let step = 0; step < p.length; step++) {
    const i = p.reverse ? p.length - 1 - step : step;
    const outs = run(p.jaxpr, [...consts, ...carry, ...xs.map((x) => row(x, i))]);
    carry = outs.slice(0, p.num_carry);
    outs.slice(p.num_carry).forEach((y, k) => ys[k].set(y.data, i * y.data.length));
  }
  return [...carry, ...ys.map((data, k) => new ConcreteArray(makeAval([p.length, ...yAvals[k].shape], yAvals[k].dtype), data))];
}
