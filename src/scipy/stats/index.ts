/** `scipy.stats`: distributions, each a namespace of its functions. */
/**
 * The normal distribution: `pdf logpdf cdf ppf` at `loc` and `scale`.
 * @example scipy.stats.norm.cdf(0) // 0.5
 */
export * as norm from "./norm";
/**
 * The gamma distribution (shape `a`): `pdf logpdf`.
 * @example scipy.stats.gamma.logpdf(1, 2) // -1
 */
export * as gamma from "./gamma";
/**
 * The beta distribution: `pdf logpdf`.
 * @example scipy.stats.beta.pdf(0.5, 2, 2) // 1.5
 */
export * as beta from "./beta";
/**
 * The Poisson distribution: `pmf logpmf`.
 * @example scipy.stats.poisson.pmf(2, 3) // 0.22404180765538775
 */
export * as poisson from "./poisson";
/**
 * Student's t distribution: `pdf logpdf`.
 * @example scipy.stats.t.pdf(0, 3) // 0.3675525969478614
 */
export * as t from "./t";
/**
 * The exponential distribution: `pdf logpdf cdf`.
 * @example scipy.stats.expon.cdf(1) // 0.6321205588285577
 */
export * as expon from "./expon";
