/**
 * `npm run demo`: the terrain-crossing problem of the post, end to end — the IR of the
 * time to cross, the descent with jit(grad(calcTime)), the descent from a grid of start
 * points in one jitted call, and the post's pictures (see `--help`).
 */
import { either as E } from "fp-ts";
import { grad, jit, makeJaxpr, np } from "../../src";
import ref from "../../reference/terrain-jax.json";
import { graphSvg } from "./graphs";
import { writePicture } from "../shared/images";
import { DEFAULTS, type DemoOptions, HELP, parseOptions } from "./options";
import { crossingsSvg, landscapeSvg, objectiveSvg } from "./plots";
import { Progress } from "../shared/progress";
import { type PathPoint, descentPath, gridDescent, landscape, quasiNewtonPath } from "./solve";
import { TERRAIN, makeCalcTime } from "./terrain";

const fmt = (v: number) => v.toFixed(12).padStart(18);

function printPath(path: readonly PathPoint[], stepSize: number): void {
  console.log(`\nGradient descent, ${path.length - 1} steps of x -= ${stepSize} · jit(grad(calcTime))(x):\n`);
  console.log(" step                 x1                 x2                  t");
  for (const p of path) console.log(`${String(p.step).padStart(5)} ${fmt(p.x1)} ${fmt(p.x2)} ${fmt(p.t)}`);
  const last = path[path.length - 1];
  console.log(`\nx1=${last.x1}, x2=${last.x2}`);
}

/** A quasi-Newton path, and how far gradient descent's steps get in comparison. */
function printQuasiNewton(opts: DemoOptions, path: readonly PathPoint[]): void {
  const name = opts.method === "bfgs" ? "BFGS" : "L-BFGS";
  console.log(`\n${name} (scipy.optimize.minimize, strong-Wolfe line search) until |grad t| < 1e-10, ${path.length - 1} iterations:\n`);
  console.log(" iter                 x1                 x2                  t");
  for (const p of path) console.log(`${String(p.step).padStart(5)} ${fmt(p.x1)} ${fmt(p.x2)} ${fmt(p.t)}`);
  const last = path[path.length - 1];
  const gd = descentPath(opts.params, opts);
  const end = gd[gd.length - 1];
  const dist = Math.hypot(end.x1 - last.x1, end.x2 - last.x2);
  console.log(`\nGradient descent's ${opts.steps} steps of ${opts.stepSize} end ${dist.toExponential(2)} from the point ${name} reaches.`);
}

/** With the post's settings, compare the final point with JAX's. */
function compareWithJax(opts: DemoOptions, path: readonly PathPoint[]): void {
  const isPost =
    opts.params === TERRAIN && opts.steps === DEFAULTS.steps && opts.stepSize === DEFAULTS.stepSize && opts.start[0] === 2 && opts.start[1] === 17;
  if (!isPost) return;
  const want = ref.path_float64[ref.path_float64.length - 1];
  const diff = Math.max(...path.flatMap((p, i) => [p.x1 - ref.path_float64[i].x1, p.x2 - ref.path_float64[i].x2, p.t - ref.path_float64[i].t].map(Math.abs)));
  console.log(
    `JAX (float64) ends at x1=${want.x1}, x2=${want.x2}; over all ${path.length} points, x1, x2 and t are ` +
      `${diff === 0 ? "identical to JAX's to the last bit" : `within ${diff.toExponential(2)} of JAX's`}.`,
  );
}

