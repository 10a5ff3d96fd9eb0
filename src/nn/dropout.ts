/**
 * `nn.dropout`, as flax.linen's `Dropout`: each element kept with probability 1 − rate and
 * scaled by 1 / (1 − rate), so the expectation is unchanged; driven by an explicit key,
 * so it is a pure function usable under jit and vmap.
 */
import { ArgumentError, ShapeError } from "../core/errors";
import { normalizeAxis, showShape, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import * as np from "../numpy";
import { asTensor } from "../numpy/convert";
import type { PRNGKey } from "../random";
import { bernoulli } from "../random/samplers";

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** Return x unchanged (evaluation). */
  readonly deterministic?: boolean;
  /** Axes along which one mask value is shared (e.g. the spatial axes, for channel dropout). */
  readonly broadcastDims?: readonly number[];
}

/**
 * Zeroes each element of x with probability `rate`, scaling the rest by 1 / (1 − rate).
 * @example const y = nn.dropout(random.key(0), x, 0.1);
 */
export function dropout(key: PRNGKey, x: TensorLike, rate: number, opts: DropoutOptions = {}): Tensor {
  const op = "nn.dropout";
  const t = asTensor(x, op);
  if (!(rate >= 0 && rate <= 1)) throw new ArgumentError(`${op}: rate must be in [0, 1], got ${rate}.`);
  if (opts.deterministic || rate === 0) return t;
  if (rate === 1) return np.zerosLike(t);
  const shared = (opts.broadcastDims ?? []).map((d) => unwrap(normalizeAxis(op, d, t.ndim)));
  if (new Set(shared).size !== shared.length) throw new ShapeError(`${op}: broadcastDims ${JSON.stringify(opts.broadcastDims)} repeat an axis of shape ${showShape(t.shape)}.`);
  const maskShape = t.shape.map((d, i) => (shared.includes(i) ? 1 : d));
  const keep = np.broadcastTo(bernoulli(key, 1 - rate, maskShape), t.shape);
  return np.where(keep, np.divide(t, 1 - rate), 0);
}
