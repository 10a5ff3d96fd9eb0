/** The example runner's command line, parsed into options or a one-line complaint. */
import { either as E } from "fp-ts";

export interface RunOptions {
  readonly help: boolean;
  readonly name: string | null;
  readonly out: string | null;
  readonly png: boolean;
  readonly quick: boolean;
}

const DEFAULTS: RunOptions = { help: false, name: null, out: null, png: true, quick: false };

/** Parses `argv` (without node and the script): `NAME [--out DIR] [--no-png] [--quick] [--help]`. */
export function parseRunOptions(argv: readonly string[], names: readonly string[]): E.Either<string, RunOptions> {
  let opts = DEFAULTS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    switch (flag) {
      case "--help":
      case "-h":
        opts = { ...opts, help: true };
        break;
      case "--no-png":
        opts = { ...opts, png: false };
        break;
      case "--quick":
        opts = { ...opts, quick: true };
        break;
      case "--out": {
        const dir = inline ?? argv[++i];
        if (dir === undefined || dir.trim() === "") return E.left("--out needs a directory");
        opts = { ...opts, out: dir };
        break;
      }
      default:
        if (flag.startsWith("-")) return E.left(`unknown option "${flag}"`);
        if (opts.name !== null) return E.left(`one example at a time (got "${opts.name}" and "${flag}")`);
        if (!names.includes(flag)) return E.left(`no example called "${flag}"; choose one of ${names.join(", ")}`);
        opts = { ...opts, name: flag };
    }
  }
  if (!opts.help && opts.name === null) return E.left(`name an example: ${names.join(", ")}`);
  return E.right(opts);
}