/** Runs and reports the grid descent; returns the optimum it found. */
function reportGrid(opts: DemoOptions, progress: Progress): readonly [number, number] {
  const n = opts.grid;
  const window = { lo: 0, hi: opts.params.h };
  progress.update(`descending from ${n * n} start points`);
  const settings = { start: opts.start, stepSize: opts.stepSize, steps: opts.steps };
  const g = gridDescent(opts.params, settings, window, n);
  const d = Array.from(g.distances).filter((x) => !Number.isNaN(x));
  const diverged = n * n - d.length;
  const within = (tol: number) => d.filter((x) => x <= tol).length;
  console.log(
    `\nThe same descent from a ${n}×${n} grid of start points over [${window.lo}, ${window.hi}]², in one jit(vmap(…)) call: ` +
      `${g.millis.toFixed(1)} ms, compilation included.`,
  );
  console.log(`The optimum (from ${Math.max(2000, 100 * opts.steps)} steps): x1=${g.optimum[0]}, x2=${g.optimum[1]}.`);
  if (diverged > 0) console.log(`${diverged} of ${n * n} descents diverged (the step size is too large for them).`);
  console.log(
    `After ${opts.steps} steps, of ${n * n} start points: ${within(1e-6)} are within 1e-6 of it, ${within(1e-3)} within 1e-3, ` +
      `${within(0.1)} within 0.1, ${within(1)} within 1${d.length ? `; the farthest is ${Math.max(...d).toPrecision(3)} away` : ""}.`,
  );
  console.log(
    "t is a sum of convex functions of (x1, x2), so there is one optimum and every start point heads for it: here " +
      "initialisation only decides how many steps it takes. Harder landscapes have local optima, as the post warns.",
  );
  return g.optimum;
}

async function drawPictures(opts: DemoOptions, path: readonly PathPoint[], optimum: readonly [number, number], progress: Progress): Promise<string[]> {
  const written: string[] = [];
  const start = np.array([...opts.start]);
  const calcTime = makeCalcTime(opts.params);
  const lastX = Math.max(...path.map((p) => Math.max(Math.abs(p.x1), Math.abs(p.x2))), opts.params.h);
  const window = { lo: -0.25 * lastX, hi: 1.25 * lastX };
  const res = 200;
  const pictures: [string, () => Promise<string>][] = [
    ["landscape", () => landscapeSvg(landscape(opts.params, window, res), window, res, path, optimum)],
    ["objective", () => objectiveSvg(path)],
    ["optimization", () => crossingsSvg(opts.params, path)],
    ["t_graph", () => graphSvg(makeJaxpr(calcTime)(start), { title: "t(x): the time to cross", inputNames: ["x"] })],
    ["grad_t_graph", () => graphSvg(makeJaxpr(grad(calcTime))(start), { title: "grad(t)(x)", inputNames: ["x"] })],
  ];
  for (const [i, [name, draw]] of pictures.entries()) {
    progress.update(`drawing ${name} (${i + 1}/${pictures.length})`);
    written.push(...writePicture(opts.out, name, await draw(), opts.png));
  }
  return written;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseOptions(argv);
  if (E.isLeft(parsed)) {
    console.error(`demo: ${parsed.left}.\nRun \`npm run demo -- --help\` for the options.`);
    return 2;
  }
  const opts = parsed.right;
  if (opts.help) {
    console.log(HELP);
    return 0;
  }
  const calcTime = makeCalcTime(opts.params);
  const start = np.array([...opts.start]);
  console.log("The time to cross, traced into jitgrad's IR (a jaxpr):\n");
  console.log(makeJaxpr(calcTime)(start).toString());
  console.log(`\nt(${opts.start.join(", ")}) = ${calcTime(start).item()}`);

  const path = opts.method === "gd" ? descentPath(opts.params, opts) : quasiNewtonPath(opts.params, opts.start, opts.method);
  if (opts.method === "gd") {
    printPath(path, opts.stepSize);
    compareWithJax(opts, path);
  } else printQuasiNewton(opts, path);

  const progress = new Progress();
  const optimum = reportGrid(opts, progress);

  console.log("\nThe JavaScript jit generated for the gradient:\n");
  console.log(jit(grad(calcTime)).lower([...opts.start]).source.split("\nconst guard")[0]);

  try {
    const written = await drawPictures(opts, path, optimum, progress);
    progress.done();
    console.log(`\nPictures written to ${opts.out}/:\n${written.map((p) => `  ${p}`).join("\n")}`);
  } catch (e) {
    progress.done();
    const err = e as NodeJS.ErrnoException;
    if (err.code === undefined) throw e;
    console.error(`demo: could not write the pictures to "${opts.out}": ${err.message}`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
