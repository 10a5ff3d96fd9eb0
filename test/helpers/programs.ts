/**
 * Random well-typed programs over the np API, for differential tests. A program is a list
 * of steps over a growing pool of values; each step picks an op and operands by index,
 * and only ops that fit the operands' shapes are chosen, so every program runs. fast-check
 * shrinks the integer choices, so failures shrink to short programs. `describeProgram`
 * prints a failing case as code to paste into a test.
 */
import fc from "fast-check";
import { type DType, type Tensor, checkpoint, customJvp, debug, lax, nn, np, random, scipy } from "../../src";

export interface InputSpec {
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/**
 * Which ops a program may use: every op; those reverse mode supports (no whileLoop);
 * or the smooth ones, whose derivatives finite differences can check.
 */
export type Family = "all" | "differentiable" | "smooth";

export interface Program {
  readonly family?: Family;
  readonly inputs: readonly InputSpec[];
  /** Each step: [op choice, operand choice, operand choice, param choice]. */
  readonly steps: readonly (readonly [number, number, number, number])[];
}

type Op = {
  readonly name: string;
  /** Whether the op applies to these operands. */
  readonly fits: (x: Tensor, y: Tensor) => boolean;
  readonly apply: (x: Tensor, y: Tensor, p: number) => Tensor;
  /** How the op reads, for printing a failing program. */
  readonly show: (x: string, y: string, p: number, xv: Tensor) => string;
  /** Differentiable everywhere the generated inputs reach (checked against finite differences). */
  readonly smooth?: boolean;
  /** Reverse mode refuses it (as JAX refuses reverse mode through while_loop). */
  readonly forwardOnly?: boolean;
};

const isFloat = (t: Tensor) => t.dtype === "float64" || t.dtype === "float32";
const anyT = () => true;
const broadcastable = (x: Tensor, y: Tensor) => {
  const n = Math.max(x.ndim, y.ndim);
  for (let i = 1; i <= n; i++) {
    const a = x.shape[x.ndim - i] ?? 1;
    const b = y.shape[y.ndim - i] ?? 1;
    if (a !== b && a !== 1 && b !== 1) return false;
  }
  return true;
};
const isSquareFloat = (x: Tensor) => isFloat(x) && x.ndim === 2 && x.shape[0] === x.shape[1] && x.shape[0] > 0;
/** x + (Σx² + n²)·I: strictly diagonally dominant with a positive diagonal, smooth in x. */
const dominant = (x: Tensor) => np.add(x, np.multiply(np.eye(x.shape[0], null, 0, x.dtype), np.add(np.sum(np.square(x)), x.shape[0] ** 2)));
const dominantText = (x: string) => `np.add(${x}, np.multiply(np.eye(${x}.shape[0], null, 0, ${x}.dtype), np.add(np.sum(np.square(${x})), ${x}.shape[0] ** 2)))`;
/** A symmetric matrix (also its singular values) with eigenvalues at least 2 apart: the ramp 0, c, 2c… with c beyond the spread of x + xᵀ. */
const separated = (x: Tensor) => {
  const n = x.shape[0];
  const c = np.add(np.multiply(np.sqrt(np.add(np.sum(np.square(x)), 1)), 4), 2);
  const ramp = np.multiply(np.diag(np.arange(1, n + 1, null, x.dtype)), c);
  return np.add(np.add(x, x.T), ramp);
};
const separatedText = (x: string) =>
  `np.add(np.add(${x}, ${x}.T), np.multiply(np.diag(np.arange(1, ${x}.shape[0] + 1, null, ${x}.dtype)), np.add(np.multiply(np.sqrt(np.add(np.sum(np.square(${x})), 1)), 4), 2)))`;
const axisOf = (x: Tensor, p: number) => (x.ndim === 0 ? 0 : p % x.ndim);
/** Three row indices of an axis of length n, with a repeat and a negative one. */
const rowIndices = (n: number, p: number) => [p % n, -1 - ((p >> 2) % n), p % n];
/** Indices computed from y's values (a bilinear sample's shape: floor of a scaled coordinate), some out of [0, n). */
const computedIndex = (y: Tensor, n: number, scale: number) => np.floor(np.abs(y.astype("float64")).mul(scale * n)).astype("int32");
const computedIndexText = (y: string, n: number, scale: number) => `np.floor(np.abs(${y}.astype("float64")).mul(${scale * n})).astype("int32")`;
const inRangeIndex = (y: Tensor, n: number, scale: number) => np.clip(np.floor(np.abs(y.astype("float64")).mul(scale * n)), 0, n - 1).astype("int32");
const inRangeIndexText = (y: string, n: number, scale: number) => `np.clip(np.floor(np.abs(${y}.astype("float64")).mul(${scale * n})), 0, ${n - 1}).astype("int32")`;
/** A boolean mask over an axis of length n, from the bits of p. */
const maskOf = (n: number, p: number) => Array.from({ length: n }, (_, i) => ((p >> i) & 1) === 1);

const unary = (name: string, f: (x: Tensor) => Tensor, expr: string, fits: (x: Tensor) => boolean = anyT, smooth = false): Op => ({
  name,
  fits: (x) => fits(x),
  apply: (x) => f(x),
  show: (x) => expr.replace("$x", x),
  smooth,
});

const binary = (name: string, f: (x: Tensor, y: Tensor) => Tensor, fn: string, smooth = false): Op => ({
  name,
  fits: (x, y) => broadcastable(x, y) && x.dtype === y.dtype,
  apply: f,
  show: (x, y) => `${fn}(${x}, ${y})`,
  smooth,
});

/**
 * What the programs' `debug.callback` steps saw, in order (bounded): a test clears it,
 * runs a program two ways and compares.
 */
export const callbackLog: Tensor[] = [];
const recordCallback = (v: Tensor) => {
  if (callbackLog.length < 1000) callbackLog.push(v);
};

/** A user-defined derivative in programs: sin with its rule written out (so cos must come out). */
const ruledSin = customJvp((x: Tensor) => np.sin(x));
ruledSin.defjvp(([x]: Tensor[], [t]: Tensor[]) => [ruledSin(x), np.multiply(t, np.cos(x))]);

/**
 * The remaining unary elementwise primitives, one op picking among them by its parameter
 * (inputs squashed into each one's smooth domain), so each is reached without diluting
 * the catalogue.
 */
const UNARY_FAMILY: readonly (readonly [string, (x: Tensor) => Tensor, boolean])[] = [
  ["np.cos($x)", np.cos, true],
  ["np.tan(np.tanh($x))", (x) => np.tan(np.tanh(x)), true],
  ["np.arcsin(np.tanh($x).mul(0.9))", (x) => np.arcsin(np.tanh(x).mul(0.9)), true],
  ["np.arccos(np.tanh($x).mul(0.9))", (x) => np.arccos(np.tanh(x).mul(0.9)), true],
  ["np.arctan($x)", np.arctan, true],
  ["np.sinh(np.tanh($x))", (x) => np.sinh(np.tanh(x)), true],
  ["np.cosh(np.tanh($x))", (x) => np.cosh(np.tanh(x)), true],
  ["np.arcsinh($x)", np.arcsinh, true],
  ["np.arccosh(np.square($x).add(1.5))", (x) => np.arccosh(np.square(x).add(1.5)), true],
  ["np.arctanh(np.tanh($x).mul(0.9))", (x) => np.arctanh(np.tanh(x).mul(0.9)), true],
  ["np.expm1(np.tanh($x))", (x) => np.expm1(np.tanh(x)), true],
  ["np.exp2(np.tanh($x))", (x) => np.exp2(np.tanh(x)), true],
  ["lax.rsqrt(np.square($x).add(0.5))", (x) => lax.rsqrt(np.square(x).add(0.5)), true],
  ["np.cbrt(np.square($x).add(0.5))", (x) => np.cbrt(np.square(x).add(0.5)), true],
  ["np.sign($x)", np.sign, false],
  ["np.ceil($x)", np.ceil, false],
];

/** The op catalogue. Float-only ops require a float operand. */
export const OPS: readonly Op[] = [
  unary("sin", np.sin, "np.sin($x)", isFloat, true),
  unary("exp", (x) => np.exp(np.clip(x, -30, 30)), "np.exp(np.clip($x, -30, 30))", isFloat, true),
  unary("tanh", np.tanh, "np.tanh($x)", isFloat, true),
  unary("sqrtAbs", (x) => np.sqrt(np.abs(x)), "np.sqrt(np.abs($x))", isFloat),
  unary("log1pAbs", (x) => np.log1p(np.abs(x)), "np.log1p(np.abs($x))", isFloat),
  unary("sigmoid", nn.sigmoid, "nn.sigmoid($x)", isFloat, true),
  // custom_jvp functions: their rules, not their bodies, are differentiated.
  unary("softplus", nn.softplus, "nn.softplus($x)", isFloat, true),
  unary("relu", nn.relu, "nn.relu($x)", isFloat),
  unary("erfInv", (x) => lax.erfInv(np.multiply(np.tanh(x), 0.9)), "lax.erfInv(np.multiply(np.tanh($x), 0.9))", isFloat, true),
  // The erf family: piecewise formulas joined by where, each with a custom_jvp rule.
  unary("erfc", lax.erfc, "lax.erfc($x)", isFloat, true),
  unary("logNdtr", scipy.special.logNdtr, "scipy.special.logNdtr($x)", isFloat, true),
  unary("ndtri", (x) => scipy.special.ndtri(nn.sigmoid(x)), "scipy.special.ndtri(nn.sigmoid($x))", isFloat, true),
  unary("lgamma", (x) => lax.lgamma(np.add(np.square(x), 0.5)), "lax.lgamma(np.add(np.square($x), 0.5))", isFloat, true),
  unary("digamma", (x) => lax.digamma(np.add(np.square(x), 0.5)), "lax.digamma(np.add(np.square($x), 0.5))", isFloat, true),
  unary("neg", np.negative, "np.negative($x)", (x) => x.dtype !== "bool", true),
  unary("square", np.square, "np.square($x)", anyT, true),
  unary("abs", np.abs, "np.abs($x)"),
  unary("round", np.round, "np.round($x)", isFloat),
  unary("cube", (x) => np.power(x, 3), "np.power($x, 3)", anyT, true),
  binary("add", np.add, "np.add", true),
  { ...binary("sub", np.subtract, "np.subtract", true), fits: (x, y) => broadcastable(x, y) && x.dtype === y.dtype && x.dtype !== "bool" },
  binary("mul", np.multiply, "np.multiply", true),
  binary("div", np.divide, "np.divide"),
  binary("max", np.maximum, "np.maximum"),
  binary("min", np.minimum, "np.minimum"),
  {
    name: "whereGreater",
    fits: (x, y) => broadcastable(x, y) && x.dtype === y.dtype,
    apply: (x, y) => np.where(np.greater(x, y), x, y),
    show: (x, y) => `np.where(np.greater(${x}, ${y}), ${x}, ${y})`,
  },
  {
    name: "sum",
    smooth: true,
    fits: anyT,
    apply: (x, _y, p) => np.sum(x, x.ndim === 0 ? null : axisOf(x, p)),
    show: (x, _y, p, xv) => `np.sum(${x}, ${xv.ndim === 0 ? "null" : axisOf(xv, p)})`,
  },
  {
    name: "max",
    fits: (x) => x.size > 0,
    apply: (x, _y, p) => np.max(x, x.ndim === 0 ? null : axisOf(x, p), { keepdims: true }),
    show: (x, _y, p, xv) => `np.max(${x}, ${xv.ndim === 0 ? "null" : axisOf(xv, p)}, { keepdims: true })`,
  },
  {
    name: "mean",
    smooth: true,
    fits: (x) => isFloat(x),
    apply: (x) => np.mean(x),
    show: (x) => `np.mean(${x})`,
  },
  {
    name: "cumsum",
    smooth: true,
    fits: (x) => x.ndim > 0,
    apply: (x, _y, p) => np.cumsum(x, axisOf(x, p)),
    show: (x, _y, p, xv) => `np.cumsum(${x}, ${axisOf(xv, p)})`,
  },
  {
    name: "argmax",
    fits: (x) => x.ndim > 0 && x.shape[0] > 0,
    apply: (x) => np.argmax(x, 0).astype(x.dtype),
    show: (x, _y, _p, xv) => `np.argmax(${x}, 0).astype("${xv.dtype}")`,
  },
  {
    name: "sort",
    // Continuous but with kinks where values tie, which finite differences may straddle.
    fits: (x) => x.ndim > 0 && x.dtype !== "bool",
    apply: (x, _y, p) => np.sort(x, axisOf(x, p)),
    show: (x, _y, p, xv) => `np.sort(${x}, ${axisOf(xv, p)})`,
  },
  {
    name: "argsort",
    fits: (x) => x.ndim > 0 && x.dtype !== "bool",
    apply: (x, _y, p) => np.argsort(x, axisOf(x, p)).astype(x.dtype),
    show: (x, _y, p, xv) => `np.argsort(${x}, ${axisOf(xv, p)}).astype("${xv.dtype}")`,
  },
  {
    name: "noise",
    smooth: true,
    fits: (x) => isFloat(x),
    apply: (x, _y, p) => np.add(x, random.uniform(random.key(p), x.shape, { dtype: x.dtype as "float64" | "float32" })),
    show: (x, _y, p, xv) => `np.add(${x}, random.uniform(random.key(${p}), [${xv.shape.join(", ")}], { dtype: "${xv.dtype}" }))`,
  },
  {
    name: "transpose",
    smooth: true,
    fits: (x) => x.ndim >= 2,
    apply: (x) => x.T,
    show: (x) => `${x}.T`,
  },
  {
    name: "reshapeFlat",
    smooth: true,
    fits: anyT,
    apply: (x) => x.reshape([x.size]),
    show: (x, _y, _p, xv) => `${x}.reshape([${xv.size}])`,
  },
  {
    name: "sliceStep",
    smooth: true,
    fits: (x) => x.ndim > 0,
    apply: (x, _y, p) => x.slice([p % 2, null, 1 + (p % 2)]),
    show: (x, _y, p) => `${x}.slice([${p % 2}, null, ${1 + (p % 2)}])`,
  },
  {
    name: "flip",
    smooth: true,
    fits: (x) => x.ndim > 0,
    apply: (x, _y, p) => np.flip(x, axisOf(x, p)),
    show: (x, _y, p, xv) => `np.flip(${x}, ${axisOf(xv, p)})`,
  },
  {
    name: "concat",
    smooth: true,
    fits: (x) => x.ndim > 0,
    apply: (x, _y, p) => np.concatenate([x, x], axisOf(x, p)),
    show: (x, _y, p, xv) => `np.concatenate([${x}, ${x}], ${axisOf(xv, p)})`,
  },
  {
    name: "expand",
    smooth: true,
    fits: (x) => x.ndim < 3,
    apply: (x) => np.broadcastTo(np.expandDims(x, 0), [2, ...x.shape]),
    show: (x, _y, _p, xv) => `np.broadcastTo(np.expandDims(${x}, 0), [2, ${xv.shape.join(", ")}])`,
  },
  {
    name: "matmulT",
    smooth: true,
    fits: (x) => x.ndim === 2 && x.dtype !== "bool",
    apply: (x) => np.matmul(x, x.T),
    show: (x) => `np.matmul(${x}, ${x}.T)`,
  },
  {
    name: "cond",
    fits: (x) => isFloat(x),
    apply: (x) => lax.cond(np.greater(np.sum(x), 0), (a: Tensor) => np.sin(a).mul(a), (a: Tensor) => a.mul(3).add(1), x),
    show: (x) => `lax.cond(np.greater(np.sum(${x}), 0), (a) => np.sin(a).mul(a), (a) => a.mul(3).add(1), ${x})`,
  },
  {
    name: "foriLoop",
    smooth: true,
    fits: (x) => isFloat(x),
    apply: (x, _y, p) => lax.foriLoop(0, 1 + (p % 4), (i: Tensor, a: Tensor) => np.sin(a).add(i.astype(x.dtype)), x),
    show: (x, _y, p, xv) => `lax.foriLoop(0, ${1 + (p % 4)}, (i, a) => np.sin(a).add(i.astype("${xv.dtype}")), ${x})`,
  },
  {
    name: "scan",
    smooth: true,
    fits: (x) => x.ndim > 0 && x.dtype !== "bool",
    apply: (x) => {
      const [c, ys] = lax.scan((c: Tensor, r: Tensor) => [c.add(r), c.mul(r)] as const, np.zeros(x.shape.slice(1), x.dtype), x);
      return np.add(ys, c);
    },
    show: (x, _y, _p, xv) => `(([c, ys]) => np.add(ys, c))(lax.scan((c, r) => [c.add(r), c.mul(r)], np.zeros([${xv.shape.slice(1).join(", ")}], "${xv.dtype}"), ${x}))`,
  },
  {
    // Nested control flow closing over an outer value: a cond whose true branch runs a
    // reverse scan, both branches reading `y` from outside.
    name: "condOverScan",
    smooth: true,
    fits: (x, y) => isFloat(x) && x.ndim > 0 && x.shape[0] > 0 && y.ndim === 0 && y.dtype === x.dtype,
    apply: (x, y) =>
      lax.cond(
        np.greater(y, 0),
        (a: Tensor) => lax.scan((c: Tensor, r: Tensor) => [np.add(c.mul(y), r), np.sin(c)] as const, np.zeros(a.shape.slice(1), a.dtype), a, { reverse: true })[1],
        (a: Tensor) => np.multiply(a, y),
        x,
      ),
    show: (x, y, _p, xv) =>
      `lax.cond(np.greater(${y}, 0), (a) => lax.scan((c, r) => [np.add(c.mul(${y}), r), np.sin(c)], np.zeros([${xv.shape.slice(1).join(", ")}], "${xv.dtype}"), a, { reverse: true })[1], (a) => np.multiply(a, ${y}), ${x})`,
  },
  {
    // A fori loop whose bound is traced (so a while loop: no reverse mode, as in JAX).
    name: "foriTracedBound",
    forwardOnly: true,
    fits: (x) => isFloat(x) && x.size > 0,
    apply: (x) => lax.foriLoop(0, np.argmax(x.reshape([-1])).astype("int32").add(1), (i: Tensor, a: Tensor) => np.tanh(a).add(i.astype(x.dtype).mul(0.1)), x),
    show: (x) => `lax.foriLoop(0, np.argmax(${x}.reshape([-1])).astype("int32").add(1), (i, a) => np.tanh(a).add(i.astype(${x}.dtype).mul(0.1)), ${x})`,
  },
  {
    // Weakly typed JS numbers keep the array's dtype; int32 arithmetic wraps.
    name: "weakScalars",
    smooth: true,
    fits: (x) => x.dtype !== "bool",
    apply: (x, _y, p) => (x.dtype === "int32" ? np.multiply(x, 1 << (16 + (p % 12))).add(2147483647) : np.add(np.multiply(x, 2.5), p % 3)),
    show: (x, _y, p, xv) => (xv.dtype === "int32" ? `np.multiply(${x}, ${1 << (16 + (p % 12))}).add(2147483647)` : `np.add(np.multiply(${x}, 2.5), ${p % 3})`),
  },
  // Linear algebra on square float matrices made diagonally dominant (x + (Σx² + n²)·I), so
  // solves, determinants and factorizations stay well-conditioned and smooth.
  {
    name: "solve",
    smooth: true,
    fits: (x) => isSquareFloat(x),
    apply: (x) => np.linalg.solve(dominant(x), x),
    show: (x) => `np.linalg.solve(${dominantText(x)}, ${x})`,
  },
  {
    name: "slogdet",
    smooth: true,
    fits: (x) => isSquareFloat(x),
    apply: (x) => np.linalg.slogdet(dominant(x))[1],
    show: (x) => `np.linalg.slogdet(${dominantText(x)})[1]`,
  },
  {
    name: "triangularSolve",
    smooth: true,
    fits: (x) => isSquareFloat(x),
    apply: (x, _y, p) => lax.linalg.triangularSolve(dominant(x), x, { leftSide: p % 2 === 0, lower: p % 4 < 2, transposeA: p % 8 < 4 }),
    show: (x, _y, p) => `lax.linalg.triangularSolve(${dominantText(x)}, ${x}, { leftSide: ${p % 2 === 0}, lower: ${p % 4 < 2}, transposeA: ${p % 8 < 4} })`,
  },
  {
    name: "cholesky",
    smooth: true,
    fits: (x) => isFloat(x) && x.ndim === 2,
    apply: (x) => np.linalg.cholesky(np.add(np.matmul(x, x.T), np.eye(x.shape[0], null, 0, x.dtype))),
    show: (x, _y, _p, xv) => `np.linalg.cholesky(np.add(np.matmul(${x}, ${x}.T), np.eye(${xv.shape[0]}, null, 0, "${xv.dtype}")))`,
  },
  {
    name: "qr",
    smooth: true,
    fits: (x) => isSquareFloat(x),
    apply: (x, _y, p) => np.linalg.qr(dominant(x))[p % 2],
    show: (x, _y, p) => `np.linalg.qr(${dominantText(x)})[${p % 2}]`,
  },
  {
    // Eigenvalues and singular values are continuous, with kinks where they meet.
    name: "eigvalshSvdvals",
    fits: (x) => isSquareFloat(x),
    apply: (x, _y, p) => (p % 2 === 0 ? np.linalg.eigvalsh(x) : np.linalg.svdvals(x)),
    show: (x, _y, p) => (p % 2 === 0 ? `np.linalg.eigvalsh(${x})` : `np.linalg.svdvals(${x})`),
  },
  {
    name: "eighSvdVectors",
    smooth: true,
    fits: (x) => isSquareFloat(x) && x.shape[0] <= 3,
    apply: (x, _y, p) => np.square(p % 2 === 0 ? np.linalg.eigh(separated(x))[1] : np.linalg.svd(separated(x))[0]),
    show: (x, _y, p) => `np.square(${p % 2 === 0 ? "np.linalg.eigh" : "np.linalg.svd"}(${separatedText(x)})[${p % 2 === 0 ? 1 : 0}])`,
  },
  {
    name: "luPivots",
    fits: (x) => isSquareFloat(x),
    apply: (x) => np.add(x, lax.linalg.luPivotsToPermutation(lax.linalg.lu(x)[1], x.shape[0]).astype(x.dtype)),
    show: (x) => `np.add(${x}, lax.linalg.luPivotsToPermutation(lax.linalg.lu(${x})[1], ${x}.shape[0]).astype(${x}.dtype))`,
  },
  {
    // Through complex values and back: z = x + iy, one of four complex expressions, a real part.
    name: "complex",
    smooth: true,
    fits: (x, y) => isFloat(x) && y.dtype === x.dtype && broadcastable(x, y),
    apply: (x, y, p) => {
      const [a, b] = np.broadcastArrays(x, y);
      const z = lax.complex(a, b);
      const pick = [
        () => np.real(np.multiply(z, z)),
        () => np.imag(np.exp(np.multiply(z, 0.5))),
        () => np.real(np.divide(np.conj(z), np.add(np.square(np.abs(z)), 1))),
        () => np.real(np.cos(z)),
        () => np.imag(np.tanh(np.multiply(z, 0.5))),
        () => np.real(np.expm1(np.multiply(z, 0.5))),
      ];
      return pick[p % 6]();
    },
    show: (x, y, p) => {
      const z = `lax.complex(...np.broadcastArrays(${x}, ${y}))`;
      return [
        `np.real(np.multiply(${z}, ${z}))`,
        `np.imag(np.exp(np.multiply(${z}, 0.5)))`,
        `((z) => np.real(np.divide(np.conj(z), np.add(np.square(np.abs(z)), 1))))(${z})`,
        `np.real(np.cos(${z}))`,
        `np.imag(np.tanh(np.multiply(${z}, 0.5)))`,
        `np.real(np.expm1(np.multiply(${z}, 0.5)))`,
      ][p % 6];
    },
  },
  {
    // Fourier transforms over the last axis (or two), back to x's shape.
    name: "fft",
    smooth: true,
    fits: (x) => isFloat(x) && x.ndim >= 1 && x.size > 0,
    apply: (x, _y, p) => {
      const n = x.shape[x.ndim - 1];
      if (p % 3 === 0) return np.real(np.fft.fft(lax.complex(x, np.multiply(x, 0.5))));
      if (p % 3 === 1) return np.fft.irfft(np.multiply(np.fft.rfft(x), np.fft.rfftfreq(n).astype(x.dtype).add(1)), n);
      return x.ndim >= 2 ? np.imag(np.fft.fft2(lax.complex(x, np.sin(x)))) : np.imag(np.fft.ifft(lax.complex(np.sin(x), x)));
    },
    show: (x, _y, p, xv) => {
      const n = xv.shape[xv.ndim - 1];
      if (p % 3 === 0) return `np.real(np.fft.fft(lax.complex(${x}, np.multiply(${x}, 0.5))))`;
      if (p % 3 === 1) return `np.fft.irfft(np.multiply(np.fft.rfft(${x}), np.fft.rfftfreq(${n}).astype(${x}.dtype).add(1)), ${n})`;
      return xv.ndim >= 2 ? `np.imag(np.fft.fft2(lax.complex(${x}, np.sin(${x}))))` : `np.imag(np.fft.ifft(lax.complex(np.sin(${x}), ${x})))`;
    },
  },
  {
    // x as a batch of 1-channel images (or signals) convolved with a kernel made from y.
    name: "conv",
    smooth: true,
    fits: (x, y) => isFloat(x) && x.ndim >= 1 && x.ndim <= 2 && y.dtype === x.dtype && y.size > 0,
    apply: (x, y, p) => {
      const lhs = x.reshape([1, 1, ...x.shape]);
      const k = y.reshape([y.size]).slice([0, Math.min(y.size, 3)]);
      const rhs = x.ndim === 1 ? k.reshape([1, 1, k.size]) : np.outer(k, k).reshape([1, 1, k.size, k.size]);
      const pads = p % 3 === 0 ? "VALID" : p % 3 === 1 ? "SAME" : x.shape.map(() => [1, -1] as const);
      return lax.convGeneralDilated(lhs, rhs, x.shape.map(() => 1 + (p % 2)), pads, { rhsDilation: x.shape.map(() => 1 + ((p >> 2) % 2)) });
    },
    show: (x, y, p, xv) => {
      const s = xv.shape.map(() => 1 + (p % 2));
      const d = xv.shape.map(() => 1 + ((p >> 2) % 2));
      const pads = p % 3 === 0 ? `"VALID"` : p % 3 === 1 ? `"SAME"` : JSON.stringify(xv.shape.map(() => [1, -1]));
      const k = `${y}.reshape([${y}.size]).slice([0, Math.min(${y}.size, 3)])`;
      const rhs = xv.ndim === 1 ? `${k}.reshape([1, 1, -1])` : `((k) => np.outer(k, k).reshape([1, 1, k.size, k.size]))(${k})`;
      return `lax.convGeneralDilated(${x}.reshape([1, 1, ...${x}.shape]), ${rhs}, ${JSON.stringify(s)}, ${pads}, { rhsDilation: ${JSON.stringify(d)} })`;
    },
  },
  {
    name: "windowSum",
    smooth: true,
    fits: (x) => x.dtype !== "bool" && x.ndim > 0,
    apply: (x, _y, p) => lax.reduceWindow(x, 0, lax.add, x.shape.map((d) => Math.min(d, 2) || 1), x.shape.map(() => 1 + (p % 2)), p % 4 < 2 ? "SAME" : "VALID"),
    show: (x, _y, p, xv) =>
      `lax.reduceWindow(${x}, 0, lax.add, ${JSON.stringify(xv.shape.map((d) => Math.min(d, 2) || 1))}, ${JSON.stringify(xv.shape.map(() => 1 + (p % 2)))}, "${p % 4 < 2 ? "SAME" : "VALID"}")`,
  },
  {
    // Max/min pooling: continuous, with kinks where a window's values tie.
    name: "windowMaxMin",
    fits: (x) => isFloat(x) && x.ndim > 0,
    apply: (x, _y, p) =>
      lax.reduceWindow(x, p % 2 === 0 ? -Infinity : Infinity, p % 2 === 0 ? lax.max : lax.min, x.shape.map((d) => Math.min(d, 3) || 1), x.shape.map(() => 1 + ((p >> 1) % 2)), [p % 3 === 0 ? "VALID" : "SAME"][0] as "VALID" | "SAME"),
    show: (x, _y, p, xv) =>
      `lax.reduceWindow(${x}, ${p % 2 === 0 ? "-Infinity" : "Infinity"}, ${p % 2 === 0 ? "lax.max" : "lax.min"}, ${JSON.stringify(xv.shape.map((d) => Math.min(d, 3) || 1))}, ${JSON.stringify(xv.shape.map(() => 1 + ((p >> 1) % 2)))}, "${p % 3 === 0 ? "VALID" : "SAME"}")`,
  },
  unary("ruledSin", (x) => ruledSin(x), "ruledSin($x)", isFloat, true),
  {
    // Smooth only where the pick is (sign and ceil are piecewise constant).
    name: "unaryFamily",
    fits: (x) => isFloat(x),
    apply: (x, _y, p) => UNARY_FAMILY[p % UNARY_FAMILY.length][1](x),
    show: (x, _y, p) => UNARY_FAMILY[p % UNARY_FAMILY.length][0].replace("$x", x),
  },
  {
    name: "unaryFamilySmooth",
    smooth: true,
    fits: (x) => isFloat(x),
    apply: (x, _y, p) => UNARY_FAMILY.filter((u) => u[2])[p % 14][1](x),
    show: (x, _y, p) => UNARY_FAMILY.filter((u) => u[2])[p % 14][0].replace("$x", x),
  },
  {
    // Mixed dtypes: JAX's promotion lattice (bool < int32 < float32 < float64).
    name: "mixedDtypes",
    fits: (x, y) => broadcastable(x, y) && x.dtype !== y.dtype,
    apply: (x, y, p) => (p % 2 === 0 ? np.add(x, y) : np.multiply(x, y)),
    show: (x, y, p) => `${p % 2 === 0 ? "np.add" : "np.multiply"}(${x}, ${y})`,
  },
  {
    name: "atan2",
    smooth: true,
    fits: (x, y) => broadcastable(x, y) && isFloat(x) && x.dtype === y.dtype,
    apply: (x, y) => np.arctan2(x, np.square(y).add(0.5)),
    show: (x, y) => `np.arctan2(${x}, np.square(${y}).add(0.5))`,
  },
  {
    name: "powFloat",
    smooth: true,
    fits: (x, y) => broadcastable(x, y) && isFloat(x) && x.dtype === y.dtype,
    apply: (x, y) => np.power(np.square(x).add(0.5), np.tanh(y)),
    show: (x, y) => `np.power(np.square(${x}).add(0.5), np.tanh(${y}))`,
  },
  {
    name: "allAnyNot",
    fits: (x) => x.ndim > 0,
    apply: (x, _y, p) => {
      const b = np.greaterEqual(x, np.zerosLike(x));
      return p % 3 === 0 ? np.all(b, axisOf(x, p)) : p % 3 === 1 ? np.any(b, axisOf(x, p)) : np.logicalNot(b);
    },
    show: (x, _y, p, xv) => {
      const b = `np.greaterEqual(${x}, np.zerosLike(${x}))`;
      return p % 3 === 0 ? `np.all(${b}, ${axisOf(xv, p)})` : p % 3 === 1 ? `np.any(${b}, ${axisOf(xv, p)})` : `np.logicalNot(${b})`;
    },
  },
  {
    name: "checkpointed",
    smooth: true,
    fits: (x) => isFloat(x),
    apply: (x) => checkpoint((a: Tensor) => np.sin(np.multiply(a, a)))(x),
    show: (x) => `checkpoint((a) => np.sin(np.multiply(a, a)))(${x})`,
  },
  {
    name: "boolLogic",
    fits: (x, y) => broadcastable(x, y),
    apply: (x, y) => np.where(np.logicalXor(np.greater(x.astype("float64"), 0), np.less(y.astype("float64"), 0)), x, np.zerosLike(x)),
    show: (x, y) => `np.where(np.logicalXor(np.greater(${x}.astype("float64"), 0), np.less(${y}.astype("float64"), 0)), ${x}, np.zerosLike(${x}))`,
  },
  {
    name: "whileLoop",
    forwardOnly: true,
    fits: (x) => x.dtype === "float64" && x.size > 0,
    apply: (x) =>
      lax.whileLoop(
        ([i, a]: [Tensor, Tensor]) => np.logicalAnd(np.less(i, 5), np.less(np.max(np.abs(a)), 100)),
        ([i, a]: [Tensor, Tensor]) => [i.add(1), a.mul(2).add(1)] as [Tensor, Tensor],
        [0, x],
      )[1],
    show: (x) => `lax.whileLoop(([i, a]) => np.logicalAnd(np.less(i, 5), np.less(np.max(np.abs(a)), 100)), ([i, a]) => [i.add(1), a.mul(2).add(1)], [0, ${x}])[1]`,
  },
  {
    name: "dot",
    smooth: true,
    fits: (x, y) => x.ndim >= 1 && y.ndim >= 1 && y.ndim <= 2 && x.shape[x.ndim - 1] === y.shape[0] && x.dtype === y.dtype && x.dtype !== "bool",
    apply: (x, y) => np.dot(x, y),
    show: (x, y) => `np.dot(${x}, ${y})`,
  },
  {
    name: "prod",
    fits: (x) => x.ndim > 0,
    apply: (x, _y, p) => np.prod(x, axisOf(x, p)),
    show: (x, _y, p, xv) => `np.prod(${x}, ${axisOf(xv, p)})`,
  },
  {
    name: "minNoKeep",
    fits: (x) => x.ndim > 0 && x.size > 0,
    apply: (x, _y, p) => np.min(x, axisOf(x, p)),
    show: (x, _y, p, xv) => `np.min(${x}, ${axisOf(xv, p)})`,
  },
  {
    name: "argminLast",
    fits: (x) => x.ndim > 0 && x.shape[x.ndim - 1] > 0,
    apply: (x) => np.argmin(x, -1).astype(x.dtype),
    show: (x, _y, _p, xv) => `np.argmin(${x}, -1).astype("${xv.dtype}")`,
  },
  {
    name: "logical",
    fits: (x, y) => broadcastable(x, y) && x.dtype === y.dtype,
    apply: (x, y) => np.logicalOr(np.logicalAnd(np.greater(x, 0), np.lessEqual(y, 1)), np.equal(x, y)).astype(x.dtype),
    show: (x, y, _p, xv) => `np.logicalOr(np.logicalAnd(np.greater(${x}, 0), np.lessEqual(${y}, 1)), np.equal(${x}, ${y})).astype("${xv.dtype}")`,
  },
  unary("clip", (x) => np.clip(x, -1, 2), "np.clip($x, -1, 2)"),
  {
    name: "remainder",
    fits: (x) => x.dtype !== "bool",
    apply: (x) => np.remainder(x, 3),
    show: (x) => `np.remainder(${x}, 3)`,
  },
  {
    name: "floorDivide",
    fits: (x) => x.dtype !== "bool",
    apply: (x) => np.floorDivide(x, -2),
    show: (x) => `np.floorDivide(${x}, -2)`,
  },
  unary("powNeg", (x) => np.power(x, -2), "np.power($x, -2)", isFloat),
  unary("logsumexp", (x) => nn.logsumexp(x), "nn.logsumexp($x)", (x) => isFloat(x) && x.size > 0, true),
  {
    name: "softmax",
    smooth: true,
    fits: (x) => isFloat(x) && x.ndim > 0 && x.size > 0,
    apply: (x, _y, p) => nn.softmax(x, axisOf(x, p)),
    show: (x, _y, p, xv) => `nn.softmax(${x}, ${axisOf(xv, p)})`,
  },
  unary("var", (x) => np.variance(x), "np.variance($x)", (x) => isFloat(x) && x.size > 0, true),
  {
    name: "roll",
    smooth: true,
    fits: (x) => x.ndim > 0,
    apply: (x, _y, p) => np.roll(x, (p % 5) - 2, axisOf(x, p)),
    show: (x, _y, p, xv) => `np.roll(${x}, ${(p % 5) - 2}, ${axisOf(xv, p)})`,
  },
  {
    name: "splitFirst",
    smooth: true,
    fits: (x) => x.ndim > 0 && x.shape[0] % 2 === 0,
    apply: (x) => np.split(x, 2, 0)[1],
    show: (x) => `np.split(${x}, 2, 0)[1]`,
  },
  {
    name: "outer",
    smooth: true,
    fits: (x, y) => x.dtype === y.dtype && x.dtype !== "bool" && x.size * y.size <= 64,
    apply: (x, y) => np.outer(x, y),
    show: (x, y) => `np.outer(${x}, ${y})`,
  },
  {
    name: "iotaAdd",
    smooth: true,
    fits: (x) => x.ndim > 0 && x.dtype !== "bool",
    apply: (x) => x.add(np.arange(x.shape[x.ndim - 1]).astype(x.dtype)),
    show: (x, _y, _p, xv) => `${x}.add(np.arange(${xv.shape[xv.ndim - 1]}).astype("${xv.dtype}"))`,
  },
  {
    name: "astypeRoundTrip",
    fits: (x) => isFloat(x),
    apply: (x) => x.astype(x.dtype === "float64" ? "float32" : "float64").astype(x.dtype),
    show: (x, _y, _p, xv) => `${x}.astype("${xv.dtype === "float64" ? "float32" : "float64"}").astype("${xv.dtype}")`,
  },
  {
    name: "dynamicSlice",
    fits: (x) => x.ndim > 0 && x.shape[0] > 0,
    apply: (x) => lax.dynamicSlice(x, [np.argmax(x.reshape([x.shape[0], -1]).sum(1)), ...x.shape.slice(1).map(() => 0)], [Math.min(2, x.shape[0]), ...x.shape.slice(1)]),
    show: (x, _y, _p, xv) =>
      `lax.dynamicSlice(${x}, [np.argmax(${x}.reshape([${xv.shape[0]}, -1]).sum(1)), ${xv.shape.slice(1).map(() => 0).join(", ")}], [${[Math.min(2, xv.shape[0]), ...xv.shape.slice(1)].join(", ")}])`,
  },
  {
    name: "dynamicUpdateSlice",
    fits: (x) => x.ndim > 0 && x.shape[0] > 0 && x.dtype !== "bool",
    apply: (x) => lax.dynamicUpdateSlice(x, x.slice([0, 1]).mul(2), [np.argmin(x.reshape([x.shape[0], -1]).sum(1)), ...x.shape.slice(1).map(() => 0)]),
    show: (x, _y, _p, xv) =>
      `lax.dynamicUpdateSlice(${x}, ${x}.slice([0, 1]).mul(2), [np.argmin(${x}.reshape([${xv.shape[0]}, -1]).sum(1)), ${xv.shape.slice(1).map(() => 0).join(", ")}])`,
  },
  {
    name: "takeAlongAxis",
    fits: (x) => x.ndim > 0 && x.shape[x.ndim - 1] > 0,
    apply: (x) => np.takeAlongAxis(x, np.argmax(x, -1, { keepdims: true }), -1),
    show: (x) => `np.takeAlongAxis(${x}, np.argmax(${x}, -1, { keepdims: true }), -1)`,
  },
  {
    name: "switch",
    fits: (x) => isFloat(x) && x.size > 0,
    apply: (x) => lax.switch(np.argmax(x.reshape([-1])), [(a: Tensor) => a.mul(2), (a: Tensor) => np.tanh(a), (a: Tensor) => a.sub(1)], x),
    show: (x) => `lax.switch(np.argmax(${x}.reshape([-1])), [(a) => a.mul(2), (a) => np.tanh(a), (a) => a.sub(1)], ${x})`,
  },
  {
    name: "selectN",
    fits: (x, y) => x.shape.join() === y.shape.join() && x.dtype === y.dtype,
    apply: (x, y) => lax.selectN(np.clip(np.round(x.astype("float64")), 0, 2).astype("int32"), x, y, x.mul(y)),
    show: (x, y) => `lax.selectN(np.clip(np.round(${x}.astype("float64")), 0, 2).astype("int32"), ${x}, ${y}, ${x}.mul(${y}))`,
  },
  {
    name: "gatherRows",
    smooth: true,
    fits: (x) => x.ndim > 0 && x.shape[0] > 0,
    apply: (x, _y, p) => x.slice(np.array(rowIndices(x.shape[0], p), "int32")),
    show: (x, _y, p, xv) => `${x}.slice(np.array([${rowIndices(xv.shape[0], p).join(", ")}], "int32"))`,
  },
  {
    name: "gatherMixed",
    smooth: true,
    fits: (x) => x.ndim >= 2 && x.shape[1] > 0,
    apply: (x, _y, p) => x.slice([null, null, -1], np.array([[p % x.shape[1], 0]], "int32")),
    show: (x, _y, p, xv) => `${x}.slice([null, null, -1], np.array([[${p % xv.shape[1]}, 0]], "int32"))`,
  },
  {
    name: "takeComputed",
    fits: (x, y) => x.ndim > 0 && x.size > 0 && y.ndim > 0,
    apply: (x, y, p) => np.take(x.reshape([-1]), computedIndex(y, x.size, 0.4 + (p % 3) * 0.3), 0, { mode: p % 2 === 0 ? "clip" : "fill" }),
    show: (x, y, p, xv) => `np.take(${x}.reshape([-1]), ${computedIndexText(y, xv.size, 0.4 + (p % 3) * 0.3)}, 0, { mode: "${p % 2 === 0 ? "clip" : "fill"}" })`,
  },
  {
    name: "gatherComputed2d",
    fits: (x, y) => x.ndim === 2 && x.size > 0 && y.ndim > 0,
    // In range: indexing promises in-bounds indices (its gradient drops the updates a clamped read would have made).
    apply: (x, y) => x.slice(inRangeIndex(y, x.shape[0], 0.5), inRangeIndex(y, x.shape[1], 0.9)),
    show: (x, y, _p, xv) => `${x}.slice(${inRangeIndexText(y, xv.shape[0], 0.5)}, ${inRangeIndexText(y, xv.shape[1], 0.9)})`,
  },
  {
    name: "gatherMask",
    smooth: true,
    fits: (x) => x.ndim > 0 && x.shape[0] > 0,
    apply: (x, _y, p) => x.slice(np.array(maskOf(x.shape[0], p))),
    show: (x, _y, p, xv) => `${x}.slice(np.array([${maskOf(xv.shape[0], p).join(", ")}]))`,
  },
  {
    name: "debugCallback",
    smooth: true,
    fits: anyT,
    apply: (x) => {
      debug.callback(recordCallback, x);
      return x;
    },
    show: (x) => `(debug.callback(record, ${x}), ${x})`,
  },
  {
    name: "atAddRepeats",
    smooth: true,
    fits: (x) => x.ndim > 0 && x.shape[0] > 0 && x.dtype !== "bool",
    apply: (x, _y, p) => x.at(np.array(rowIndices(x.shape[0], p), "int32")).add(x.slice(np.array(rowIndices(x.shape[0], p + 1), "int32"))),
    show: (x, _y, p, xv) =>
      `${x}.at(np.array([${rowIndices(xv.shape[0], p).join(", ")}], "int32")).add(${x}.slice(np.array([${rowIndices(xv.shape[0], p + 1).join(", ")}], "int32")))`,
  },
  {
    name: "atSetRepeats",
    smooth: true,
    fits: (x) => x.ndim > 0 && x.shape[0] > 0,
    apply: (x, _y, p) => x.at(np.array(rowIndices(x.shape[0], p), "int32")).set(x.slice(np.array(rowIndices(x.shape[0], p + 2), "int32"))),
    show: (x, _y, p, xv) =>
      `${x}.at(np.array([${rowIndices(xv.shape[0], p).join(", ")}], "int32")).set(${x}.slice(np.array([${rowIndices(xv.shape[0], p + 2).join(", ")}], "int32")))`,
  },
  {
    name: "atMaxMin",
    fits: (x) => x.ndim > 0 && x.shape[0] > 0,
    apply: (x, _y, p) => {
      const idx = np.array(rowIndices(x.shape[0], p), "int32");
      const v = x.slice(np.array(rowIndices(x.shape[0], p + 3), "int32"));
      return p % 2 === 0 ? x.at(idx).max(v) : x.at(idx).min(v);
    },
    show: (x, _y, p, xv) =>
      `${x}.at(np.array([${rowIndices(xv.shape[0], p).join(", ")}], "int32")).${p % 2 === 0 ? "max" : "min"}(${x}.slice(np.array([${rowIndices(xv.shape[0], p + 3).join(", ")}], "int32")))`,
  },
  {
    name: "atMultiplyUnique",
    smooth: true,
    fits: (x) => x.ndim > 0 && x.shape[0] > 0 && x.dtype !== "bool",
    apply: (x, _y, p) => x.at(np.array([p % x.shape[0]], "int32")).multiply(x.slice([0, 1]), { uniqueIndices: true }),
    show: (x, _y, p, xv) => `${x}.at(np.array([${p % xv.shape[0]}], "int32")).multiply(${x}.slice([0, 1]), { uniqueIndices: true })`,
  },
  {
    name: "atDynamicIndex",
    smooth: true,
    fits: (x) => x.ndim > 0 && x.shape[0] > 0 && x.dtype !== "bool",
    apply: (x) => x.at(np.argmax(x.reshape([x.shape[0], -1]).sum(1))).add(x.slice(0)),
    show: (x, _y, _p, xv) => `${x}.at(np.argmax(${x}.reshape([${xv.shape[0]}, -1]).sum(1))).add(${x}.slice(0))`,
  },
  {
    name: "sliceTracedIndex",
    smooth: true,
    fits: (x) => x.ndim > 0 && x.size > 0,
    apply: (x) => x.slice("...", np.argmin(x.reshape([-1, x.shape[x.ndim - 1]]).sum(0))),
    show: (x, _y, _p, xv) => `${x}.slice("...", np.argmin(${x}.reshape([-1, ${xv.shape[xv.ndim - 1]}]).sum(0)))`,
  },
  {
    name: "einsumDiagOuter",
    smooth: true,
    fits: (x) => x.ndim === 2 && x.shape[0] === x.shape[1] && x.dtype !== "bool",
    apply: (x) => np.einsum("ii,jk->ijk", x, x),
    show: (x) => `np.einsum("ii,jk->ijk", ${x}, ${x})`,
  },
  {
    name: "cumulative",
    smooth: true,
    fits: (x) => x.ndim > 0 && x.dtype !== "bool",
    apply: (x, _y, p) => [np.cumprod, (a: Tensor) => lax.cummax(a, -1), (a: Tensor) => lax.cummin(a, 0, { reverse: true })][p % 3](np.clip(x, -2, 2)),
    show: (x, _y, p) => `${["np.cumprod", "(a) => lax.cummax(a, -1)", "(a) => lax.cummin(a, 0, { reverse: true })"][p % 3]}(np.clip(${x}, -2, 2))`,
  },
  {
    name: "pad",
    smooth: true,
    fits: (x) => x.ndim > 0,
    // Interior padding (a copy into a filled buffer), or edge padding by ones on some axes (read in place by the loop that consumes it).
    apply: (x, _y, p) =>
      p % 2 === 0 ? lax.pad(x, np.zeros([], x.dtype), x.shape.map(() => [1, 0, 1] as const)) : lax.pad(x, np.ones([], x.dtype), x.shape.map((_, d) => [(p + d) % 2, (p >> 1) % 3, 0] as const)),
    show: (x, _y, p, xv) =>
      p % 2 === 0
        ? `lax.pad(${x}, np.zeros([], "${xv.dtype}"), ${JSON.stringify(xv.shape.map(() => [1, 0, 1]))})`
        : `lax.pad(${x}, np.ones([], "${xv.dtype}"), ${JSON.stringify(xv.shape.map((_, d) => [(p + d) % 2, (p >> 1) % 3, 0]))})`,
  },
];

const FAMILIES: Record<Family, readonly Op[]> = {
  all: OPS,
  differentiable: OPS.filter((op) => !op.forwardOnly),
  smooth: OPS.filter((op) => op.smooth),
};

/** Runs a program on concrete or traced inputs; returns every value it computed. */
export function runProgram(program: Program, inputs: readonly Tensor[]): Tensor[] {
  const ops = FAMILIES[program.family ?? "all"];
  const pool = [...inputs];
  for (const [o, a, b, p] of program.steps) {
    const x = pool[a % pool.length];
    const candidates = pool.filter((y) => ops.some((op) => op.fits(x, y)));
    const y = candidates[b % candidates.length] ?? x;
    const fitting = ops.filter((op) => op.fits(x, y));
    if (fitting.length === 0) continue;
    const op = fitting[o % fitting.length];
    const r = op.apply(x, y, p);
    if (r.size <= 4096) pool.push(r);
  }
  return pool.slice(inputs.length);
}

/** The program as readable code (for a failure report). */
export function describeProgram(program: Program, inputs: readonly Tensor[]): string {
  const ops = FAMILIES[program.family ?? "all"];
  const pool = [...inputs];
  const names = inputs.map((_, i) => `x${i}`);
  const lines = program.inputs.map((s, i) => `// x${i}: ${s.dtype}[${s.shape.join(",")}]`);
  for (const [o, a, b, p] of program.steps) {
    const ai = a % pool.length;
    const x = pool[ai];
    const candidates = pool.map((y, i) => [y, i] as const).filter(([y]) => ops.some((op) => op.fits(x, y)));
    const [y, bi] = candidates[b % candidates.length] ?? [x, ai];
    const fitting = ops.filter((op) => op.fits(x, y));
    if (fitting.length === 0) continue;
    const op = fitting[o % fitting.length];
    const r = op.apply(x, y, p);
    if (r.size <= 4096) {
      lines.push(`const v${pool.length} = ${op.show(names[ai], names[bi], p, x)};`);
      names.push(`v${pool.length}`);
      pool.push(r);
    }
  }
  return lines.join("\n");
}

const shapeArb = fc.oneof(
  fc.constant<number[]>([]),
  fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
  fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 }),
  // Above the scalarization limit (16 elements): compiled as loops, not per-element code.
  fc.tuple(fc.integer({ min: 5, max: 12 }), fc.integer({ min: 4, max: 9 })).map(([a, b]) => [a, b]),
);

