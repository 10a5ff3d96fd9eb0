/**
 * @jax-js/jax 0.1.25 as a benchmark contender: its Wasm backend in float64 (explicit
 * float64 constants: under jit it rounds plain JS numbers to float32), following its
 * reference-counting rules (every use of an array consumes it; `.ref` keeps it).
 * Node 20 lacks Float16Array, which it expects, so a stand-in is defined before loading.
 */
import type { Contender } from "../harness";
import type { MlpData, MlpSizes } from "../suites/mlp";
import type { SplatData } from "../suites/splat";
import type { RecolorData } from "../suites/recolor";
import type { WarpData } from "../suites/warp";
import type { SynthData } from "../suites/synth";
import { CORNERS } from "../../examples/warp/warp";
import { DEFAULTS as RECOLOR } from "../../examples/recolor/recolor";

type Arr = {
  ref: Arr;
  astype: (d: unknown) => Arr;
  slice: (...i: (number | number[])[]) => Arr;
  add: (y: Arr) => Arr;
  sub: (y: Arr) => Arr;
  mul: (y: Arr) => Arr;
  div: (y: Arr) => Arr;
  reshape: (s: number[]) => Arr;
  dataSync: () => ArrayLike<number>;
  dispose: () => void;
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...a: any[]) => any;
interface JaxJs {
  init: (d: string) => Promise<unknown>;
  defaultDevice: (d: string) => unknown;
  jit: (f: Fn) => Fn;
  grad: (f: Fn) => Fn;
  valueAndGrad: (f: Fn, opts?: { argnums?: number | number[] }) => Fn;
  vjp: (f: Fn, primals: Arr[]) => [Arr, Fn];
  vmap: (f: Fn) => Fn;
  numpy: {
    float64: unknown;
    int32: unknown;
    floor: (x: Arr) => Arr;
    clip: (x: Arr, lo: Arr, hi: Arr) => Arr;
    take: (a: Arr, i: Arr, axis: number) => Arr;
    logicalAnd: (a: Arr, b: Arr) => Arr;
    greaterEqual: (a: Arr, b: Arr) => Arr;
    lessEqual: (a: Arr, b: Arr) => Arr;
    array: (v: unknown, o?: { dtype: unknown }) => Arr;
    sqrt: (x: Arr) => Arr;
    square: (x: Arr) => Arr;
    matmul: (a: Arr, b: Arr) => Arr;
    sum: (a: Arr) => Arr;
    linalg: { solve: (a: Arr, b: Arr) => Arr; svd: (a: Arr, o: { computeUv: false }) => Arr };
    fft: { rfft: (a: Arr) => { real: Arr; imag: Arr } };
    exp: (x: Arr) => Arr;
    cos: (x: Arr) => Arr;
    sin: (x: Arr) => Arr;
    mean: (a: Arr) => Arr;
  };
  tree: { ref: <T>(t: T) => T };
  lax: { conv: (lhs: Arr, rhs: Arr, strides: number[], padding: string) => Arr };
  nn: { softplus: (x: Arr) => Arr; logsumexp: (x: Arr, axis?: number) => Arr; logSoftmax: (x: Arr, axis?: number) => Arr; relu: (x: Arr) => Arr; sigmoid: (x: Arr) => Arr };
  random: { key: (seed: number) => Arr; uniform: (key: Arr, shape: number[]) => Arr };
}

export const NAME = "jax-js 0.1.25 (Wasm, float64)";

let loaded: JaxJs | null | undefined;

/** The library, initialised once; null if it cannot be loaded here (the rows are then skipped). */
export async function loadJaxJs(): Promise<JaxJs | null> {
  if (loaded !== undefined) return loaded;
  try {
    const g = globalThis as { Float16Array?: unknown };
    g.Float16Array ??= class Float16Array extends Float32Array {};
    const jax = (await import("@jax-js/jax")) as unknown as JaxJs;
    await jax.init("wasm");
    jax.defaultDevice("wasm");
    loaded = jax;
  } catch (e) {
    console.warn(`bench: ${NAME} unavailable (${(e as Error).message}); its rows are skipped.`);
    loaded = null;
  }
  return loaded;
}

const [h, d, v1, v2, v3] = [20, 10, 0.7, 0.3, 0.45];

