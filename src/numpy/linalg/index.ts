/** `np.linalg`: jax.numpy.linalg in camelCase. */
export { norm, type NormOrd } from "./norm";
export { cholesky, qr, eigh, eigvalsh, svd, svdvals, type QrMode, type EighOptions } from "./decompositions";
export { solve, inv, det, slogdet, lstsq, pinv, matrixPower, matrixRank, cond } from "./solve";
