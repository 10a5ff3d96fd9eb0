/**
 * Transformation rules of the higher-order primitives (cond, while, scan, checkpoint).
 * They transform the sub-jaxprs (jaxpr-transforms.ts) and bind the same primitive again,
 * so transformed control flow stays control flow.
 *
 * Reverse mode: `cond` recomputes the taken branch in the backward pass; `scan` splits the
 * body by partial evaluation, stores the forward residuals per step and runs the backward
 * part as a reverse scan (a `checkpoint` inside the body keeps its recomputation in the
 * backward part); `checkpoint` stores only its inputs; `while` is refused, as in JAX.
 */
import type { Aval } from "../core/aval";
import { TransformError } from "../core/errors";
import { evalJaxpr } from "../core/interpreter";
import { type Jaxpr, makeJaxprIR } from "../core/ir";
import type { PrimParams } from "../core/primitives";
import { type SubJaxpr, padInputs, permuteInputs, permuteOutputs, shareConsts, traceSub } from "../core/subjaxpr";
import type { Tensor } from "../core/tensor";
import { bind, bind1 } from "../core/trace";
import { add, broadcastInDim, moveAxis, toFront, zeros, zerosLike } from "./ad-ops";
import type { BatchRule, BDim } from "./batching-rules";
import { differentiable, jointVjpJaxpr, jvpJaxpr, vmapJaxpr } from "./jaxpr-transforms";
import type { JvpRule } from "./jvp-rules";
import { partialEval } from "./partial-eval";
import { vjpFlat } from "./tape";
import type { Ct, VjpResult } from "./vjp-rules";
import { vmapFlat, vmapNatural } from "./vmap";

type Tangent = Tensor | null;
const call = (jaxpr: Jaxpr) => (...xs: Tensor[]) => evalJaxpr(jaxpr, [], xs);
const avalsOf = (xs: readonly { readonly aval: Aval }[]) => xs.map((x) => x.aval);
const range = (start: number, n: number) => Array.from({ length: n }, (_, i) => start + i);
/** Picks the entries of `xs` where `flags` is true. */
const pick = <T>(xs: readonly T[], flags: readonly boolean[]): T[] => xs.filter((_, i) => flags[i]);
/** Puts values back at the positions where `flags` is true, null elsewhere. */
function scatterBack(values: readonly Tensor[], flags: readonly boolean[]): (Tensor | null)[] {
  let k = 0;
  return flags.map((f) => (f ? values[k++] : null));
}

// ── forward mode ──

/**
 * Only operands with a non-zero tangent get one, and an output tangent zero in every
 * branch stays a symbolic zero, as JAX's `_cond_jvp`: so a zero tangent is never a literal
 * that a branch could turn into -0, and every mode gives the same bits.
 */
const condJvp: JvpRule<"cond"> = ([index, ...ops], [, ...tops], { branches }) => {
  const nonzero = differentiable(avalsOf(ops)).map((d, i) => d && tops[i] !== null);
  const outNonzero = branches
    .map((b) => jvpJaxpr(b, { nonzero }).nonzeroOuts)
    .reduce((acc, nz) => acc.map((a, i) => a || nz[i]));
  const { jaxprs, consts } = shareConsts(branches.map((b) => jvpJaxpr(b, { nonzero, instantiate: outNonzero })));
  const outs = bind("cond", [index, ...consts, ...ops, ...(pick(tops, nonzero) as Tensor[])], { branches: jaxprs });
  const n = branches[0].outs.length;
  const outT = differentiable(avalsOf(branches[0].outs)).map((d, i) => d && outNonzero[i]);
  return [outs.slice(0, n), scatterBack(outs.slice(n), outT)];
};