/** The post's calcTime, written for jax-js's ownership rules. */
function calcTimeFor(jax: JaxJs): Fn {
  const np = jax.numpy;
  const c = (v: number) => np.array(v, { dtype: np.float64 });
  return (x: Arr) => {
    const x1 = x.ref.slice(0);
    const x2 = x.slice(1);
    const a = np.sqrt(x1.ref.mul(x1.ref).add(c(d * d))).div(c(v1));
    const b = np.sqrt(x2.ref.mul(x2.ref).add(c(d * d))).div(c(v2));
    const r = c(h).sub(x1).sub(x2);
    const e = np.sqrt(r.ref.mul(r).add(c(d * d))).div(c(v3));
    return a.add(b).add(e);
  };
}

const f64 = (jax: JaxJs, data: ArrayLike<number>, shape?: number[]) => {
  const a = jax.numpy.array(Float64Array.from(data));
  return shape ? a.reshape(shape) : a;
};

/** Suite 1: jit(grad(calcTime)) per call, numbers in and out. */
export function terrainGrad(jax: JaxJs): Contender {
  const g: (x: Arr) => Arr = jax.jit(jax.grad(calcTimeFor(jax)));
  const call = (x1: number, x2: number) => Array.from(g(f64(jax, [x1, x2])).dataSync());
  let flip = false;
  return {
    name: `${NAME} jit(grad(calcTime))`,
    run: () => call((flip = !flip) ? 2 : 2.0000001, 17),
    answer: () => call(2, 17),
  };
}

/** Suite 2: the 20-step descent as a JS loop over jit(grad), and as one jit of the unrolled loop. */
export function descent(jax: JaxJs, steps: number, lr: number): Contender[] {
  const np = jax.numpy;
  const calcTime = calcTimeFor(jax);
  const g = jax.jit(jax.grad(calcTime));
  const loop = () => {
    let [x1, x2] = [2, 17];
    for (let i = 0; i < steps; i++) {
      const gs = g(f64(jax, [x1, x2])).dataSync();
      const [g1, g2] = [gs[0], gs[1]];
      x1 -= lr * g1;
      x2 -= lr * g2;
    }
    return [x1, x2];
  };
  const grad = jax.grad(calcTime);
  const unrolled: (x: Arr) => Arr = jax.jit((x: Arr) => {
    for (let i = 0; i < steps; i++) x = x.ref.sub(grad(x).mul(np.array(lr, { dtype: np.float64 })));
    return x;
  });
  const inJit = () => Array.from(unrolled(f64(jax, [2, 17])).dataSync());
  return [
    { name: `${NAME} JS loop over jit(grad)`, run: loop, answer: loop },
    { name: `${NAME} jit(20 unrolled steps)`, run: inJit, answer: inJit },
  ];
}

/** Suite 3: the descent from N start points: jit of 20 unrolled steps of vmap(grad). */
export function vmapDescent(jax: JaxJs, starts: Float64Array, n: number, steps: number, lr: number, sample: (o: ArrayLike<number>) => number[]): Contender {
  const np = jax.numpy;
  const vg = jax.vmap(jax.grad(calcTimeFor(jax)));
  const descend = jax.jit((x: Arr) => {
    for (let i = 0; i < steps; i++) x = x.ref.sub(vg(x).mul(np.array(lr, { dtype: np.float64 })));
    return x;
  });
  const run = () => descend(f64(jax, starts, [n, 2])).dataSync();
  return { name: `${NAME} jit(vmap(grad)), 20 unrolled steps`, run, answer: () => sample(run()) };
}

/** Matrix product. */
export function matmul(jax: JaxJs, a: Float64Array, b: Float64Array, n: number, sample: (c: ArrayLike<number>) => number[]): Contender {
  const mm = jax.jit((x: Arr, y: Arr) => jax.numpy.matmul(x, y));
  const [A, B] = [f64(jax, a, [n, n]), f64(jax, b, [n, n])];
  const run = () => mm(A.ref, B.ref).dataSync();
  return { name: `${NAME} jit(matmul)`, run, answer: () => sample(run()) };
}

/**
 * jax-js's uniform from `random.key(seed)`: float32 only, so its answer is compared with
 * jitgrad's float32 stream (`expected`), which must match it exactly.
 */
