"""Reference Fourier transforms for jitgrad's np.fft (test/fft.test.ts has the same ids).

    python3 reference/scripts/fft.py > reference/numpy/fft.json

NumPy's pocketfft, for lengths with and without small prime factors.
"""
import json

import numpy as np

from cases import case, cases

rng = np.random.default_rng(17)


def crand(*shape):
    return rng.normal(size=shape) + 1j * rng.normal(size=shape)

for n_ in [1, 2, 3, 4, 5, 7, 8, 12, 16, 17, 31, 64, 100, 127]:
    x = crand(n_)
    case(f"fft {n_}", {"x": x}, np.fft.fft(x))
    case(f"ifft {n_}", {"x": x}, np.fft.ifft(x))
    r = rng.normal(size=n_)
    case(f"rfft {n_}", {"x": r}, np.fft.rfft(r))
    h = np.fft.rfft(rng.normal(size=n_))
    case(f"irfft {n_}", {"x": h}, np.fft.irfft(h, n_))

x = crand(3, 10)
case("fft n crop and pad", {"x": x}, [np.fft.fft(x, 6), np.fft.fft(x, 13)])
case("fft axis 0", {"x": x}, np.fft.fft(x, axis=0))
case("fft norms", {"x": x}, [np.fft.fft(x, norm="ortho"), np.fft.fft(x, norm="forward"), np.fft.ifft(x, norm="ortho"), np.fft.ifft(x, norm="forward")])
case("irfft default n", {"x": x}, np.fft.irfft(x))
case("irfft odd n, imaginary DC dropped", {"x": x}, np.fft.irfft(x, 9))
r = rng.normal(size=(4, 6))
case("rfft norms", {"x": r}, [np.fft.rfft(r, norm="ortho"), np.fft.rfft(r, norm="forward")])
case("fft2", {"x": x}, [np.fft.fft2(x), np.fft.ifft2(x)])
case("fft2 s", {"x": x}, np.fft.fft2(x, s=(4, 8)))
case("rfft2 irfft2", {"x": r}, [np.fft.rfft2(r), np.fft.irfft2(np.fft.rfft2(r), s=r.shape)])
t = crand(2, 3, 5)
tr = rng.normal(size=(2, 3, 5))
case("fftn", {"x": t}, [np.fft.fftn(t), np.fft.ifftn(t), np.fft.fftn(t, axes=(0, 2))])
case("rfftn irfftn", {"x": tr}, [np.fft.rfftn(tr), np.fft.irfftn(np.fft.rfftn(tr), s=tr.shape, axes=(0, 1, 2)), np.fft.rfftn(tr, axes=(1, 0))])
q = crand(2, 2, 2, 3)
case("fftn 4 axes", {"x": q}, [np.fft.fftn(q), np.fft.ifftn(q)])
qr = rng.normal(size=(2, 2, 2, 4))
case("rfftn 4 axes", {"x": qr}, [np.fft.rfftn(qr), np.fft.irfftn(np.fft.rfftn(qr), s=qr.shape, axes=(0, 1, 2, 3))])
case("hfft ihfft", {"x": x[0, :4], "r": r[0]}, [np.fft.hfft(x[0, :4]), np.fft.hfft(x[0, :4], 7), np.fft.ihfft(r[0])])
case("fftfreq rfftfreq", {}, [np.fft.fftfreq(8), np.fft.fftfreq(7, 0.1), np.fft.rfftfreq(8), np.fft.rfftfreq(9, 2.5)])
s = np.arange(15.0).reshape(3, 5)
case("fftshift ifftshift", {"x": s}, [np.fft.fftshift(s), np.fft.ifftshift(s), np.fft.fftshift(s, axes=1), np.fft.ifftshift(np.fft.fftshift(s))])

json.dump({"numpy": np.__version__, "cases": cases}, __import__("sys").stdout)
