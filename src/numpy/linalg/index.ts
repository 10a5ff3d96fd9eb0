/** `np.linalg`: jax.numpy.linalg in camelCase. */
export { norm, type NormOrd } from "./norm";
