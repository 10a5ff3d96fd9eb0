/**
 * `random`: JAX-style explicit PRNG keys on counter-based Threefry-2x32. Pure functions of
 * their key, so results repeat across runs and platforms, and they work under jit and vmap.
 *
 * @example
 * const [k1, k2] = random.split(random.key(0));
 * const w = random.normal(k1, [3, 2]);
 */
export { key, PRNGKey, split, foldIn, bits } from "./keys";
export { uniform, normal, truncatedNormal, bernoulli, randint, exponential, gumbel, categorical, choice, permutation, type ChoiceOptions, type UniformOptions, type PermutationOptions, type FloatDType } from "./samplers";
export { laplace, logistic, cauchy, lognormal, pareto, weibullMin, rayleigh, wald, triangular, maxwell, doubleSidedMaxwell, type FloatOptions } from "./continuous";
export { rademacher, geometric, type DiscreteDType } from "./discrete";
export { multivariateNormal, orthogonal, type CovarianceFactorization, type MultivariateNormalOptions, type OrthogonalOptions } from "./multivariate";
