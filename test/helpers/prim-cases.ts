/**
 * One test case per primitive: a function of float64 inputs exercising it (through the
 * public API where there is one), the input shapes to try, and the domain where it is
 * smooth. The transform property tests (jvp vs finite differences, vjp vs jvp, vmap vs a
 * loop) run over this catalogue, and a coverage test checks every primitive is in it.
 */
import { type Prim, type Tensor, checkpoint, debug, lax, nn, np, random } from "../../src";
import { bind1 } from "../../src/core/trace";

export interface PrimCase {
  readonly name: string;
  /** The primitives this case exercises (coverage is checked against the full set). */
  readonly prims: readonly Prim[];
  /** Alternative input shape lists (one shape per input). */
  readonly shapes: readonly (readonly (readonly number[])[])[];
  readonly fn: (...xs: Tensor[]) => Tensor;
  /** Per-input [lo, hi] sampling range (default [-2, 2]). */
  readonly domain?: readonly (readonly [number, number])[];
  /** False for piecewise-constant or non-float outputs: derivative checks expect zero. */
  readonly smooth?: boolean;
  /** False when reverse mode is refused (whileLoop): the vjp test expects the refusal. */
  readonly reverse?: boolean;
}

const U: (readonly (readonly number[])[])[] = [[[]], [[3]], [[2, 3]], [[1, 4]]];
const B: (readonly (readonly number[])[])[] = [
  [[], []],
  [[3], [3]],
  [[2, 3], [2, 3]],
  [[2, 3], []],
  [[], [4]],
  [[2, 1], [1, 3]],
];

/** Two operands in [−1, 1], for the complex cases that shift them off the branch cuts. */
const UNIT_PAIR: PrimCase["domain"] = [
  [-1, 1],
  [-1, 1],
];
/** z = (x + 3) + iy: Re z ≥ 2 keeps log, sqrt and pow away from their branch cut and abs away from 0. */
const rightOfCut = (x: Tensor, y: Tensor) => lax.complex(...broadcastPair(np.add(x, 3), y));

const unary = (name: string, prim: Prim, fn: (x: Tensor) => Tensor, domain: [number, number] = [-2, 2]): PrimCase => ({
  name,
  prims: [prim],
  shapes: U,
  fn,
  domain: [domain],
});

const binary = (name: string, prim: Prim, fn: (x: Tensor, y: Tensor) => Tensor, dx: [number, number] = [-2, 2], dy = dx): PrimCase => ({
  name,
  prims: [prim],
  shapes: B,
  fn,
  domain: [dx, dy],
});

/** Avoid a neighbourhood of 0 for functions with a kink or pole there. */
const awayFromZero = (f: (x: Tensor) => Tensor) => (x: Tensor) => f(np.add(np.abs(x), 0.2).mul(np.sign(np.add(x, 1e-9))));

/** Matrices made well-conditioned (and eigen/singular values well separated) by a diagonal ramp. */
const ramp = (x: Tensor, step: number) => {
  const [m, n] = x.shape.slice(-2);
  const d = np.multiply(np.eye(m, n), np.reshape(np.arange(Math.min(m, n) > 0 ? 1 : 0, m + 1).mul(step), [m, 1]));
  return np.add(x, d);
};
/** Several results over the same leading axes (`nb` of them), flattened and joined. */
const joined = (nb: number, ...ts: Tensor[]) =>
  np.concatenate(ts.map((t) => np.reshape(t, [...t.shape.slice(0, nb), t.shape.slice(nb).reduce((a, b) => a * b, 1)])), -1);
const mT = (x: Tensor) => np.swapaxes(x, -1, -2);
/** Two operands broadcast to one shape (lax.complex wants equal shapes). */
const broadcastPair = (x: Tensor, y: Tensor): [Tensor, Tensor] => {
  const [a, b] = np.broadcastArrays(x, y);
  return [a, b];
};