const whileJvp: JvpRule<"while"> = (primals, tangents, p) => {
  const cn = p.cond_nconsts;
  const bn = p.body_nconsts;
  const bconsts = primals.slice(cn, cn + bn);
  const carry = primals.slice(cn + bn);
  const tb = differentiable(avalsOf(bconsts));
  const tc = differentiable(avalsOf(carry));
  const inst = (ts: readonly Tangent[], xs: readonly Tensor[], flags: readonly boolean[]) =>
    pick(ts, flags).map((t, i) => t ?? zerosLike(pick(xs, flags)[i]));
  const tbVals = inst(tangents.slice(cn, cn + bn), bconsts, tb);
  const tcVals = inst(tangents.slice(cn + bn), carry, tc);
  const body = jvpJaxpr(p.body_jaxpr);
  // jvp body inputs: [jc, bconsts, carry, t_bconsts, t_carry] → [jc, bconsts, t_bconsts, carry, t_carry].
  const jc = body.consts.length;
  const [nb, nc, ntb, ntc] = [bn, carry.length, tbVals.length, tcVals.length];
  const order = [...range(0, jc + nb), ...range(jc + nb + nc, ntb), ...range(jc + nb, nc), ...range(jc + nb + nc + ntb, ntc)];
  const newBody = permuteInputs(body.jaxpr, order);
  const newCond = padInputs(p.cond_jaxpr, [], tcVals.map((t) => t.aval));
  const outs = bind("while", [...primals.slice(0, cn), ...body.consts, ...bconsts, ...tbVals, ...carry, ...tcVals], {
    cond_jaxpr: newCond,
    body_jaxpr: newBody,
    cond_nconsts: cn,
    body_nconsts: jc + nb + ntb,
  });
  return [outs.slice(0, nc), scatterBack(outs.slice(nc), tc)];
};

const scanJvp: JvpRule<"scan"> = (primals, tangents, p) => {
  const [nk, nc] = [p.num_consts, p.num_carry];
  const groups = [primals.slice(0, nk), primals.slice(nk, nk + nc), primals.slice(nk + nc)];
  const tgroups = [tangents.slice(0, nk), tangents.slice(nk, nk + nc), tangents.slice(nk + nc)];
  const flags = groups.map((g) => differentiable(avalsOf(g)));
  const tvals = groups.map((g, k) => pick(tgroups[k], flags[k]).map((t, i) => t ?? zerosLike(pick(g, flags[k])[i])));
  const body = jvpJaxpr(p.jaxpr);
  // jvp body inputs: [jc, consts, carry, x, t_consts, t_carry, t_x]; wanted: [jc, consts, t_consts, carry, t_carry, x, t_x].
  const jc = body.consts.length;
  const [a, b, c] = groups.map((g) => g.length);
  const [ta, tb, tc] = tvals.map((t) => t.length);
  const base = jc + a + b + c;
  const order = [
    ...range(0, jc + a),
    ...range(base, ta),
    ...range(jc + a, b),
    ...range(base + ta, tb),
    ...range(jc + a + b, c),
    ...range(base + ta + tb, tc),
  ];
  // jvp body outputs: [carry', y, t_carry', t_y]; wanted: [carry', t_carry', y, t_y].
  const ny = p.jaxpr.outs.length - nc;
  const outFlags = differentiable(avalsOf(p.jaxpr.outs));
  const ntcOut = pick(outFlags.slice(0, nc), outFlags.slice(0, nc)).length;
  const ntyOut = pick(outFlags.slice(nc), outFlags.slice(nc)).length;
  const outOrder = [...range(0, nc), ...range(nc + ny, ntcOut), ...range(nc, ny), ...range(nc + ny + ntcOut, ntyOut)];
  const newBody = permuteOutputs(permuteInputs(body.jaxpr, order), outOrder);
  const outs = bind("scan", [...body.consts, ...groups[0], ...tvals[0], ...groups[1], ...tvals[1], ...groups[2], ...tvals[2]], {
    jaxpr: newBody,
    length: p.length,
    reverse: p.reverse,
    num_consts: jc + a + ta,
    num_carry: b + tb,
  });
  const carryOut = outs.slice(0, nc);
  const tCarry = outs.slice(nc, nc + ntcOut);
  const ys = outs.slice(nc + ntcOut, nc + ntcOut + ny);
  const tYs = outs.slice(nc + ntcOut + ny);
  return [
    [...carryOut, ...ys],
    [...scatterBack(tCarry, outFlags.slice(0, nc)), ...scatterBack(tYs, outFlags.slice(nc))],
  ];
};

const checkpointJvp: JvpRule<"checkpoint"> = (primals, tangents, p) => {
  const flags = differentiable(avalsOf(primals));
  const ts = pick(tangents, flags).map((t, i) => t ?? zerosLike(pick(primals, flags)[i]));
  const j = jvpJaxpr(p.jaxpr);
  const outs = bind("checkpoint", [...j.consts, ...primals, ...ts], { jaxpr: j.jaxpr, prevent_cse: p.prevent_cse });
  const n = p.jaxpr.outs.length;
  return [outs.slice(0, n), scatterBack(outs.slice(n), differentiable(avalsOf(p.jaxpr.outs)))];
};