/** Programs over 1–3 inputs of random shapes (0-size and size-1 axes included). */
export function programArb(dtypes: readonly DType[] = ["float64"], maxSteps = 8, family: Family = "all"): fc.Arbitrary<Program> {
  const input = fc.record({ shape: shapeArb, dtype: fc.constantFrom(...dtypes) });
  // The op choice ranges over more than the catalogue, so that every op can be picked.
  const step = fc.tuple(fc.nat(255), fc.nat(64), fc.nat(64), fc.nat(64));
  return fc.record({
    family: fc.constant(family),
    inputs: fc.array(input, { minLength: 1, maxLength: 3 }),
    steps: fc.array(step, { minLength: 1, maxLength: maxSteps }),
  });
}

/**
 * Deterministic input values in (-width/2, width/2), with some specials (NaN, ±0,
 * ±Infinity, ±1) when `specials`.
 */
export function makeInputs(program: Program, seed: number, specials = true, width = 8): Tensor[] {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const special = [NaN, -0, 0, Infinity, -Infinity, 1, -1];
  return program.inputs.map(({ shape, dtype }) => {
    const n = shape.reduce((p, d) => p * d, 1);
    const vals = Array.from({ length: n }, () => {
      if (specials && rnd() < 0.1) return special[Math.floor(rnd() * special.length)];
      return (rnd() - 0.5) * width;
    });
    const t = np.array(vals, dtype === "int32" || dtype === "bool" ? "float64" : dtype).astype(dtype);
    return t.reshape(shape);
  });
}