const LINALG_CASES: readonly PrimCase[] = [
  { name: "lu", prims: ["lu"], shapes: [[[3, 3]], [[2, 3, 3]], [[4, 3]], [[2, 4]]], fn: (x) => lax.linalg.lu(ramp(x, 6))[0] },
  {
    name: "lu_pivots_to_permutation (pivots are piecewise constant)",
    prims: ["lu_pivots_to_permutation"],
    shapes: [[[3, 3]], [[2, 4, 4]]],
    fn: (x) => np.add(np.sin(x).sum(-1), lax.linalg.luPivotsToPermutation(lax.linalg.lu(x)[1], x.shape[x.ndim - 1]).astype("float64")),
  },
  {
    name: "triangular_solve (left, lower)",
    prims: ["triangular_solve"],
    shapes: [[[3, 3], [3, 2]], [[2, 3, 3], [2, 3, 1]]],
    fn: (a, b) => lax.linalg.triangularSolve(ramp(a, 6), b, { leftSide: true, lower: true }),
  },
  {
    name: "triangular_solve (right, upper, transposed, unit diagonal)",
    prims: ["triangular_solve"],
    shapes: [[[3, 3], [2, 3]], [[2, 2, 2], [2, 4, 2]]],
    fn: (a, b) => lax.linalg.triangularSolve(np.multiply(a, 0.3), b, { transposeA: true, unitDiagonal: true }),
  },
  { name: "cholesky", prims: ["cholesky"], shapes: [[[3, 3]], [[2, 2, 2]]], fn: (x) => lax.linalg.cholesky(ramp(np.matmul(x, mT(x)), 1)) },
  {
    name: "qr",
    prims: ["qr"],
    shapes: [[[4, 3]], [[3, 3]], [[2, 3, 2]]],
    fn: (x) => {
      const [q, r] = lax.linalg.qr(ramp(x, 3), { fullMatrices: false });
      return joined(x.ndim - 2, q, r);
    },
  },
  {
    name: "eigh",
    prims: ["eigh"],
    shapes: [[[3, 3]], [[2, 3, 3]], [[1, 1]]],
    fn: (x) => {
      const [v, w] = lax.linalg.eigh(ramp(x, 15));
      return joined(x.ndim - 2, w, np.square(v));
    },
  },
  {
    name: "svd",
    prims: ["svd"],
    shapes: [[[4, 3]], [[2, 4]], [[2, 3, 3]]],
    fn: (x) => {
      const [u, s, vh] = lax.linalg.svd(ramp(x, 15), { fullMatrices: false });
      return joined(x.ndim - 2, s, np.square(u), np.square(vh), lax.linalg.svd(ramp(x, 15), { computeUv: false }));
    },
  },
];