export function uniform(jax: JaxJs, seed: number, n: number, expected: () => number[]): Contender {
  const key = jax.random.key(seed);
  const run = () => jax.random.uniform(key.ref, [n]).dataSync();
  const sample = (u: ArrayLike<number>) => [u[0], u[1], u[n >> 1], u[n - 1]];
  return { name: `${NAME} random.uniform (float32)`, run, answer: () => sample(run()), expected };
}

/** logsumexp over the rows of a matrix. */
export function logsumexpRows(jax: JaxJs, x: Float64Array, rows: number, cols: number): Contender {
  const f: (a: Arr) => Arr = jax.jit((a: Arr) => jax.nn.logsumexp(a, 1));
  const X = f64(jax, x, [rows, cols]);
  const run = () => f(X.ref).dataSync();
  return { name: `${NAME} jit(logsumexp)`, run, answer: () => Array.from(run()).slice(0, 4) };
}

type Params = { w1: Arr; b1: Arr; w2: Arr; b2: Arr };

/** One SGD step of the MLP: jit of grad of the mean cross-entropy, then the update. */
export function mlpStep(
  jax: JaxJs,
  data: MlpData,
  sizes: MlpSizes,
  lr: number,
  sample: (ps: readonly ArrayLike<number>[]) => number[],
): Contender {
  const np = jax.numpy;
  const c = (v: number) => np.array(v, { dtype: np.float64 });
  const { batch: B, inputs: I, hidden: H, classes: C } = sizes;
  const loss = (p: Params, x: Arr, y: Arr) => {
    const hidden = jax.nn.relu(np.matmul(x, p.w1).add(p.b1));
    const logits = np.matmul(hidden, p.w2).add(p.b2);
    return np.sum(y.mul(jax.nn.logSoftmax(logits, -1))).mul(c(-1 / B));
  };
  const step = jax.jit((p: Params, x: Arr, y: Arr) => {
    const g = jax.grad(loss)(jax.tree.ref(p), x, y) as Params;
    return { w1: p.w1.sub(g.w1.mul(c(lr))), b1: p.b1.sub(g.b1.mul(c(lr))), w2: p.w2.sub(g.w2.mul(c(lr))), b2: p.b2.sub(g.b2.mul(c(lr))) };
  });
  const P: Params = { w1: f64(jax, data.w1, [I, H]), b1: f64(jax, data.b1), w2: f64(jax, data.w2, [H, C]), b2: f64(jax, data.b2) };
  const [X, Y] = [f64(jax, data.x, [B, I]), f64(jax, data.y, [B, C])];
  const run = () => {
    const o = step(jax.tree.ref(P), X.ref, Y.ref) as Params;
    return [o.w1.dataSync(), o.b1.dataSync(), o.w2.dataSync(), o.b2.dataSync()];
  };
  return { name: `${NAME} jit(step)`, run, answer: () => sample(run()) };
}

/** First call of a fresh jit(grad(calcTime)): trace + compile + run, in ms. */
export function firstCallMs(jax: JaxJs): number {
  const began = performance.now();
  const g = jax.jit(jax.grad(calcTimeFor(jax)));
  g(f64(jax, [2, 17])).dataSync();
  return performance.now() - began;
}

/** Suite: np.linalg.solve(A, b) for an n×n A and n×1 b, eager (its jit rejects triangular_solve: "input is not imm"). */
export function solve(jax: JaxJs, a: Float64Array, b: Float64Array, n: number, sample: (x: ArrayLike<number>) => number[]): Contender {
  const f = (x: Arr, y: Arr) => jax.numpy.linalg.solve(x, y);
  const [A, B] = [f64(jax, a, [n, n]), f64(jax, b, [n, 1])];
  const run = () => f(A.ref, B.ref).dataSync();
  return { name: `${NAME} linalg.solve (eager; its jit fails)`, run, answer: () => sample(run()) };
}

/** Suite: the singular values of an n×n matrix, eager (as its solve). */
export function svdValues(jax: JaxJs, a: Float64Array, n: number, sample: (x: ArrayLike<number>) => number[]): Contender {
  const f = (x: Arr) => jax.numpy.linalg.svd(x, { computeUv: false });
  const A = f64(jax, a, [n, n]);
  const run = () => f(A.ref).dataSync();
  return { name: `${NAME} linalg.svd (computeUv: false, eager)`, run, answer: () => sample(run()) };
}