export const controlFlowJvp = { cond: condJvp, while: whileJvp, scan: scanJvp, checkpoint: checkpointJvp };

// ── reverse mode ──

/** A sub-jaxpr `[...inputs, ...output cotangents] → cotangents of float inputs` that recomputes the forward pass. */
function recomputingVjp(jaxpr: Jaxpr): SubJaxpr {
  const inAvals = avalsOf(jaxpr.invars);
  const wants = differentiable(inAvals);
  return traceSub(
    (...xs) => {
      const ins = xs.slice(0, inAvals.length);
      const grads = vjpFlat(call(jaxpr), ins, "vjp (sub-jaxpr)").pullback(xs.slice(inAvals.length));
      return ins.flatMap((x, i) => (wants[i] ? [grads[i] ?? zerosLike(x)] : []));
    },
    [...inAvals, ...avalsOf(jaxpr.outs)],
    "vjp",
  );
}

const explicit = (cts: readonly Ct[], outs: readonly Tensor[]) => cts.map((c, i) => c ?? zerosLike(outs[i]));

function condVjp(primals: readonly Tensor[], params: PrimParams["cond"]): VjpResult {
  const outs = bind("cond", primals, params);
  const [index, ...ops] = primals;
  const flags = differentiable(avalsOf(ops));
  return {
    outs,
    backward: (cts) => {
      const { jaxprs, consts } = shareConsts(params.branches.map(recomputingVjp));
      const grads = bind("cond", [index, ...consts, ...ops, ...explicit(cts, outs)], { branches: jaxprs });
      return [null, ...scatterBack(grads, flags)];
    },
  };
}

function whileVjp(): VjpResult {
  throw new TransformError(
    "Reverse-mode differentiation does not work for lax.whileLoop or lax.foriLoop with traced bounds (the number of " +
      "steps is not known in advance), as in JAX. Use lax.scan, or lax.foriLoop with static (number) bounds; " +
      "forward mode (jvp, jacfwd) does work through whileLoop.",
  );
}

