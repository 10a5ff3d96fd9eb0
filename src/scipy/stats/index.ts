/** `scipy.stats`: distributions, each a namespace of its functions. */
/**
 * The normal distribution: `pdf logpdf cdf ppf` at `loc` and `scale`.
 * @example scipy.stats.norm.cdf(0) // 0.5
 */
export * as norm from "./norm";