/** Suite: np.fft.rfft of real points, jitted (its result is a { real, imag } pair). */
export function rfft(jax: JaxJs, x: Float64Array, at: readonly number[]): Contender {
  const f = jax.jit((a: Arr) => jax.numpy.fft.rfft(a));
  const X = f64(jax, x, [x.length]);
  const run = () => {
    const { real, imag } = f(X.ref) as { real: Arr; imag: Arr };
    return [real.dataSync(), imag.dataSync()] as const;
  };
  return {
    name: `${NAME} jit(numpy.fft.rfft)`,
    run,
    answer: () => {
      const [re, im] = run();
      return at.map((k) => Math.hypot(re[k], im[k]));
    },
  };
}

/** Suite: a "SAME" 2-D convolution in NCHW / OIHW, jitted. */
export function conv2d(jax: JaxJs, x: Float64Array, xShape: number[], w: Float64Array, wShape: number[], sample: (x: ArrayLike<number>) => number[]): Contender {
  const f = jax.jit((a: Arr, b: Arr) => jax.lax.conv(a, b, [1, 1], "SAME"));
  const [X, W] = [f64(jax, x, xShape), f64(jax, w, wShape)];
  const run = () => f(X.ref, W.ref).dataSync();
  return { name: `${NAME} jit(lax.conv)`, run, answer: () => sample(run()) };
}

type SplatParams = { angle: Arr; colour: Arr; lsx: Arr; lsy: Arr; mx: Arr; my: Arr; opacity: Arr };

/**
 * The splat rasterizer's loss, the same program as the example's written for jax-js: every
 * array used k times is consumed once and `.ref`'d k − 1 times.
 */
function splatLossFor(jax: JaxJs, H: number, W: number, N: number) {
  const np = jax.numpy;
  const c = (v: number) => np.array(v, { dtype: np.float64 });
  const grid = (n: number) => Float64Array.from({ length: n }, (_, i) => i / (n - 1));
  return (p: SplatParams, target: Arr) => {
    const dx = f64(jax, grid(W), [1, W, 1]).sub(p.mx);
    const dy = f64(jax, grid(H), [H, 1, 1]).sub(p.my);
    const cs = jax.numpy.cos(p.angle.ref);
    const sn = jax.numpy.sin(p.angle);
    const ix = jax.numpy.exp(p.lsx.mul(c(-2)));
    const iy = jax.numpy.exp(p.lsy.mul(c(-2)));
    const cs2 = cs.ref.mul(cs.ref);
    const sn2 = sn.ref.mul(sn.ref);
    const a = cs2.ref.mul(ix.ref).add(sn2.ref.mul(iy.ref));
    const b = cs.mul(sn).mul(ix.ref.sub(iy.ref));
    const cc = sn2.mul(ix).add(cs2.mul(iy));
    const q = a.mul(dx.ref.mul(dx.ref)).add(b.mul(c(2)).mul(dx.mul(dy.ref))).add(cc.mul(dy.ref.mul(dy)));
    const w = jax.numpy.exp(q.mul(c(-0.5))).mul(jax.nn.sigmoid(p.opacity));
    const img = np.matmul(w.reshape([H * W, N]), jax.nn.sigmoid(p.colour)).reshape([H, W, 3]);
    const e = img.sub(target);
    return np.mean(e.ref.mul(e));
  };
}

