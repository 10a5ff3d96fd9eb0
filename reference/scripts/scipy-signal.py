"""SciPy's scipy.signal convolutions, for jitgrad's tests.

    python3 reference/scripts/scipy-signal.py > reference/numpy/signal.json  (not signal.py: that name hides the standard library's)

test/signal.test.ts has the same ids.
"""
import json

import numpy as np
import scipy.signal as ss

from cases import case, cases

rng = np.random.default_rng(3)


def rnd(*shape):
    return np.round(rng.normal(size=shape), 3)


a, v = rnd(9), rnd(4)
for mode in ("full", "same", "valid"):
    case(f"convolve 1d {mode}", {"a": a, "v": v}, ss.convolve(a, v, mode, method="direct"))
    case(f"correlate 1d {mode}", {"a": a, "v": v}, ss.correlate(a, v, mode, method="direct"))
    case(f"convolve 1d swapped {mode}", {"a": v, "v": a}, ss.convolve(v, a, mode, method="direct"))
    case(f"correlate 1d swapped {mode}", {"a": v, "v": a}, ss.correlate(v, a, mode, method="direct"))
img, ker = rnd(6, 7), rnd(3, 2)
for mode in ("full", "same", "valid"):
    case(f"convolve2d {mode}", {"a": img, "v": ker}, ss.convolve2d(img, ker, mode))
    case(f"correlate2d {mode}", {"a": img, "v": ker}, ss.correlate2d(img, ker, mode))
    case(f"correlate2d swapped {mode}", {"a": ker, "v": img}, ss.correlate2d(ker, img, mode))
    case(f"convolve2d swapped {mode}", {"a": ker, "v": img}, ss.convolve2d(ker, img, mode))
sq = rnd(3, 2)
case("correlate2d same shape valid", {"a": ker, "v": sq}, ss.correlate2d(ker, sq, "valid"))
vol, k3 = rnd(4, 3, 5), rnd(2, 2, 3)
case("convolve 3d same", {"a": vol, "v": k3}, ss.convolve(vol, k3, "same", method="direct"))
case("correlate 3d full", {"a": vol, "v": k3}, ss.correlate(vol, k3, "full", method="direct"))

print(json.dumps({"scipy": __import__("scipy").__version__, "cases": cases}))
