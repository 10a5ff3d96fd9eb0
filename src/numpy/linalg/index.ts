/** `np.linalg`: jax.numpy.linalg in camelCase. */
export { norm, type NormOrd } from "./norm";
export { cholesky, qr, eigh, eigvalsh, svd, svdvals, type QrMode, type EighOptions } from "./decompositions";
export { solve, inv, det, slogdet, lstsq, pinv, matrixPower, matrixRank, cond } from "./solve";
export { cross, diagonal, trace, matmul, outer, tensordot, matrixTranspose, vecdot, matrixNorm, vectorNorm, type MatrixNormOptions, type VectorNormOptions } from "./array-api";
export { multiDot } from "./multi-dot";
