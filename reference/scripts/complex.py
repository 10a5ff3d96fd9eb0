"""Reference complex arithmetic for jitgrad's complex dtypes (test/complex.test.ts has the same ids).

    python3 reference/scripts/complex.py > reference/numpy/complex.json

NumPy's complex128 arithmetic: Smith's division, csqrt and clog with their branch cuts.
"""
import json

import numpy as np

from cases import case, cases

rng = np.random.default_rng(17)


def crand(*shape):
    return rng.normal(size=shape) + 1j * rng.normal(size=shape)

z = crand(7)
w = crand(7)
# Edge values: zeros, negative reals (sqrt's and log's branch cut), a huge and a tiny divisor.
edge = np.array([0j, -4 + 0j, -4 - 0j, 1e300 + 1e300j, 1e-300 - 2e-300j, 3 - 4j, -0.5 + 2j])

case("mul", {"z": z, "w": w}, z * w)
case("div", {"z": z, "w": w}, z / w)
case("div extreme", {"z": np.array([1 + 1j, 1e300 + 1j, 1 - 1e-300j]), "w": np.array([1e300 + 1e300j, 1e-300 + 1e-300j, 3 + 4j])},
     np.array([1 + 1j, 1e300 + 1j, 1 - 1e-300j]) / np.array([1e300 + 1e300j, 1e-300 + 1e-300j, 3 + 4j]))
case("add sub neg", {"z": z, "w": w}, [z + w, z - w, -z])
case("exp", {"z": z}, np.exp(z))
case("log", {"z": z}, np.log(z))
case("log edge", {"z": edge[1:]}, np.log(edge[1:]))
case("sqrt", {"z": z}, np.sqrt(z))
case("sqrt edge", {"z": edge}, np.sqrt(edge))
case("sin cos", {"z": z}, [np.sin(z), np.cos(z)])
case("abs angle", {"z": np.concatenate([z, edge])}, [np.abs(np.concatenate([z, edge])), np.angle(np.concatenate([z, edge]))])
case("square and integer powers", {"z": z}, [z * z, z ** 3, z ** -2, z ** 0])
case("conj real imag", {"z": z}, [np.conj(z), z.real, z.imag])
m = crand(3, 4)
n = crand(4, 2)
case("matmul", {"a": m, "b": n}, m @ n)
case("sum and cumsum", {"a": m}, [m.sum(0), np.cumsum(m, 1), m.sum()])
xr = rng.normal(size=7)
case("mixed promotion", {"z": z, "x": xr}, [z + xr, z * xr, xr / z])
case("equal", {"z": np.array([1 + 2j, 1 + 2j, 3j]), "w": np.array([1 + 2j, 1 - 2j, 3j])}, [np.array([1 + 2j, 1 + 2j, 3j]) == np.array([1 + 2j, 1 - 2j, 3j])])


# Reductions, products and tests that must treat z as complex, not drop or square its imaginary part.
# (These use only the arrays above: a new random draw here would change every case after it.)
nonfinite = np.array([complex(1, np.inf), complex(np.nan, 0), complex(-np.inf, np.nan), 1 + 1j, complex(np.inf, 2)])
case("mean var std", {"z": z, "a": m}, [np.mean(z), np.var(z), np.std(z), np.mean(m, 1), np.var(m, 0), np.std(m, 1, ddof=1)])
case("average", {"z": z, "a": m}, [np.average(z), np.average(m, axis=1, weights=np.array([1.0, 2.0, 0.5, 3.0]))])
case("vdot conjugates the first", {"z": z, "w": w}, [np.vdot(z, w), np.vdot(z, z)])
case("norm", {"z": z, "a": m}, [np.linalg.norm(z), np.linalg.norm(m), np.linalg.norm(m, "fro"), np.linalg.norm(z, 2), np.linalg.norm(m, axis=1),
                                np.linalg.norm(z, 1), np.linalg.norm(z, np.inf), np.linalg.norm(z, 3), np.linalg.norm(m, 1)])
case("isfinite isinf isnan", {"z": nonfinite}, [np.isfinite(nonfinite), np.isinf(nonfinite), np.isnan(nonfinite)])
case("isclose", {"z": z, "w": z + (1e-9 + 1e-9j) * np.array([1, 10, 100, 1e3, 1e4, 1e5, 1e6])},
     [np.isclose(z, z + (1e-9 + 1e-9j) * np.array([1, 10, 100, 1e3, 1e4, 1e5, 1e6]))])