/** The splat rasterizer's loss gradient under jax-js's jit, laid out as jitgrad's pytree leaves for the answer check. */
export function splatGrad(jax: JaxJs, d: SplatData, sample: (g: ArrayLike<number>) => number[]): Contender {
  const { H, W, N } = d;
  const f = jax.jit((p: SplatParams, t: Arr) => jax.grad(splatLossFor(jax, H, W, N))(p, t));
  const column = (x: Float64Array, k: number) => Float64Array.from({ length: N }, (_, i) => x[2 * i + k]);
  const P: SplatParams = {
    angle: f64(jax, d.angle),
    colour: f64(jax, d.colour, [N, 3]),
    lsx: f64(jax, column(d.logScale, 0)),
    lsy: f64(jax, column(d.logScale, 1)),
    mx: f64(jax, column(d.mean, 0)),
    my: f64(jax, column(d.mean, 1)),
    opacity: f64(jax, d.opacity),
  };
  const T = f64(jax, d.target, [H, W, 3]);
  const run = () => {
    const g = f(jax.tree.ref(P), T.ref) as SplatParams;
    const [lx, ly, mx, my] = [g.lsx, g.lsy, g.mx, g.my].map((a) => a.dataSync());
    const pairs = (u: ArrayLike<number>, v: ArrayLike<number>) => Array.from({ length: 2 * N }, (_, i) => (i % 2 === 0 ? u[i >> 1] : v[i >> 1]));
    return [...Array.from(g.angle.dataSync()), ...Array.from(g.colour.dataSync()), ...pairs(lx, ly), ...pairs(mx, my), ...Array.from(g.opacity.dataSync())];
  };
  return { name: `${NAME} jit(grad(loss))`, run, answer: () => sample(run()) };
}

/** The recolor example's loss and gradient, the same program in jax-js (the image's constants as arguments). */
export function recolorGrad(jax: JaxJs, d: RecolorData, sample: (loss: number, g: ArrayLike<number>) => number[]): Contender {
  const np = jax.numpy;
  const { H, W } = d;
  const n = H * W * 3;
  const c = (v: number) => np.array(v, { dtype: np.float64 });
  const diffs = (y: Arr): [Arr, Arr] => [y.ref.slice([1], [], []).sub(y.ref.slice([0, -1], [], [])), y.ref.slice([], [1], []).sub(y.slice([], [0, -1], []))];
  const loss = (o: Arr, img: Arr, w: Arr, wanted: Arr, gy: Arr, gx: Arr) => {
    const y = img.add(o.ref);
    const data = np.sum(w.ref.mul(np.square(y.ref.sub(wanted))));
    const [yy, yx] = diffs(y);
    const smooth = np.sum(np.square(yy.sub(gy))).add(np.sum(np.square(yx.sub(gx))));
    const keep = np.sum(c(1).sub(w).mul(o.ref.mul(o)));
    return data.add(smooth.mul(c(RECOLOR.smoothness))).add(keep.mul(c(RECOLOR.anchor))).div(c(n));
  };
  const f = jax.jit(jax.valueAndGrad(loss));
  const img = f64(jax, d.image, [H, W, 3]);
  const w = f64(jax, d.weight, [H, W, 1]);
  const wanted = img.ref.add(f64(jax, d.shift));
  const [gy, gx] = diffs(img.ref);
  const o = f64(jax, d.offsets, [H, W, 3]);
  const run = () => {
    const [v, g] = f(o.ref, img.ref, w.ref, wanted.ref, gy.ref, gx.ref) as [Arr, Arr];
    return sample(v.dataSync()[0], g.dataSync());
  };
  return { name: `${NAME} jit(valueAndGrad(loss))`, run, answer: run };
}

/**
 * The warp example's finest-level loss and gradient in jax-js. Its jit refuses the solve
 * (`triangular_solve`), so the 8×8 DLT solve and its adjoint run eagerly under `jax.vjp`
 * and the per-pixel part (the warp, the mask, the mean) is `jit(valueAndGrad)` in h; the
 * DLT system is built from the offsets with array ops instead of a stack of scalars.
 */
