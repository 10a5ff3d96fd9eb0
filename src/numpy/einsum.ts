/**
 * `np.einsum`: Einstein summation, lowered to `dot_general` as JAX does. Each operand
 * first takes the diagonals of repeated labels and sums out labels no one else needs;
 * then pairs are contracted in a greedy order (at each step the pair whose result is
 * smallest, opt_einsum's "greedy"), so a chain like "ij,jk,kl->il" never builds an
 * intermediate larger than it must; the result is transposed to the output's labels.
 */
import { ArgumentError, InternalError, ShapeError } from "../core/errors";
import { showShape } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import { broadcastInDim, convert, promote } from "./convert";

/** Options of {@link einsum}. */
export interface EinsumOptions {
  /** Contraction order: `"greedy"` (the default) or `false` (left to right). */
  readonly optimize?: "greedy" | false;
}

interface Term {
  t: Tensor;
  labels: string[];
}

const isOptions = (x: unknown): x is EinsumOptions =>
  typeof x === "object" && x !== null && !Array.isArray(x) && !ArrayBuffer.isView(x) && !("aval" in x);

/** Splits "ab...c" into labels, with "..." standing for `rank - letters` broadcast axes. */
function parseTerm(op: string, spec: string, rank: number, which: string): string[] {
  const dots = spec.indexOf("...");
  const letters = spec.replace("...", "");
  if (!/^[A-Za-z]*$/.test(letters) || (dots >= 0 && spec.indexOf("...", dots + 1) >= 0)) {
    throw new ArgumentError(`${op}: the subscripts ${JSON.stringify(spec)} of ${which} must be letters with at most one "...".`);
  }
  const nEllipsis = rank - letters.length;
  if (nEllipsis < 0 || (dots < 0 && nEllipsis !== 0)) {
    throw new ShapeError(`${op}: ${which} has rank ${rank} but its subscripts ${JSON.stringify(spec)} name ${letters.length} axes${dots < 0 ? "" : " plus \"...\""}.`);
  }
  const ellipsis = Array.from({ length: nEllipsis }, (_, i) => `…${i}`);
  if (dots < 0) return [...letters];
  return [...spec.slice(0, dots), ...ellipsis, ...spec.slice(dots + 3)];
}

/** Takes the diagonal of axes with a repeated label (x_ii → x_i) by masking with the identity and summing. */
function diagonals(term: Term): Term {
  let { t, labels } = term;
  for (;;) {
    const i = labels.findIndex((l, k) => labels.indexOf(l) !== k);
    if (i < 0) return { t, labels };
    const j = labels.indexOf(labels[i]);
    const n = t.shape[i];
    const ii = bind1("iota", [], { dtype: "int32", shape: [n, n], dimension: 0 });
    const jj = bind1("iota", [], { dtype: "int32", shape: [n, n], dimension: 1 });
    const eye = convert(bind1("eq", [ii, jj], {}), t.dtype);
    const mask = broadcastInDim(eye, t.shape, [j, i]);
    t = bind1("reduce_sum", [bind1("mul", [t, mask], {})], { axes: [i] });
    labels = labels.filter((_, k) => k !== i);
  }
}

/** Sums out the labels of a term that appear nowhere in `keep`. */
function sumOut(term: Term, keep: ReadonlySet<string>): Term {
  const axes = term.labels.flatMap((l, k) => (keep.has(l) ? [] : [k]));
  if (axes.length === 0) return term;
  return { t: bind1("reduce_sum", [term.t], { axes }), labels: term.labels.filter((l) => keep.has(l)) };
}

/** Contracts two terms: shared labels still needed are batch axes, the other shared ones are summed. */
function contract(a: Term, b: Term, needed: ReadonlySet<string>): Term {
  const shared = a.labels.filter((l) => b.labels.includes(l));
  const batch = shared.filter((l) => needed.has(l));
  const summed = shared.filter((l) => !needed.has(l));
  const freeA = a.labels.filter((l) => !shared.includes(l));
  const freeB = b.labels.filter((l) => !shared.includes(l));
  const ix = (t: Term, ls: readonly string[]) => ls.map((l) => t.labels.indexOf(l));
  const t = bind1("dot_general", [a.t, b.t], {
    dimension_numbers: [
      [ix(a, summed), ix(b, summed)],
      [ix(a, batch), ix(b, batch)],
    ],
    preferred_element_type: null,
  });
  return { t, labels: [...batch, ...freeA, ...freeB] };
}

/** The size of the result of contracting a and b. */
function resultSize(a: Term, b: Term, needed: ReadonlySet<string>, size: ReadonlyMap<string, number>): number {
  const labels = new Set([...a.labels, ...b.labels].filter((l) => needed.has(l) || !(a.labels.includes(l) && b.labels.includes(l))));
  let n = 1;
  for (const l of labels) n *= size.get(l)!;
  return n;
}