function scanVjp(primals: readonly Tensor[], p: PrimParams["scan"]): VjpResult {
  const [nk, nc] = [p.num_consts, p.num_carry];
  const consts = primals.slice(0, nk);
  const init = primals.slice(nk, nk + nc);
  const xs = primals.slice(nk + nc);
  const ny = p.jaxpr.outs.length - nc;
  const joint = jointVjpJaxpr(p.jaxpr);
  const jc = joint.consts.length;
  const nIn = p.jaxpr.invars.length;
  const nOut = p.jaxpr.outs.length;
  const pe = partialEval(
    joint.jaxpr,
    [...Array(jc + nIn).fill(true), ...Array(nOut).fill(false)],
    [...Array(nOut).fill(true), ...Array(joint.jaxpr.outs.length - nOut).fill(false)],
  );
  // Residuals that are loop constants are passed to the backward pass once; the rest are stacked per step.
  const nKnownConsts = jc + nk;
  const constRes = pe.residualInputs.map((r) => r >= 0 && r < nKnownConsts);
  const knownOuts = pe.known.outs;
  const fwdBody = makeJaxprIR([], pe.known.invars, pe.known.eqns, [...knownOuts.slice(0, nOut), ...pick(knownOuts.slice(nOut), constRes.map((c) => !c))]);
  const fwd = bind("scan", [...joint.consts, ...consts, ...init, ...xs], {
    jaxpr: fwdBody,
    length: p.length,
    reverse: p.reverse,
    num_consts: jc + nk,
    num_carry: nc,
  });
  const outs = fwd.slice(0, nc + ny);
  const stacked = fwd.slice(nc + ny);
  const knownInputs = [...joint.consts, ...consts];
  const constResValues = pe.residualInputs.filter((_, i) => constRes[i]).map((r) => knownInputs[r]);
  const fc = differentiable(avalsOf(consts));
  const fcar = differentiable(avalsOf(init));
  const fx = differentiable(avalsOf(xs));
  return {
    outs,
    backward: (cts) => {
      const full = explicit(cts, outs);
      const ctCarry = full.slice(0, nc);
      const ctYs = full.slice(nc);
      const floatConsts = pick(consts, fc);
      const accAvals = avalsOf(floatConsts);
      const carryAvals = avalsOf(pick(init, fcar));
      const resAvals = pe.unknown.invars.slice(0, pe.numResiduals).map((v) => v.aval);
      const stackedAvals = pick(resAvals, constRes.map((c) => !c));
      const ctYAvals = avalsOf(ctYs).map((a) => ({ shape: a.shape.slice(1), dtype: a.dtype }));
      const nConstRes = constResValues.length;
      const body = traceSub(
        (...vals) => {
          let k = 0;
          const take = (n: number) => vals.slice(k, (k += n));
          const cRes = take(nConstRes);
          const acc = take(accAvals.length);
          const ctc = take(carryAvals.length);
          const sRes = take(stackedAvals.length);
          const cty = take(ctYAvals.length);
          let ci = 0;
          let si = 0;
          const residuals = constRes.map((c) => (c ? cRes[ci++] : sRes[si++]));
          // The unknown part takes cotangents of every carry; integer carries get zeros.
          let fi = 0;
          const ctcFull = init.map((x, i) => (fcar[i] ? ctc[fi++] : zeros(x.shape, x.dtype)));
          const g = evalJaxpr(pe.unknown, [], [...residuals, ...ctcFull, ...cty]);
          const nfc = accAvals.length;
          const gConsts = g.slice(0, nfc);
          const gCarry = g.slice(nfc, nfc + carryAvals.length);
          const gX = g.slice(nfc + carryAvals.length);
          return [...acc.map((a, i) => add(a, gConsts[i])), ...gCarry, ...gX];
        },
        [...constResValues.map((v) => v.aval), ...accAvals, ...carryAvals, ...stackedAvals, ...ctYAvals],
        "scan (backward)",
      );
      const bwd = bind(
        "scan",
        [...body.consts, ...constResValues, ...floatConsts.map(zerosLike), ...pick(ctCarry, fcar), ...stacked, ...ctYs],
        {
          jaxpr: body.jaxpr,
          length: p.length,
          reverse: !p.reverse,
          num_consts: body.consts.length + nConstRes,
          num_carry: accAvals.length + carryAvals.length,
        },
      );
      const nfc = accAvals.length;
      const gConsts = bwd.slice(0, nfc);
      const gInit = bwd.slice(nfc, nfc + carryAvals.length);
      const gXs = bwd.slice(nfc + carryAvals.length);
      return [...scatterBack(gConsts, fc), ...scatterBack(gInit, fcar), ...scatterBack(gXs, fx)];
    },
  };
}

function checkpointVjp(primals: readonly Tensor[], p: PrimParams["checkpoint"]): VjpResult {
  const outs = bind("checkpoint", primals, p);
  const flags = differentiable(avalsOf(primals));
  return {
    outs,
    backward: (cts) => {
      const bwd = recomputingVjp(p.jaxpr);
      const grads = bind("checkpoint", [...bwd.consts, ...primals, ...explicit(cts, outs)], { jaxpr: bwd.jaxpr, prevent_cse: true });
      return scatterBack(grads, flags);
    },
  };
}

export const controlFlowVjp = { cond: condVjp, while: whileVjp, scan: scanVjp, checkpoint: checkpointVjp };

// ── batching ──

const condBatch: BatchRule<"cond"> = ([index, ...ops], [di, ...dops], { branches }, size) => {
  if (di === null) {
    const { jaxprs, consts } = shareConsts(branches.map((b) => vmapJaxpr(b, dops, size)));
    const outs = bind("cond", [index, ...consts, ...ops], { branches: jaxprs });
    return [outs, outs.map(() => 0)];
  }
  // A predicate that varies across the batch: run every branch and select per member.
  const results = branches.map((b) => vmapFlat(call(b), ops, dops, size, () => 0, "vmap (cond branch)"));
  const which = toFront(index, di, size);
  const outs = results[0].map((o, k) => {
    const w = broadcastInDim(which, o.shape, [0]);
    return bind1("select_n", [w, ...results.map((r) => r[k])], {});
  });
  return [outs, outs.map(() => 0)];
};

