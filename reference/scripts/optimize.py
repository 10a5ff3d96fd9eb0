"""The terrain problem's optimum (SciPy's BFGS, refined by Newton's method in float64)
and SciPy's iteration counts, for jitgrad's scipy.optimize tests and the demo.

    python3 reference/scripts/optimize.py > reference/numpy/optimize.json
"""
import json

import numpy as np
import scipy
from scipy.optimize import minimize

h, d, v1, v2, v3 = 20, 10, 0.7, 0.3, 0.45


def f(x):
    return np.sqrt(x[0] ** 2 + d * d) / v1 + np.sqrt(x[1] ** 2 + d * d) / v2 + np.sqrt((h - x[0] - x[1]) ** 2 + d * d) / v3


def g(x):
    r = h - x[0] - x[1]
    c = -r / np.sqrt(r * r + d * d) / v3
    return np.array([x[0] / np.sqrt(x[0] ** 2 + d * d) / v1 + c, x[1] / np.sqrt(x[1] ** 2 + d * d) / v2 + c])


def hess(x):
    def q(t, v):
        return d * d / (t * t + d * d) ** 1.5 / v
    c = q(h - x[0] - x[1], v3)
    return np.array([[q(x[0], v1) + c, c], [c, q(x[1], v2) + c]])


bfgs = minimize(f, [2.0, 17.0], jac=g, method="BFGS", options={"gtol": 1e-12})
lbfgs = minimize(f, [2.0, 17.0], jac=g, method="L-BFGS-B", options={"gtol": 1e-12, "ftol": 0})
x = bfgs.x
for _ in range(8):
    x = x - np.linalg.solve(hess(x), g(x))
print(json.dumps({
    "scipy": scipy.__version__,
    "terrain_optimum": x.tolist(),
    "terrain_time": f(x),
    "scipy_bfgs_nit": int(bfgs.nit),
    "scipy_lbfgsb_nit": int(lbfgs.nit),
}))
