/**
 * PRNG keys as JAX's raw keys: an int32 array of shape [2] holding two uint32 words
 * (JAX's `uint32[2]`; JS has no uint32 typed arrays worth the cost, so the same bits are
 * stored signed). Splitting and folding follow JAX's partitionable Threefry scheme, so a
 * key's streams match JAX's `jax_threefry_partitionable` mode word for word.
 */
import { ArgumentError, DTypeError, ShapeError } from "../core/errors";
import type { RandomBitsOutput } from "../core/kernels/threefry";
import { checkShape, showShape, unwrap } from "../core/shape";
import type { Tensor, TensorLike } from "../core/tensor";
import { bind1 } from "../core/trace";
import * as np from "../numpy";
import { asTensor } from "../numpy/convert";

/** A PRNG key: int32[2], the two uint32 words of a Threefry key. */
export type PRNGKey = Tensor;

const TWO_32 = 2 ** 32;

/**
 * A key from an integer seed. A JS number is taken as a 64-bit integer (as a Python int
 * is in JAX with x64 on): key = [seed >> 32, seed & 0xFFFFFFFF]; an int32 Tensor seed
 * (traced or not) gives [0, seed], as JAX does for int32 seeds.
 * @example const k = random.key(0); // [0, 0]
 */
export function key(seed: number | Tensor): PRNGKey {
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed)) {
      throw new ArgumentError(`random.key: the seed must be an integer within ±2^53, got ${seed}.`);
    }
    const bits = BigInt.asUintN(64, BigInt(seed));
    return np.array([Number(bits >> 32n) | 0, Number(bits & 0xffffffffn) | 0], { dtype: "int32" });
  }
  const s = asTensor(seed, "random.key");
  if (s.ndim !== 0 || s.dtype !== "int32") {
    throw new ArgumentError(`random.key: a Tensor seed must be a 0-d int32, got ${s.dtype}${showShape(s.shape)}; use vmap to make many keys.`);
  }
  return np.stack([np.zerosLike(s), s]);
}

/**
 * JAX's older name for `key` (a raw uint32[2] key, which is what jitgrad's keys are).
 * @example const k = random.PRNGKey(42);
 */
export const PRNGKey = key;

/** Checks a key argument and returns its two words as 0-d int32 tensors. */
export function keyWords(op: string, k: TensorLike): [Tensor, Tensor] {
  const t = asTensor(k, op);
  if (t.dtype !== "int32") {
    throw new DTypeError(`${op}: a key is int32[2] (from random.key or random.split), got ${t.dtype}${showShape(t.shape)}.`);
  }
  if (t.ndim !== 1 || t.shape[0] !== 2) {
    const hint = t.ndim > 1 && t.shape[t.ndim - 1] === 2 ? " For a batch of keys, vmap over them." : "";
    throw new ShapeError(`${op}: a key has shape [2], got ${showShape(t.shape)}.${hint}`);
  }
  return [t.slice(0), t.slice(1)];
}

/** Checks a sample shape. */
export function sampleShape(op: string, shape: readonly number[] | number): number[] {
  return [...unwrap(checkShape(op, typeof shape === "number" ? [shape] : shape))];
}

/** One hash per counter start + i, i over `shape`, as `output`. */
export function randomBits(words: readonly [Tensor, Tensor], shape: readonly number[], output: RandomBitsOutput, start?: Tensor): Tensor {
  const [k0, k1] = words;
  return bind1("random_bits", [k0, k1, start ?? np.zerosLike(k0)], { shape, output });
}

/**
 * `num` new keys, independent of each other and of `key` (shape [...num, 2]). Use each key
 * once; split again for more.
 * @example const [k1, k2] = random.split(random.key(0)).unstack?.() ?? [];
 */
export function split(k: TensorLike, num: number | readonly number[] = 2): PRNGKey {
  const words = keyWords("random.split", k);
  const shape = sampleShape("random.split", num);
  return np.stack([randomBits(words, shape, "word0"), randomBits(words, shape, "word1")], -1);
}

/**
 * A new key derived from `key` and an integer (e.g. a step number or a worker index);
 * different data give independent keys. Equals `split(key, n)[data]` for any n > data.
 * @example const stepKey = random.foldIn(key, step);
 */
export function foldIn(k: TensorLike, data: number | Tensor): PRNGKey {
  const words = keyWords("random.foldIn", k);
  let d: Tensor;
  if (typeof data === "number") {
    if (!Number.isSafeInteger(data)) throw new ArgumentError(`random.foldIn: data must be an integer, got ${data}.`);
    d = np.array(Number(BigInt.asUintN(32, BigInt(data))) | 0, { dtype: "int32" });
  } else {
    d = asTensor(data, "random.foldIn");
    if (d.ndim !== 0 || d.dtype !== "int32") {
      throw new ArgumentError(`random.foldIn: data must be a JS integer or a 0-d int32, got ${d.dtype}${showShape(d.shape)}.`);
    }
  }
  return np.concatenate([randomBits(words, [1], "word0", d), randomBits(words, [1], "word1", d)]);
}

/**
 * Uniform random 32-bit words (int32 holding JAX's uint32 bits: JAX's
 * `random.bits(key, shape)` is these values modulo 2^32).
 * @example random.bits(random.key(0), [4])
 */
export function bits(k: TensorLike, shape: readonly number[] | number = []): Tensor {
  return randomBits(keyWords("random.bits", k), sampleShape("random.bits", shape), "xor");
}

/** Unsigned order of int32 bit patterns, as float64 (exact). */
export function unsigned(b: Tensor): Tensor {
  const f = b.astype("float64");
  return np.where(np.less(f, 0), np.add(f, TWO_32), f);
}
