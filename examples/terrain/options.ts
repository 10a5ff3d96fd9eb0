/** The demo's command line: parsed and validated into options, or a message saying what is wrong. */
import { either as E } from "fp-ts";
import { TERRAIN, type TerrainParams } from "./terrain";

export interface DemoOptions {
  readonly help: boolean;
  readonly steps: number;
  readonly stepSize: number;
  readonly start: readonly [number, number];
  readonly params: TerrainParams;
  /** Start points per side of the grid descent (grid × grid in all). */
  readonly grid: number;
  readonly out: string;
  readonly png: boolean;
  /** How to descend from the start point: gradient descent (the post's), or BFGS / L-BFGS (scipy.optimize.minimize). */
  readonly method: "gd" | "bfgs" | "lbfgs";
}

export const DEFAULTS: DemoOptions = {
  help: false,
  steps: 20,
  stepSize: 1.5,
  start: [2, 17],
  params: TERRAIN,
  grid: 20,
  out: "out",
  png: true,
  method: "gd",
};

export const HELP = `npm run demo -- [options]

The terrain-crossing problem of the post: descend jit(grad(calcTime)) from a start
point, descend from a grid of start points in one jit(vmap(...)) call, and draw the
landscape, the objective, the paths and the expression graphs.

Options:
  --steps N            gradient steps (default 20)
  --step-size S        step size, x -= S * grad(t)(x) (default 1.5)
  --start X1,X2        start point (default 2,17)
  --speeds V1,V2,V3    speeds on the three terrains (default 0.7,0.3,0.45)
  --grid N             N x N start points for the grid descent (default 20)
  --out DIR            where pictures go (default out)
  --method M           gd (gradient descent, default), bfgs or lbfgs (quasi-Newton
                       with a line search, to the optimum to 1e-10)
  --no-png             write SVG only
  --help               this text
`;

type Parsed = E.Either<string, DemoOptions>;

const numbers = (flag: string, text: string, count: number): E.Either<string, number[]> => {
  const parts = text.split(",").map((s) => s.trim());
  const values = parts.map(Number);
  if (parts.length !== count || parts.some((p) => p === "") || values.some((v) => !Number.isFinite(v))) {
    return E.left(`${flag} takes ${count} comma-separated numbers, got "${text}"`);
  }
  return E.right(values);
};

const integerIn = (flag: string, text: string, lo: number, hi: number): E.Either<string, number> => {
  const v = Number(text);
  return text.trim() !== "" && Number.isInteger(v) && v >= lo && v <= hi ? E.right(v) : E.left(`${flag} takes a whole number from ${lo} to ${hi}, got "${text}"`);
};

/** Applies one option to the options so far. */
function apply(opts: DemoOptions, flag: string, value: string | undefined): Parsed {
  const need = (f: (v: string) => Parsed): Parsed => (value === undefined ? E.left(`${flag} needs a value`) : f(value));
  switch (flag) {
    case "--help":
      return E.right({ ...opts, help: true });
    case "--no-png":
      return value === undefined ? E.right({ ...opts, png: false }) : E.left("--no-png takes no value");
    case "--steps":
      return need((v) => E.map((steps: number) => ({ ...opts, steps }))(integerIn(flag, v, 0, 100000)));
    case "--grid":
      return need((v) => E.map((grid: number) => ({ ...opts, grid }))(integerIn(flag, v, 1, 300)));
    case "--step-size":
      return need((v) => {
        const s = Number(v);
        return v.trim() !== "" && Number.isFinite(s) && s > 0 ? E.right({ ...opts, stepSize: s }) : E.left(`--step-size takes a positive number, got "${v}"`);
      });
    case "--start":
      return need((v) => E.map(([x1, x2]: number[]) => ({ ...opts, start: [x1, x2] as const }))(numbers(flag, v, 2)));
    case "--speeds":
      return need((v) =>
        E.chain(([v1, v2, v3]: number[]) =>
          [v1, v2, v3].every((s) => s > 0) ? E.right({ ...opts, params: { ...opts.params, v1, v2, v3 } }) : E.left(`--speeds must all be positive, got "${v}"`),
        )(numbers(flag, v, 3)),
      );
    case "--method":
      return need((v) => (v === "gd" || v === "bfgs" || v === "lbfgs" ? E.right({ ...opts, method: v }) : E.left(`--method takes gd, bfgs or lbfgs, got "${v}"`)));
    case "--out":
      return need((v) => (v.trim() === "" ? E.left("--out needs a directory") : E.right({ ...opts, out: v })));
    default:
      return E.left(`unknown option ${flag}`);
  }
}

const TAKES_VALUE = new Set(["--steps", "--grid", "--step-size", "--start", "--speeds", "--out", "--method"]);

/** Parses `argv` (without node and the script): `--flag value` or `--flag=value`. */
export function parseOptions(argv: readonly string[]): Parsed {
  let opts: Parsed = E.right(DEFAULTS);
  for (let i = 0; i < argv.length && E.isRight(opts); i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      opts = E.left(`unexpected argument "${arg}"`);
      break;
    }
    const eq = arg.indexOf("=");
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    let value = eq < 0 ? undefined : arg.slice(eq + 1);
    if (value === undefined && TAKES_VALUE.has(flag) && i + 1 < argv.length) value = argv[++i];
    const current: DemoOptions = opts.right;
    opts = apply(current, flag, value);
  }
  return opts;
}