/**
 * Einstein summation: `np.einsum("ij,jk->ik", a, b)` is a matrix product. Subscripts name
 * each operand's axes with letters; a label repeated within an operand takes a diagonal;
 * labels absent from the output (after `->`, or, without one, those used once, in
 * alphabetical order) are summed; `...` stands for broadcast axes. Computed with
 * `dot_general` in an order that keeps intermediates small.
 * @example np.einsum("ij,jk->ik", a, b)   // a @ b
 * @example np.einsum("ii", m)             // trace
 * @example np.einsum("bij,bjk->bik", x, y) // batched matrix product
 */
export function einsum(subscripts: string, ...args: (TensorLike | EinsumOptions)[]): Tensor {
  const op = "np.einsum";
  if (typeof subscripts !== "string") throw new ArgumentError(`${op}: the first argument must be the subscripts string, e.g. "ij,jk->ik".`);
  const opts = args.length > 0 && isOptions(args[args.length - 1]) ? (args.pop() as EinsumOptions) : {};
  const operands = promote(op, args as TensorLike[]).map((t) => (t.dtype === "bool" ? convert(t, "int32") : t));
  const spec = subscripts.replace(/\s+/g, "");
  const arrow = spec.indexOf("->");
  const inputs = (arrow < 0 ? spec : spec.slice(0, arrow)).split(",");
  if (inputs.length !== operands.length) {
    throw new ArgumentError(`${op}: the subscripts ${JSON.stringify(subscripts)} describe ${inputs.length} operand(s), but ${operands.length} were given.`);
  }
  let terms: Term[] = inputs.map((s, i) => ({ t: operands[i], labels: parseTerm(op, s, operands[i].ndim, `operand ${i}`) }));

  // Sizes per label; size-1 broadcast axes stretch to the others' size.
  const size = new Map<string, number>();
  for (const [i, term] of terms.entries()) {
    term.labels.forEach((l, k) => {
      const n = term.t.shape[k];
      const prev = size.get(l);
      if (prev === undefined || prev === 1) size.set(l, n);
      else if (n !== prev && !(n === 1 && l.startsWith("…"))) {
        throw new ShapeError(`${op}: label ${JSON.stringify(l.startsWith("…") ? "..." : l)} has size ${prev} in one operand but ${n} in operand ${i} (shape ${showShape(term.t.shape)}).`);
      }
    });
  }
  const counts = new Map<string, number>();
  for (const term of terms) for (const l of term.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  const ellipsisLabels = [...size.keys()].filter((l) => l.startsWith("…")).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const nEllipsis = ellipsisLabels.length;
  let output: string[];
  if (arrow < 0) {
    output = [...ellipsisLabels, ...[...counts].filter(([l, c]) => c === 1 && !l.startsWith("…")).map(([l]) => l).sort()];
  } else {
    const outSpec = spec.slice(arrow + 2);
    output = parseTerm(op, outSpec, (outSpec.includes("...") ? nEllipsis : 0) + outSpec.replace("...", "").length, "the output");
    for (const l of output) {
      if (!size.has(l)) throw new ArgumentError(`${op}: the output label ${JSON.stringify(l)} appears in no operand.`);
      if (output.indexOf(l) !== output.lastIndexOf(l)) throw new ArgumentError(`${op}: the output label ${JSON.stringify(l)} is repeated.`);
    }
  }
  // Broadcast axes stretched to their full size, so dot_general sees equal sizes.
  terms = terms.map((term) => {
    const full = term.labels.map((l) => size.get(l)!);
    return full.every((n, k) => n === term.t.shape[k]) ? term : { t: broadcastInDim(term.t, full, full.map((_, k) => k)), labels: term.labels };
  });

  const neededBy = (rest: readonly Term[]) => new Set([...output, ...rest.flatMap((t) => t.labels)]);
  terms = terms.map((term, i) => sumOut(diagonals(term), neededBy(terms.filter((_, j) => j !== i))));
  while (terms.length > 1) {
    let [bi, bj] = [0, 1];
    if (opts.optimize !== false) {
      let best = Infinity;
      for (let i = 0; i < terms.length; i++) {
        for (let j = i + 1; j < terms.length; j++) {
          const s = resultSize(terms[i], terms[j], neededBy(terms.filter((_, k) => k !== i && k !== j)), size);
          if (s < best) [best, bi, bj] = [s, i, j];
        }
      }
    }
    const rest = terms.filter((_, k) => k !== bi && k !== bj);
    terms = [...rest, contract(terms[bi], terms[bj], neededBy(rest))];
  }
  const last = sumOut(terms[0], new Set(output));
  if (last.labels.length === 0 && output.length === 0) return last.t;
  const perm = output.map((l) => last.labels.indexOf(l));
  if (perm.some((p) => p < 0)) throw new InternalError("internal: einsum lost an output label");
  return perm.every((p, k) => p === k) ? last.t : bind1("transpose", [last.t], { permutation: perm });
}