export function warpGrad(jax: JaxJs, d: WarpData, sample: (loss: number, g: ArrayLike<number>) => number[]): Contender {
  const np = jax.numpy;
  const c = (v: number) => np.array(v, { dtype: np.float64 });
  const { H, W } = d;
  const base = new Float64Array(64);
  CORNERS.forEach(([x, y], i) => {
    base.set([x, y, 1, 0, 0, 0, 0, 0], 16 * i);
    base.set([0, 0, 0, x, y, 1, 0, 0], 16 * i + 8);
  });
  const oneHot = (k: number) => f64(jax, Array.from({ length: 8 }, (_, j) => (j === k ? 1 : 0)), [1, 8]);
  const [A0, corner, cx, cy, e6, e7] = [
    f64(jax, base, [8, 8]),
    f64(jax, CORNERS.flat()),
    f64(jax, CORNERS.flatMap(([x]) => [x, x]), [8, 1]),
    f64(jax, CORNERS.flatMap(([, y]) => [y, y]), [8, 1]),
    oneHot(6),
    oneHot(7),
  ];
  const homography = (off: Arr) => {
    const q = off.add(corner.ref);
    const column = q.ref.reshape([8, 1]);
    const A = A0.ref.sub(column.ref.mul(cx.ref).mul(e6.ref)).sub(column.mul(cy.ref).mul(e7.ref));
    return np.linalg.solve(A, q);
  };
  const lin = (n: number) => Float64Array.from({ length: n }, (_, i) => -1 + (2 * i) / (n - 1));
  const [xs, ys] = [f64(jax, lin(W), [1, W]), f64(jax, lin(H), [H, 1])];
  const pixels = (h: Arr, img: Arr, tgt: Arr, x: Arr, y: Arr) => {
    const k = (i: number) => h.ref.slice(i);
    const den = k(6).mul(x.ref).add(k(7).mul(y.ref)).add(c(1));
    const u = k(0).mul(x.ref).add(k(1).mul(y.ref)).add(k(2)).div(den.ref);
    const v = k(3).mul(x).add(k(4).mul(y)).add(k(5)).div(den);
    h.dispose();
    const px = u.add(c(1)).mul(c((W - 1) / 2));
    const py = v.add(c(1)).mul(c((H - 1) / 2));
    const x0 = np.clip(np.floor(px.ref), c(0), c(W - 2));
    const y0 = np.clip(np.floor(py.ref), c(0), c(H - 2));
    const fx = np.clip(px.ref.sub(x0.ref), c(0), c(1));
    const fy = np.clip(py.ref.sub(y0.ref), c(0), c(1));
    const flat = img.reshape([H * W]);
    const at = (dx: number, dy: number) => np.take(flat.ref, y0.ref.add(c(dy)).mul(c(W)).add(x0.ref.add(c(dx))).astype(np.int32), 0);
    const top = at(0, 0).mul(c(1).sub(fx.ref)).add(at(1, 0).mul(fx.ref));
    const bottom = at(0, 1).mul(c(1).sub(fx.ref)).add(at(1, 1).mul(fx));
    flat.dispose();
    x0.dispose();
    y0.dispose();
    const image = top.mul(c(1).sub(fy.ref)).add(bottom.mul(fy));
    const inside = np.logicalAnd(np.logicalAnd(np.greaterEqual(px.ref, c(0)), np.lessEqual(px, c(W - 1))), np.logicalAnd(np.greaterEqual(py.ref, c(0)), np.lessEqual(py, c(H - 1))));
    const mask = inside.astype(np.float64);
    const e = image.sub(tgt);
    return np.sum(e.ref.mul(e).mul(mask.ref)).div(np.sum(mask).add(c(1)));
  };
  const inH = jax.jit(jax.valueAndGrad(pixels));
  const [img, tgt] = [f64(jax, d.source, [H, W]), f64(jax, d.target, [H, W])];
  const off = f64(jax, d.offsets);
  const run = (): [number, ArrayLike<number>] => {
    const [h, back] = jax.vjp(homography, [off.ref]);
    const [loss, gh] = inH(h, img.ref, tgt.ref, xs.ref, ys.ref) as [Arr, Arr];
    const [g] = back(gh) as Arr[];
    return [loss.dataSync()[0], g.dataSync()];
  };
  return { name: `${NAME} jit(valueAndGrad) of the per-pixel part, the solve under an eager vjp`, run, answer: () => sample(...run()) };
}

type SynthArrs = { pitch: Arr; harmonics: Arr; la: Arr; ld: Arr; lg: Arr; c: Arr; lw: Arr };

/**
 * The synth example's loss and gradient in jax-js: the same rendering (harmonics, the noise
 * band through `irfft`, the envelope) and the four |STFT|s (frames by `take`, the Hann
 * window, `rfft`) against the target's, under `jit(valueAndGrad)`.
 */
