/**
 * `nn.conv`: a convolution layer as an (init, apply) pair, as flax.linen's `Conv`: inputs
 * with features last (N, spatial…, C; leading axes beyond one are batch axes, and an
 * unbatched input is a batch of one), kernel [spatial…, in / groups, out], bias [out].
 */
import { ArgumentError, ShapeError } from "../core/errors";
import { showShape } from "../core/shape";
import { type ConvPadding, convGeneralDilated } from "../lax/conv";
import { asTensor } from "../numpy/convert";
import type { FloatDType } from "../random";
import type { Initializer } from "./initializers";
import { type DenseParams, type Layer, kernelAndBias } from "./layers";

/** Parameters of a convolution layer: kernel [spatial…, in / groups, out] and, unless disabled, bias [out]. */
export type ConvParams = DenseParams;

/** Options of {@link conv}. */
export interface ConvOptions {
  /** Steps between windows per spatial axis (default 1). */
  readonly strides?: readonly number[];
  /** "SAME" (default), "VALID", "SAME_LOWER" or [lo, hi] per spatial axis. */
  readonly padding?: ConvPadding;
  /** Holes between input elements (a transposed convolution); default 1. */
  readonly inputDilation?: readonly number[];
  /** Holes between kernel taps (atrous); default 1. */
  readonly kernelDilation?: readonly number[];
  /** Feature groups (the input features must divide into them; depthwise: inFeatures). */
  readonly featureGroupCount?: number;
  readonly useBias?: boolean;
  /** Kernel initializer (default LeCun normal, as flax's). */
  readonly kernelInit?: Initializer;
  readonly biasInit?: Initializer;
  readonly dtype?: FloatDType;
}

const SPATIAL = "abcdefghjklm";

/**
 * A convolution layer over `kernelSize.length` spatial axes, features last.
 * @example
 * const layer = nn.conv(3, 16, [3, 3]);
 * const params = layer.init(random.key(0));
 * layer.apply(params, np.ones([8, 32, 32, 3])).shape; // [8, 32, 32, 16]
 */
export function conv(inFeatures: number, outFeatures: number, kernelSize: readonly number[], opts: ConvOptions = {}): Layer<ConvParams> {
  const op = "nn.conv";
  const k = kernelSize.length;
  const groups = opts.featureGroupCount ?? 1;
  for (const [what, n] of [["inFeatures", inFeatures], ["outFeatures", outFeatures], ["featureGroupCount", groups]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`${op}: ${what} must be a positive integer, got ${n}.`);
  }
  if (k === 0 || k > SPATIAL.length || kernelSize.some((s) => !(Number.isInteger(s) && s >= 1))) {
    throw new ArgumentError(`${op}: kernelSize must be 1 to ${SPATIAL.length} positive integers, got ${JSON.stringify(kernelSize)}.`);
  }
  if (inFeatures % groups !== 0 || outFeatures % groups !== 0) {
    throw new ArgumentError(`${op}: inFeatures (${inFeatures}) and outFeatures (${outFeatures}) must be multiples of featureGroupCount (${groups}).`);
  }
  const kernelShape = [...kernelSize, inFeatures / groups, outFeatures];
  const letters = SPATIAL.slice(0, k);
  const layouts = [`N${letters}C`, `${letters}IO`, `N${letters}C`] as const;
  const weights = kernelAndBias(op, kernelShape, opts);
  return {
    init: weights.init,
    apply: (params, input) => {
      const x = asTensor(input, op);
      weights.checkKernel(params);
      if (x.ndim < k + 1 || x.shape[x.ndim - 1] !== inFeatures) {
        throw new ShapeError(`${op}: input of shape ${showShape(x.shape)} must be [batch…, ${k} spatial axes, ${inFeatures} features].`);
      }
      // Batch axes merged into one (none: a batch of one), restored after.
      const batch = x.shape.slice(0, x.ndim - k - 1);
      const lhs = x.reshape([batch.reduce((a, b) => a * b, 1), ...x.shape.slice(-k - 1)]);
      const y = convGeneralDilated(lhs, params.kernel, opts.strides ?? kernelSize.map(() => 1), opts.padding ?? "SAME", {
        lhsDilation: opts.inputDilation,
        rhsDilation: opts.kernelDilation,
        dimensionNumbers: layouts,
        featureGroupCount: groups,
      });
      return weights.addBias(params, y.reshape([...batch, ...y.shape.slice(1)]));
    },
  };
}
