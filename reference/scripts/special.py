"""Reference values of the special functions jitgrad implements (test/special.test.ts has the same ids).

    python3 reference/scripts/special.py > reference/numpy/special.json

The error-function family, Φ, log Φ, Φ⁻¹, log Γ, ψ and ψ′ come from mpmath at 50 digits, rounded once
(more accurate than SciPy's double-precision ones, which are off by up to ~10 ulp in
erfc's tail); the log helpers from SciPy, whose formulas are exact up to one rounding.
"""
import json
import sys

import mpmath as mp
import numpy as np
import scipy.special as sp

from cases import case, cases

mp.mp.dps = 50
rng = np.random.default_rng(31)


def each(f, xs):
    return np.array([float(f(mp.mpf(float(v)))) if np.isfinite(v) else np.nan for v in np.ravel(xs)]).reshape(np.shape(xs))


def ndtr(v):
    return mp.ncdf(v)


def ndtri(v):
    """√2·erfinv(2v − 1), at enough digits that 2v − 1 keeps all of v's (v may be 1e-300)."""
    with mp.workdps(700):
        return mp.sqrt(2) * mp.erfinv(2 * v - 1)


x_erf = np.concatenate([[-30, -6, -4.5, -2, -1.2, -1, -0.7, -1e-8, 0, 1e-300, 0.3, 0.99, 1, 1.01, 2.5, 3.99, 4, 4.01, 6, 10, 20, 26.5],
                        rng.uniform(-8, 8, 40)])
case("erf", {"x": x_erf}, each(mp.erf, x_erf))
case("erfc", {"x": x_erf}, each(mp.erfc, x_erf))
case("erf erfc at the edges", {"x": np.array([np.inf, -np.inf, np.nan, 27.5, -27.5, 40])},
     [np.array([1, -1, np.nan, 1, -1, 1.0]), np.array([0, 2, np.nan, 0, 2, 0.0])])
x_ndtr = np.concatenate([[-40, -20, -10, -5, -1.5, -1, 0, 0.5, 1, 3, 8, 10, 38], rng.uniform(-12, 12, 30)])
case("ndtr", {"x": x_ndtr}, each(ndtr, x_ndtr))
x_log = np.concatenate([[-1e5, -300, -40, -20, -10, -2, -1.5, -1.4143, -1.4142, -1, -0.5, 0, 1e-3, 0.5, 1, 5, 10, 20, 37],
                        rng.uniform(-30, 10, 30)])
# log Φ(x) = log1p(−Φ(−x)) above 0: at 50 digits Φ(37) itself rounds to 1.
case("log_ndtr", {"x": x_log}, each(lambda v: mp.log(mp.ncdf(v)) if v <= 0 else mp.log1p(-mp.ncdf(-v)), x_log))
p = np.concatenate([[1e-300, 1e-100, 1e-20, 1e-11, 1e-10, 1e-9, 1e-5, 0.01, 0.1, 0.3, 0.5, 0.6, 0.9, 0.975, 1 - 1e-10, 1 - 2**-53],
                    rng.uniform(0, 1, 30), 10.0 ** rng.uniform(-200, -1, 20)])
case("ndtri", {"p": p}, each(ndtri, p))
case("ndtri at the edges", {"p": np.array([0, 1, -0.5, 1.5, np.nan])}, np.array([-np.inf, np.inf, np.nan, np.nan, np.nan]))
xs = np.array([0, 0, 0.5, 2, -1, 3, 1e-300])
ys = np.array([0, 3, 0.25, 7, 2, 0, 1e-300])
case("xlogy xlog1py", {"x": xs, "y": ys}, [sp.xlogy(xs, ys), sp.xlog1py(xs, ys - 0.5)])
e = np.array([0, 0.5, 1, 2, 1e-300, -1, np.nan, np.inf])
case("entr", {"x": e}, sp.entr(e))
q = np.array([0.5, 0.75, 1e-10, 1 - 1e-10, 0, 1, 0.3])
case("logit", {"x": q}, sp.logit(q))
xn = np.concatenate([[-40, -3, -1, 0, 0.5, 2, 9], rng.normal(size=10) * 3])
loc, scale = 0.75, 2.5
case("norm", {"x": xn, "q": p[:16]},
     [each(lambda v: mp.npdf(v), xn), each(lambda v: -mp.log(2 * mp.pi) / 2 - v * v / 2, xn), each(ndtr, xn),
      each(lambda v: mp.npdf(v, loc, scale), xn), each(lambda v: -mp.log(2 * mp.pi * scale**2) / 2 - ((v - loc) / scale) ** 2 / 2, xn),
      # JAX's cdf takes Φ of the rounded (x − loc)/scale (the rounding alone moves Φ(−16) by 4e-14).
      each(ndtr, (xn - loc) / scale), each(lambda v: loc + scale * ndtri(v), p[:16])])