case("round", {"z": z * 10}, [np.round(z * 10), np.round(z * 10, 2), np.round(z * 10, -1)])
case("cov corrcoef", {"a": m}, [np.cov(m), np.corrcoef(m), np.cov(m, rowvar=False, bias=True)])
case("correlate conjugates v", {"z": z, "w": w[:3]}, [np.correlate(z, w[:3], "full"), np.correlate(w[:3], z, "full"), np.correlate(z, w[:3])])
case("by a real constant", {"z": z}, [np.log10(z), np.log2(z), z / 2.5, 2.5 / z])

far = np.array([400 + 1j, -500 + 2j, 30 - 0.5j, 0.3 + 0j, -20 + 3j])
small = np.array([1e-10 + 1e-10j, -2e-9 + 3e-12j, 1e-300 - 1e-300j, 0.3 - 0.2j])


def log1p_exact(v):
    """log|1 + v| from x(2 + x) + y² computed exactly in rationals, then rounded once (NumPy's own log1p loses digits near 0)."""
    from fractions import Fraction
    import math
    x, y = Fraction(v.real), Fraction(v.imag)
    return complex(math.log1p(float(x * (2 + x) + y * y)) / 2, math.atan2(v.imag, 1 + v.real))


case("tan tanh sinh cosh", {"z": z, "far": far}, [np.tan(z), np.tanh(z), np.sinh(z), np.cosh(z), np.tanh(far), np.tan(1j * far)])
case("exp2 expm1 log1p", {"z": z, "small": small}, [np.exp2(z), np.expm1(z), np.log1p(z), np.expm1(small), np.array([log1p_exact(v) for v in small])])
zero_base = np.array([0j, 0j, 0j, 1 + 1j, 0j])
exponent = np.array([2 + 0j, 1j, 0j, 0j, -1 + 0j])
with np.errstate(invalid="ignore", divide="ignore"):
    case("pow", {"z": z, "w": w, "zb": zero_base, "e": exponent}, [z ** w, z ** 2.5, z ** (0.5 - 1j), zero_base ** exponent])

zn = z.copy()
zn[1] = complex(np.nan, zn[1].imag)
zn[4] = complex(zn[4].real, np.nan)
case("nan reductions", {"z": zn, "a": m}, [np.nansum(zn), np.nanmean(zn), np.nanvar(zn), np.nanstd(zn, ddof=1), np.nansum(m, 0)])
case("nanToNum", {"z": np.array([complex(np.nan, 1), complex(np.inf, -np.inf), complex(2, np.nan)])},
     [np.nan_to_num(np.array([complex(np.nan, 1), complex(np.inf, -np.inf), complex(2, np.nan)]))])
case("floatPower", {"z": z}, [np.float_power(z, 2), np.float_power(z, 0.5)])
case("interp of complex fp", {"w": w[:3]}, [np.interp(np.array([-1, 0.25, 0.5, 1.75, 3]), np.array([0.0, 1.0, 2.0]), w[:3]),
                                            np.interp(np.array([-1, 3.0]), np.array([0.0, 1.0, 2.0]), w[:3], left=1j, right=2.0)])
case("polyder polyint", {"z": z}, [np.polyder(z), np.polyder(z, 2), np.polyint(z), np.polyval(z, 0.5 - 0.25j)])
case("norm ord 0", {"z": np.array([0j, 1j, 2 + 0j, 0j])}, [np.linalg.norm(np.array([0j, 1j, 2 + 0j, 0j]), 0)])
case("creation in a complex dtype", {}, [np.arange(4, 0, -1, dtype=complex), np.linspace(0, 1, 3, dtype=complex), np.eye(2, 3, 1, dtype=complex),
                                         np.identity(2, dtype=complex), np.tri(3, dtype=complex)])

case("vector products conjugate as NumPy", {"z": z, "w": w, "a": m},
     [np.vecdot(z, w), np.vecdot(m, m), np.vecmat(m[:, 0], m), np.matvec(m, z[:4]), np.cross(z[:3], w[:3]),
      np.linalg.vector_norm(m, axis=(0, 1)), np.linalg.matrix_norm(m), np.linalg.multi_dot([m.T, m, z[:4]])])


json.dump({"numpy": np.__version__, "cases": cases}, __import__("sys").stdout)
