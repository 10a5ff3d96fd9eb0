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


json.dump({"numpy": np.__version__, "cases": cases}, __import__("sys").stdout)