xg = np.concatenate([[-10, -3, -1, -1e-5, 0, 0.5, 1, 4], rng.normal(size=10) * 2])
case("gelu exact", {"x": xg}, each(lambda v: v * mp.ncdf(v), xg))
x_gamma = np.concatenate([[1, 2, 1 + 1e-8, 2 - 1e-9, 0.5, 1e-5, 1e-300, 3, 7.5, 10, 10.5, 100, 1e10, 1e300, -0.5, -1.5, -2.000001, -7.3,
                           1.4616321449683622, 1.46, 1.25, 1.7, 2.5, 0.25],
                          rng.uniform(-10, 20, 40), 10.0 ** rng.uniform(-5, 5, 10)])
case("lgamma", {"x": x_gamma}, each(lambda v: mp.log(abs(mp.gamma(v))), x_gamma))
case("digamma", {"x": x_gamma}, each(mp.digamma, x_gamma))
case("trigamma", {"x": x_gamma[x_gamma > -1e300]}, each(lambda v: mp.psi(1, v), x_gamma[x_gamma > -1e300]))
case("lgamma digamma at the edges", {"x": np.array([0.0, -0.0, -1, -2, np.inf, np.nan, 3e305])},
     [np.array([np.inf, np.inf, np.inf, np.inf, np.inf, np.nan, np.inf]), np.array([-np.inf, np.inf, np.nan, np.nan, np.inf, np.nan, float(mp.digamma(3e305))])])
# Distributions on log Γ: SciPy's own values (its logpdfs are accurate to a few ulp here).
import scipy.stats as st
xs_pos = np.array([0.05, 0.5, 1, 3, 10, 40, -1.0])
shapes = np.array([0.5, 2, 7.5, 30, 3, 1.25, 2])
case("gamma", {"x": xs_pos, "a": shapes}, [st.gamma.logpdf(xs_pos, shapes), st.gamma.pdf(xs_pos, shapes), st.gamma.logpdf(xs_pos, shapes, loc=0.02, scale=1.5)])
u = np.array([0.01, 0.2, 0.5, 0.77, 0.999, 1.5, -0.1])
bb = np.array([0.5, 3, 2, 9.5, 1.25, 2, 2])
case("beta", {"x": u, "a": shapes, "b": bb}, [st.beta.logpdf(u, shapes, bb), st.beta.pdf(u, shapes, bb), st.beta.logpdf(u * 2 + 1, shapes, bb, loc=1, scale=2)])
ks = np.array([0, 1, 2, 5, 17, 100, -1.0])
mus = np.array([0.5, 3, 3, 0.1, 20, 90, 2])
case("poisson", {"k": ks, "mu": mus}, [st.poisson.logpmf(ks, mus), st.poisson.pmf(ks, mus), st.poisson.logpmf(ks + 2, mus, loc=2)])
xt = np.array([-30, -2.5, -0.3, 0, 1, 4, 100.0])
dfs = np.array([1, 2.5, 3, 30, 1000, 4, 7])
case("t", {"x": xt, "df": dfs}, [st.t.logpdf(xt, dfs), st.t.pdf(xt, dfs), st.t.logpdf(xt, dfs, loc=-0.5, scale=3)])
xe = np.array([-1, 0, 1e-10, 0.5, 3, 50, 800.0])
case("expon", {"x": xe}, [st.expon.logpdf(xe), st.expon.pdf(xe), st.expon.cdf(xe), st.expon.logpdf(xe, loc=0.25, scale=2), st.expon.cdf(xe, loc=0.25, scale=2)])
ba = np.array([2, 0.5, 1e6, 1e4, 30, 3, 1e-3, 12, 1e15, 7.25, 150, 0.1])
bb = np.array([3, 0.5, 3, 2e4, 9.5, 1e6, 1e-3, 10, 5, 7.25, 1e8, 40])
case("betaln", {"a": ba, "b": bb}, np.array([float(mp.log(mp.beta(mp.mpf(float(u)), mp.mpf(float(v))))) for u, v in zip(ba, bb)]))

json.dump({"numpy": np.__version__, "scipy": __import__("scipy").__version__, "mpmath": mp.__version__, "cases": cases}, sys.stdout, separators=(",", ":"))