export const CASES: readonly PrimCase[] = [
  unary("exp", "exp", np.exp),
  unary("exp2", "exp2", np.exp2),
  unary("log", "log", np.log, [0.2, 3]),
  unary("log1p", "log1p", np.log1p, [-0.8, 3]),
  unary("expm1", "expm1", np.expm1),
  unary("sin", "sin", np.sin),
  unary("cos", "cos", np.cos),
  unary("tan", "tan", np.tan, [-1.2, 1.2]),
  unary("arcsin", "asin", np.arcsin, [-0.9, 0.9]),
  unary("arccos", "acos", np.arccos, [-0.9, 0.9]),
  unary("arctan", "atan", np.arctan),
  unary("sinh", "sinh", np.sinh),
  unary("cosh", "cosh", np.cosh),
  unary("tanh", "tanh", np.tanh),
  unary("arcsinh", "asinh", np.arcsinh),
  unary("arccosh", "acosh", np.arccosh, [1.1, 3]),
  unary("arctanh", "atanh", np.arctanh, [-0.9, 0.9]),
  unary("sigmoid", "logistic", nn.sigmoid),
  unary("sqrt", "sqrt", np.sqrt, [0.2, 3]),
  unary("rsqrt", "rsqrt", lax.rsqrt, [0.2, 3]),
  unary("cbrt", "cbrt", awayFromZero(np.cbrt)),
  unary("abs", "abs", awayFromZero(np.abs)),
  unary("square", "square", np.square),
  unary("negative", "neg", np.negative),
  { name: "integer_pow", prims: ["integer_pow"], shapes: U, fn: (x) => np.add(np.add(np.power(x, 3), np.power(x, 2)), np.add(np.power(x, -2), np.power(x, 0))), domain: [[0.5, 2]] },
  { name: "sign/floor/ceil/round", prims: ["sign", "floor", "ceil", "round"], shapes: U, fn: (x) => np.add(np.add(np.sign(x), np.floor(x)), np.add(np.ceil(x), np.round(x))), smooth: false },
  { name: "stop_gradient", prims: ["stop_gradient"], shapes: U, fn: (x) => bind1("stop_gradient", [x], {}), smooth: false },
  binary("add", "add", np.add),
  binary("subtract", "sub", np.subtract),
  binary("multiply", "mul", np.multiply),
  binary("divide", "div", np.divide, [-2, 2], [0.5, 2]),
  binary("fmod", "rem", np.fmod, [0.2, 0.8], [1, 2]),
  binary("power", "pow", (x, y) => np.power(x, y), [0.5, 2], [-2, 2]),
  binary("maximum", "max", np.maximum),
  binary("minimum", "min", np.minimum),
  binary("arctan2", "atan2", np.arctan2, [-2, 2], [0.5, 2]),
  {
    name: "add_any",
    prims: ["add_any"],
    shapes: [[[3], [3]], [[2, 3], [2, 3]]],
    fn: (x, y) => bind1("add_any", [x, y], {}),
  },
  {
    name: "comparisons and logic",
    prims: ["eq", "ne", "lt", "le", "gt", "ge", "and", "or", "xor", "not", "is_finite"],
    shapes: B,
    fn: (x, y) => {
      const a = np.logicalAnd(np.greater(x, y), np.lessEqual(x, 1));
      const b = np.logicalOr(np.less(x, y), np.greaterEqual(y, 0));
      const c = np.logicalXor(np.equal(x, y), np.notEqual(x, 0.5));
      const d = np.logicalAnd(np.logicalNot(a), np.isfinite(x));
      return np.where(np.logicalOr(np.logicalAnd(b, c), d), x, y);
    },
  },
  {
    name: "convert_element_type",
    prims: ["convert_element_type"],
    shapes: U,
    fn: (x) => np.add(x.astype("float32").astype("float64").mul(0), np.multiply(x, x.astype("int32").astype("float64").add(1))),
    domain: [[0.1, 0.9]],
  },
  {
    name: "select_n",
    prims: ["select_n"],
    shapes: [[[3], [3], [3]], [[2, 3], [], [2, 3]], [[], [], []]],
    fn: (c, x, y) => np.where(np.greater(c, 0), np.multiply(x, x), np.sin(y)),
    domain: [[-2, 2], [-2, 2], [-2, 2]],
  },
  {
    name: "reductions",
    prims: ["reduce_sum", "reduce_max", "reduce_min", "reduce_prod"],
    shapes: [[[2, 3]], [[4]], [[1, 3]], [[2, 2, 3]]],
    fn: (x) =>
      np.add(
        np.add(np.sum(x, 0), np.max(x, -1, { keepdims: true }).sum()),
        np.add(np.min(x, 0), np.prod(x, -1, { keepdims: true }).sum()),
      ),
  },
  {
    name: "prod with zeros",
    prims: ["reduce_prod"],
    shapes: [[[4]], [[2, 3]]],
    fn: (x) => np.prod(np.multiply(x, np.array(x.ndim === 1 ? [1, 0, 1, 1] : [[1, 0, 1], [0, 1, 0]])), -1),
  },
  { name: "boolean reductions", prims: ["reduce_and", "reduce_or"], shapes: [[[2, 3]]], fn: (x) => np.where(np.all(np.greater(x, -5), 0), np.any(np.greater(x, 1), 0).astype("float64").add(x.sum(0)), 0) },
  { name: "argmax/argmin", prims: ["argmax", "argmin"], shapes: [[[2, 3]], [[4]]], fn: (x) => np.add(np.argmax(x, 0).astype("float64"), np.argmin(x, -1).astype("float64").sum()), smooth: false },
  { name: "cumsum", prims: ["cumsum"], shapes: [[[4]], [[2, 3]]], fn: (x) => np.add(np.cumsum(x, 0), lax.cumsum(x, 0, { reverse: true })) },
  {
    name: "cumprod, cummax, cummin (derivatives through the associative scan)",
    prims: ["cumprod", "cummax", "cummin"],
    shapes: [[[5]], [[3, 4]]],
    fn: (x) => np.add(np.add(np.cumprod(x, -1), lax.cummax(x, 0, { reverse: true })), np.sin(lax.cummin(x, -1))),
  },
  { name: "broadcast_in_dim", prims: ["broadcast_in_dim"], shapes: [[[3]], [[1, 3]], [[]]], fn: (x) => np.sin(np.broadcastTo(x, [2, 2, 3])) },
  { name: "reshape", prims: ["reshape"], shapes: [[[2, 3]], [[6]]], fn: (x) => np.sin(np.reshape(x, [3, 2])) },
  { name: "transpose", prims: ["transpose"], shapes: [[[2, 3]], [[2, 3, 4]]], fn: (x) => np.sin(np.transpose(x)) },
  { name: "squeeze", prims: ["squeeze"], shapes: [[[1, 3]], [[2, 1, 1]]], fn: (x) => np.sin(np.squeeze(x)) },
  { name: "slice", prims: ["slice"], shapes: [[[6]], [[4, 5]]], fn: (x) => np.sin(x.ndim === 1 ? x.slice([1, null, 2]) : x.slice([0, 3], [null, null, -2])) },
  { name: "rev", prims: ["rev"], shapes: [[[4]], [[2, 3]]], fn: (x) => np.multiply(np.flip(x, 0), x) },
  {
    name: "pad",
    prims: ["pad"],
    shapes: [[[4], []], [[2, 3], []]],
    fn: (x, v) => np.sin(lax.pad(x, v, x.shape.map((_, d) => (d === 0 ? [1, -1, 1] : [0, 2, 0]) as [number, number, number]))),
  },
  { name: "concatenate", prims: ["concatenate"], shapes: [[[2], [3]], [[2, 3], [1, 3]]], fn: (x, y) => np.sin(np.concatenate([x, y, x])) },
  {
    name: "dynamic_slice",
    prims: ["dynamic_slice"],
    shapes: [[[5]], [[4, 3]]],
    fn: (x) => np.sin(lax.dynamicSlice(x, x.shape.map((_, d) => d + 1), x.shape.map((s) => s - 2))),
  },
  {
    name: "dynamic_update_slice",
    prims: ["dynamic_update_slice"],
    shapes: [[[5], [2]], [[4, 3], [2, 2]]],
    fn: (x, u) => np.sin(lax.dynamicUpdateSlice(x, np.multiply(u, u), x.shape.map(() => 1))),
  },
  {
    name: "takeAlongAxis (a gather with batching dims)",
    prims: ["gather"],
    shapes: [[[4]], [[3, 4]]],
    fn: (x) => np.sin(np.takeAlongAxis(x, np.array(x.ndim === 1 ? [3, 0, 0, -1] : [[2], [0], [1]], "int32"), -1)),
  },
  {
    name: "putAlongAxis (a scatter with batching dims)",
    prims: ["scatter"],
    shapes: [[[4], [3]], [[2, 4], [2, 2]]],
    fn: (x, u) => np.sin(np.putAlongAxis(x, np.array(u.ndim === 1 ? [1, 3, 0] : [[0, 3], [2, 1]], "int32"), np.multiply(u, 2), -1)),
  },
  {
    name: "gather (integer arrays, repeats, negatives; batched indices under vmap)",
    prims: ["gather"],
    shapes: [[[4], [4]], [[3, 4], [3]]],
    // The index depends on y (argsort), so vmap over y batches the indices too.
    fn: (x, y) => np.sin(x.slice(np.concatenate([np.argsort(y).slice([0, 2]), np.array([-1, 0], "int32")]))).mul(x.slice(0).sum()),
    smooth: true,
  },
  {
    name: "gather (mixed with ranges and new axes; fill mode)",
    prims: ["gather"],
    shapes: [[[3, 4]], [[2, 5]]],
    fn: (x) => np.add(x.slice([null, null, -1], np.array([[0, 2], [1, 1]], "int32")).sum(-1), x.at([], np.array([1, 9], "int32")).get({ mode: "fill", fillValue: 0 })),
  },
  {
    name: "scatter-add (repeated indices accumulate; batched indices under vmap)",
    prims: ["scatter-add"],
    shapes: [[[4], [3], [3]], [[4, 2], [3, 2], [3]]],
    fn: (x, u, k) => np.sin(x.at(np.concatenate([np.argsort(k).slice([0, 2]), np.array([1], "int32")])).add(np.multiply(u, u))),
  },
  {
    name: "scatter (set; the last of repeated updates wins)",
    prims: ["scatter"],
    shapes: [[[4], [3]], [[3, 2], [3, 2]]],
    fn: (x, u) => np.multiply(x.at(np.array([2, 0, 2], "int32")).set(np.sin(u)), x),
  },
  {
    name: "scatter-mul (unique indices)",
    prims: ["scatter-mul"],
    shapes: [[[4], [2]], [[3, 2], [2, 2]]],
    fn: (x, u) => np.sin(x.at(np.array([2, 0], "int32")).multiply(u, { uniqueIndices: true })),
  },
  {
    name: "scatter-min and scatter-max (repeated indices)",
    prims: ["scatter-min", "scatter-max"],
    shapes: [[[4], [3]], [[3, 2], [3, 2]]],
    fn: (x, u) => np.add(x.at(np.array([1, 3, 1], "int32").slice([0, x.shape[0] - 1])).min(u.slice([0, x.shape[0] - 1])), np.square(x.at(np.array([0, 0, 2], "int32")).max(np.multiply(u, 2)))),
  },
  {
    name: "iota",
    prims: ["iota"],
    shapes: [[[3]]],
    fn: (x) => np.multiply(x, lax.iota("float64", 3)),
  },
  {
    // Keys from the input's values: vmap over x batches the keys (random_bits' batching rule).
    name: "random_bits",
    prims: ["random_bits"],
    shapes: [[[]], [[3]]],
    fn: (x) => {
      const seed = np.floor(np.multiply(np.sum(x), 8)).astype("int32");
      const k = np.stack([seed, np.multiply(seed, 7)]);
      return np.add(np.zerosLike(x), random.uniform(k, [2]).sum()).add(random.bits(random.foldIn(k, 3), [2]).astype("float64").sum());
    },
    smooth: false,
  },
  {
    name: "debug_callback (an effect with no outputs: the values around it are unchanged)",
    prims: ["debug_callback"],
    shapes: U,
    fn: (x) => {
      const y = np.sin(x);
      debug.callback(() => undefined, y, x.mul(2));
      return y.mul(x);
    },
  },
  ...LINALG_CASES,
  {
    name: "reduce_window_sum / max / min (pooling)",
    prims: ["reduce_window_sum", "reduce_window_max", "reduce_window_min"],
    shapes: [[[1, 5, 4, 2]], [[2, 4, 4, 1]]],
    fn: (x) =>
      np.concatenate(
        [
          nn.maxPool(x, [2, 2], { strides: [1, 2], padding: "SAME" }),
          nn.minPool(x, [2, 2], { strides: [1, 2], padding: "SAME" }),
          nn.avgPool(x, [2, 2], { strides: [1, 2], padding: "SAME" }),
        ],
        -1,
      ),
  },
  {
    name: "reduce_window_sum with base and window dilation",
    prims: ["reduce_window_sum"],
    shapes: [[[7]], [[2, 6]]],
    fn: (x) => lax.reduceWindow(x, 0, lax.add, x.shape.map((_, d) => (d === x.ndim - 1 ? 3 : 1)), x.shape.map(() => 1), x.shape.map((_, d) => (d === x.ndim - 1 ? [1, -1] : [0, 0]) as [number, number]), x.shape.map((_, d) => (d === x.ndim - 1 ? 2 : 1)), x.shape.map((_, d) => (d === x.ndim - 1 ? 2 : 1))),
  },
  {
    name: "select_and_gather_add (the tangent at each window's maximum)",
    prims: ["select_and_gather_add"],
    shapes: [[[6], [6]], [[2, 5], [2, 5]]],
    fn: (t, x) => {
      const n = x.ndim;
      const last = (v: number, other: number) => x.shape.map((_, d) => (d === n - 1 ? v : other));
      return bind1("select_and_gather_add", [np.sin(t), x], {
        select_prim: "ge",
        window_dimensions: last(2, 1),
        window_strides: last(2, 1),
        padding: x.shape.map((_, d) => (d === n - 1 ? [1, 0] : [0, 0]) as [number, number]),
        base_dilation: last(1, 1),
        window_dilation: last(1, 1),
      }).mul(np.sum(t));
    },
  },
  {
    name: "select_and_scatter_add (each window's source added at its minimum)",
    prims: ["select_and_scatter_add"],
    shapes: [[[3], [6]], [[2, 3], [2, 6]]],
    fn: (s, x) => {
      const n = x.ndim;
      const last = (v: number, other: number) => x.shape.map((_, d) => (d === n - 1 ? v : other));
      return bind1("select_and_scatter_add", [np.sin(s), x], {
        select_prim: "le",
        window_dimensions: last(3, 1),
        window_strides: last(2, 1),
        padding: x.shape.map((_, d) => (d === n - 1 ? [1, 0] : [0, 0]) as [number, number]),
      }).mul(np.sum(s));
    },
  },
  {
    name: "conv_general_dilated (SAME, strides)",
    prims: ["conv_general_dilated"],
    shapes: [
      [[1, 2, 5, 4], [3, 2, 3, 2]],
      [[2, 1, 6], [2, 1, 3]],
    ],
    fn: (x, w) => lax.convGeneralDilated(x, w, x.ndim === 4 ? [2, 1] : [1], "SAME"),
  },
  {
    name: "conv_general_dilated (groups, dilations, negative padding, NHWC)",
    prims: ["conv_general_dilated"],
    shapes: [[[2, 5, 4, 4], [2, 2, 2, 4]]],
    fn: (x, w) =>
      lax.convGeneralDilated(x, w, [1, 1], [[1, -1], [2, 0]], { lhsDilation: [1, 2], rhsDilation: [2, 1], dimensionNumbers: ["NHWC", "HWIO", "NHWC"], featureGroupCount: 2 }),
  },
  {
    name: "conv_general_dilated (batch groups)",
    prims: ["conv_general_dilated"],
    shapes: [[[4, 2, 3, 3], [4, 2, 2, 2]]],
    fn: (x, w) => lax.convGeneralDilated(x, w, [1, 1], "VALID", { batchGroupCount: 2 }),
  },
  { name: "argsort", prims: ["argsort"], shapes: [[[4]], [[2, 3]]], fn: (x) => np.add(np.sort(x, -1), np.argsort(x, 0).astype("float64")) },
  {
    name: "dot_general",
    prims: ["dot_general"],
    shapes: [
      [[2, 3], [3, 4]],
      [[3], [3]],
      [[2, 2, 3], [2, 3, 2]],
      [[4], [4, 2]],
      // Large enough for jit's dot kernels (WebAssembly from 512 multiply-adds), with edges.
      [[9, 13], [13, 7]],
      [[2, 5, 17], [2, 17, 6]],
    ],
    fn: (a, b) => (a.ndim === 3 ? np.matmul(a, b) : np.dot(a, b)),
  },
  {
    name: "cond",
    prims: ["cond"],
    shapes: [[[3]], [[]], [[2, 2]]],
    fn: (x) => lax.cond(np.greater(np.sum(x), 0), (a: Tensor) => np.sin(a).mul(a), (a: Tensor) => a.mul(3).add(1), x),
  },
  {
    name: "switch (3 branches, operand pytree)",
    prims: ["cond"],
    shapes: [[[3], [3]], [[], []]],
    fn: (x, y) =>
      lax.switch(
        np.floor(np.abs(np.sum(x))).astype("int32"),
        [(p: { a: Tensor; b: Tensor }) => p.a.mul(p.b), (p: { a: Tensor; b: Tensor }) => np.exp(p.a).sub(p.b), (p: { a: Tensor; b: Tensor }) => p.b.mul(p.b)],
        { a: x, b: y },
      ),
    domain: [[0.1, 0.9], [-2, 2]],
  },
  {
    name: "while",
    prims: ["while"],
    shapes: [[[3]], [[]]],
    fn: (x) => lax.whileLoop(([i]: [Tensor, Tensor]) => np.less(i, 3), ([i, y]: [Tensor, Tensor]) => [i.add(1), np.sin(y).add(y.mul(0.5))] as [Tensor, Tensor], [0, x])[1],
    reverse: false,
  },
  {
    name: "while with a value-dependent stop",
    prims: ["while"],
    shapes: [[[]], [[2]]],
    fn: (x) => lax.whileLoop((y: Tensor) => np.less(np.sum(np.abs(y)), 40), (y: Tensor) => y.mul(1.7).add(0.3), x),
    domain: [[0.5, 2]],
    reverse: false,
  },
  {
    name: "scan",
    prims: ["scan"],
    shapes: [[[], [4]], [[3], [4, 3]]],
    fn: (c0, xs) => {
      const [c, ys] = lax.scan((c: Tensor, x: Tensor) => [c.mul(np.cos(x)).add(x), np.sin(c.mul(x))] as const, c0, xs);
      return np.add(c, np.sum(ys, 0));
    },
  },
  {
    name: "scan in reverse, checkpointed body",
    prims: ["scan", "checkpoint"],
    shapes: [[[], [5]], [[2], [3, 2]]],
    fn: (c0, xs) => {
      const body = checkpoint((c: Tensor, x: Tensor) => [np.tanh(c.add(x)), c.mul(x)] as const);
      const [c, ys] = lax.scan(body, c0, xs, { reverse: true });
      return np.add(c, np.sum(ys, 0));
    },
  },
  {
    name: "foriLoop",
    prims: ["scan"],
    shapes: [[[]], [[3]]],
    fn: (x) => lax.foriLoop(0, 4, (i: Tensor, y: Tensor) => np.sin(y).mul(i.astype("float64").add(0.5)).add(x), x),
  },
  {
    name: "checkpoint",
    prims: ["checkpoint"],
    shapes: [[[3]], [[]]],
    fn: (x) => checkpoint((a: Tensor) => np.sin(np.exp(a.mul(0.5))))(x),
  },
  {
    name: "dot_general (contracting several, batch not leading)",
    prims: ["dot_general"],
    shapes: [
      [[3, 2, 4], [4, 3, 2]],
      [[5, 3, 9], [9, 5, 3]],
    ],
    fn: (a, b) => lax.dotGeneral(a, b, [[[2, 0], [0, 1]], [[1], [2]]]),
  },
  // Complex values inside real functions: every transform and jit see the complex
  // primitives and the expansions of the real ones (the jit lowers them to real code).
  {
    name: "complex arithmetic (complex, real, imag, add, mul, div, neg, square)",
    prims: ["complex", "real", "imag"],
    shapes: B,
    fn: (x, y) => {
      const z = lax.complex(...broadcastPair(x, y));
      const w = lax.complex(...broadcastPair(np.add(y, 2.5), np.multiply(x, 0.5)));
      const q = np.divide(np.multiply(z, w), np.subtract(w, np.square(z).mul(0.1)));
      return np.add(np.real(q), np.imag(np.negative(q)).mul(0.7));
    },
  },
  {
    name: "complex abs, exp, log, sqrt, sin, cos, integer_pow, conj",
    prims: ["conj"],
    shapes: B,
    domain: UNIT_PAIR,
    fn: (x, y) => {
      const z = rightOfCut(x, y);
      const terms = [np.exp(z.mul(0.3)), np.log(z), np.sqrt(z), np.sin(z), np.cos(z), lax.integerPow(z, 3), lax.integerPow(z, -2), z.conj()];
      const total = terms.reduce((a, b) => np.add(a, b));
      return np.add(np.abs(total), np.real(total).mul(0.25));
    },
  },
  {
    name: "complex tan, tanh, sinh, cosh, exp2, expm1, log1p, pow",
    prims: ["complex"],
    shapes: B,
    domain: UNIT_PAIR,
    fn: (x, y) => {
      const z = rightOfCut(x, y);
      const w = lax.complex(...broadcastPair(np.multiply(y, 0.5), np.add(x, 0.25)));
      const terms = [np.tan(w), np.tanh(w), np.sinh(w), np.cosh(w), np.exp2(w), np.expm1(w), np.log1p(z), np.power(z, w), np.power(z, 1.5)];
      const total = terms.reduce((a, b) => np.add(a, b));
      return np.add(np.abs(total), np.imag(total).mul(0.5));
    },
  },
  {
    name: "complex sums, products, shape ops, selects",
    prims: ["complex"],
    shapes: [
      [[2, 3], [2, 3]],
      [[3, 2], [3, 2]],
    ],
    fn: (x, y) => {
      const z = lax.complex(x, y);
      const m = np.matmul(z, np.transpose(z));
      const s = np.concatenate([np.sum(z, 0, { keepdims: true }), np.cumsum(z, 0), np.flip(z, 1)], 0);
      const picked = np.where(np.greater(x, 0), z, np.conj(z));
      return np.concatenate([np.ravel(np.abs(m)), np.ravel(np.imag(s)), np.ravel(np.real(picked.mul(z)))]);
    },
  },
  {
    name: "fft and ifft",
    prims: ["fft"],
    shapes: [
      [[4], [4]],
      [[2, 5], [2, 5]],
      [[3, 4], [3, 4]],
    ],
    fn: (x, y) => {
      const z = lax.complex(x, y);
      const f = np.fft.fft(z);
      const g = np.fft.ifft(np.multiply(f, np.fft.fft(z.conj())));
      const h = x.ndim === 2 ? np.fft.fft2(z) : np.fft.fft(z, 7);
      return np.concatenate([np.ravel(np.real(f)), np.ravel(np.imag(g)), np.ravel(np.real(h)), np.ravel(np.imag(h))]);
    },
  },
  {
    name: "rfft and irfft",
    prims: ["fft"],
    shapes: [[[6]], [[5]], [[2, 4]], [[3, 6]]],
    fn: (x) => {
      const r = np.fft.rfft(x);
      const back = np.fft.irfft(np.multiply(r, r), x.shape[x.ndim - 1]);
      const two = x.ndim === 2 ? np.fft.irfft2(np.fft.rfft2(np.sin(x)), x.shape) : np.fft.irfft(np.fft.rfft(np.sin(x)), 9);
      return np.concatenate([np.ravel(np.real(r)), np.ravel(np.imag(r)), np.ravel(back), np.ravel(two)]);
    },
  },
];