const whileBatch: BatchRule<"while"> = (args, dims, p, size) => {
  const cn = p.cond_nconsts;
  const bn = p.body_nconsts;
  const cconsts = args.slice(0, cn);
  const bconsts = args.slice(cn, cn + bn);
  const carry = args.slice(cn + bn).map((c, i) => toFront(c, dims[cn + bn + i], size));
  const cdims = dims.slice(0, cn);
  const bdims = dims.slice(cn, cn + bn);
  const carryDims: BDim[] = carry.map(() => 0);
  const [, [predDim]] = vmapNatural(call(p.cond_jaxpr), [...cconsts, ...carry], [...cdims, ...carryDims], size, "vmap (while)");
  const carryAvals = avalsOf(carry);
  if (predDim === null) {
    const c = traceSub(
      (...xs) => vmapNatural(call(p.cond_jaxpr), xs, [...cdims, ...carryDims], size)[0],
      [...avalsOf(cconsts), ...carryAvals],
      "vmap (while cond)",
    );
    const b = vmapJaxpr(p.body_jaxpr, [...bdims, ...carryDims], size);
    const outs = bind("while", [...c.consts, ...cconsts, ...b.consts, ...bconsts, ...carry], {
      cond_jaxpr: c.jaxpr,
      body_jaxpr: b.jaxpr,
      cond_nconsts: c.consts.length + cn,
      body_nconsts: b.consts.length + bn,
    });
    return [outs, outs.map(() => 0)];
  }
  // The predicate differs across the batch: loop while any member continues; finished members keep their carry.
  const predOf = (cc: readonly Tensor[], cs: readonly Tensor[]) =>
    vmapFlat(call(p.cond_jaxpr), [...cc, ...cs], [...cdims, ...carryDims], size, () => 0, "vmap (while)")[0];
  const c = traceSub(
    (...xs) => [bind1("reduce_or", [predOf(xs.slice(0, cn), xs.slice(cn))], { axes: [0] })],
    [...avalsOf(cconsts), ...carryAvals],
    "vmap (while cond)",
  );
  const b = traceSub(
    (...xs) => {
      const cc = xs.slice(0, cn);
      const bc = xs.slice(cn, cn + bn);
      const cs = xs.slice(cn + bn);
      const pred = predOf(cc, cs);
      const next = vmapFlat(call(p.body_jaxpr), [...bc, ...cs], [...bdims, ...carryDims], size, () => 0, "vmap (while)");
      return next.map((n, i) => bind1("select_n", [broadcastInDim(pred, n.shape, [0]), cs[i], n], {}));
    },
    [...avalsOf(cconsts), ...avalsOf(bconsts), ...carryAvals],
    "vmap (while body)",
  );
  const outs = bind("while", [...c.consts, ...cconsts, ...b.consts, ...cconsts, ...bconsts, ...carry], {
    cond_jaxpr: c.jaxpr,
    body_jaxpr: b.jaxpr,
    cond_nconsts: c.consts.length + cn,
    body_nconsts: b.consts.length + cn + bn,
  });
  return [outs, outs.map(() => 0)];
};

const scanBatch: BatchRule<"scan"> = (args, dims, p, size) => {
  const [nk, nc] = [p.num_consts, p.num_carry];
  const consts = args.slice(0, nk);
  const carry = args.slice(nk, nk + nc).map((c, i) => toFront(c, dims[nk + i], size));
  // Batched xs keep the scanned axis first and the batch axis second.
  const xs = args.slice(nk + nc).map((x, i) => {
    const d = dims[nk + nc + i];
    return d === null ? x : moveAxis(moveAxis(x, d, 0), 0, 1);
  });
  const xDims: BDim[] = dims.slice(nk + nc).map((d) => (d === null ? null : 0));
  const body = vmapJaxpr(p.jaxpr, [...dims.slice(0, nk), ...carry.map(() => 0), ...xDims], size);
  const outs = bind("scan", [...body.consts, ...consts, ...carry, ...xs], {
    jaxpr: body.jaxpr,
    length: p.length,
    reverse: p.reverse,
    num_consts: body.consts.length + nk,
    num_carry: nc,
  });
  return [outs, outs.map((_, i) => (i < nc ? 0 : 1))];
};

const checkpointBatch: BatchRule<"checkpoint"> = (args, dims, p, size) => {
  const b = vmapJaxpr(p.jaxpr, dims, size);
  const outs = bind("checkpoint", [...b.consts, ...args], { jaxpr: b.jaxpr, prevent_cse: p.prevent_cse });
  return [outs, outs.map(() => 0)];
};

export const controlFlowBatch = { cond: condBatch, while: whileBatch, scan: scanBatch, checkpoint: checkpointBatch };