export function synthGrad(jax: JaxJs, d: SynthData): Contender {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const np = jax.numpy as any;
  const c = (v: number) => np.array(v, { dtype: np.float64 });
  const { sampleRate: sr, length: n, scales } = d;
  const K = d.params.harmonics.length;
  const half = n / 2 + 1;
  const t = f64(jax, Float64Array.from({ length: n }, (_, i) => i / sr));
  const k = f64(jax, Float64Array.from({ length: K }, (_, i) => i + 1));
  const bins = f64(jax, Float64Array.from({ length: half }, (_, j) => j / (n / sr) / 1000));
  const [noiseRe, noiseIm] = [0, 1].map((o) => f64(jax, Float64Array.from({ length: half }, (_, j) => d.noise[2 * j + o])));
  const frames = scales.map((s) => {
    const hop = s / 4;
    const count = Math.floor((n - s) / hop) + 1;
    return np.array(Int32Array.from({ length: count * s }, (_, q) => Math.floor(q / s) * hop + (q % s)), { dtype: np.int32 }).reshape([count, s]) as Arr;
  });
  const windows = d.windows.map((w) => f64(jax, w));
  const wanted = d.wanted.map((w, i) => f64(jax, w, [w.length / (scales[i] / 2 + 1), scales[i] / 2 + 1]));
  const eps = 1e-5;
  const loss = (p: SynthArrs, t: Arr, k: Arr, bins: Arr, nr: Arr, ni: Arr, idx: Arr[], win: Arr[], want: Arr[]) => {
    const f0 = np.exp2(p.pitch.div(c(120))).mul(c(440));
    const freqs = k.mul(f0);
    const amps = np.where(np.less(freqs.ref, c(sr / 2)), jax.nn.softplus(p.harmonics), c(0));
    const phase = np.outer(freqs, t.ref).mul(c(2 * Math.PI));
    const tonal = np.sum(amps.reshape([K, 1]).mul(np.sin(phase)), 0);
    const width = np.exp(p.lw);
    const diff = bins.sub(p.c);
    const gain = np.exp(p.lg).mul(np.exp(diff.ref.mul(diff).div(width.ref.mul(width).mul(c(2))).mul(c(-1))));
    const band = np.fft.irfft({ real: nr.mul(gain.ref), imag: ni.mul(gain) });
    const rise = c(1).sub(np.exp(t.ref.div(np.exp(p.la)).mul(c(-1))));
    const y = rise.mul(np.exp(t.div(np.exp(p.ld)).mul(c(-1)))).mul(tonal.add(band));
    let total: Arr | null = null;
    scales.forEach((_, i) => {
      const X = np.fft.rfft(np.take(y.ref, idx[i]).mul(win[i]));
      const mag = np.sqrt(X.real.ref.mul(X.real).add(X.imag.ref.mul(X.imag)));
      const linear = np.mean(np.abs(mag.ref.sub(want[i].ref)));
      const log = np.mean(np.abs(np.log(mag.add(c(eps))).sub(np.log(want[i].add(c(eps))))));
      const term = linear.add(log);
      total = total === null ? term : total.add(term);
    });
    y.dispose();
    return total!;
  };
  const f = jax.jit(jax.valueAndGrad(loss));
  const q = d.params;
  const P: SynthArrs = {
    pitch: c(q.pitch),
    harmonics: f64(jax, q.harmonics),
    la: c(q.logAttack),
    ld: c(q.logDecay),
    lg: c(q.noiseLogGain),
    c: c(q.noiseCentre),
    lw: c(q.noiseLogWidth),
  };
  const run = () => {
    const [v, g] = f(jax.tree.ref(P), t.ref, k.ref, bins.ref, noiseRe.ref, noiseIm.ref, jax.tree.ref(frames), jax.tree.ref(windows), jax.tree.ref(wanted)) as [Arr, SynthArrs];
    return [v.dataSync()[0], ...[g.pitch, g.harmonics, g.la, g.ld, g.lg, g.c, g.lw].flatMap((a) => Array.from(a.dataSync()))];
  };
  // No answer check: its Wasm float64 sin and exp are float32-accurate (sin(1) off by 3e-8,
  // sin(1e4) by 4e-5), a noise floor the log-magnitude term sees (its loss is 30% off).
  return { name: `${NAME} jit(valueAndGrad(loss)) (not checked: its float64 sin/exp are float32-accurate)`, run };
}
