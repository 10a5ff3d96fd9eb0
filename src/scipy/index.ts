/** `scipy`: the parts of jax.scipy jitgrad has, in camelCase. */
/**
 * jax.scipy.linalg: triangular and factored solves (`solveTriangular choFactor choSolve luFactor luSolve`) and friends.
 * @example scipy.linalg.solveTriangular(np.array([[2, 0], [1, 1]]), np.array([2, 2]), { lower: true }) // [1, 1]
 */
export * as linalg from "./linalg";
/**
 * jax.scipy.signal: N-d `convolve`/`correlate` and `convolve2d`/`correlate2d` with SciPy's modes.
 * @example scipy.signal.convolve(np.array([1, 2, 3]), np.array([0, 1, 0.5])) // [0, 1, 2.5, 4, 1.5]
 */
export * as signal from "./signal";
/**
 * jax.scipy.optimize: `minimize` (BFGS, L-BFGS) and a strong-Wolfe `lineSearch`; every
 * loop is a `whileLoop`, so minimizations jit and vmap.
 * @example scipy.optimize.minimize((x) => np.sum(np.square(np.subtract(x, 1))), np.zeros([2]), { method: "BFGS" }).x // [1, 1]
 */
export * as optimize from "./optimize";
/**
 * jax.scipy.special: `erf erfc ndtr logNdtr ndtri xlogy xlog1py entr logit`.
 * @example scipy.special.ndtri(0.975) // 1.959963984540054
 */
export * as special from "./special";
/**
 * jax.scipy.stats: `norm` (`pdf logpdf cdf ppf`), `gamma beta t` (`pdf logpdf`), `poisson` (`pmf logpmf`), `expon` (`pdf logpdf cdf`).
 * @example scipy.stats.norm.pdf(0) // 0.3989422804014327
 */
export * as stats from "./stats";
