"""optax's formulas written out in NumPy (from optax's source: transform.py, alias.py,
schedules/_schedule.py, losses/): references for optim's newer optimizers, schedules and
losses. Run: python3 reference/scripts/optax.py > reference/numpy/optax.json
"""
import json
import math

import numpy as np
from scipy.special import logsumexp, log_expit

GRADS = [[0.5, -1.25, 3.0], [0.1, 0.2, -0.3], [-2.0, 0.0, 1e-3], [0.7, -0.4, 2.5]]
P0 = [1.0, -2.0, 0.5]


def run(step, lr):
    """Descends from P0 with the fixed gradients; returns each step's update."""
    p = np.array(P0)
    out = []
    for t, g in enumerate(GRADS, start=1):
        u = -lr * step(np.array(g), p, t)
        out.append(u.tolist())
        p = p + u
    return out


def lion(b1=0.9, b2=0.99, wd=1e-3):
    mu = np.zeros(3)

    def step(g, p, t):
        nonlocal mu
        u = np.sign((1 - b1) * g + b1 * mu)
        mu = (1 - b2) * g + b2 * mu
        return u + wd * p

    return step


def adam_moments(b1, b2, eps, eps_root):
    mu = np.zeros(3)
    nu = np.zeros(3)

    def step(g, t):
        nonlocal mu, nu
        mu = (1 - b1) * g + b1 * mu
        nu = (1 - b2) * g * g + b2 * nu
        return mu / (1 - b1**t) / (np.sqrt(nu / (1 - b2**t) + eps_root) + eps)

    return step


def lamb(b1=0.9, b2=0.999, eps=1e-6, eps_root=0.0, wd=0.0):
    adam = adam_moments(b1, b2, eps, eps_root)

    def step(g, p, t):
        u = adam(g, t) + wd * p
        pn, un = np.linalg.norm(p), np.linalg.norm(u)
        ratio = 1.0 if pn == 0 or un == 0 else pn / un
        return u * ratio

    return step


def adabelief(b1=0.9, b2=0.999, eps=1e-16, eps_root=1e-16):
    mu = np.zeros(3)
    s = np.zeros(3)

    def step(g, p, t):
        nonlocal mu, s
        mu = (1 - b1) * g + b1 * mu
        s = (1 - b2) * (g - mu) ** 2 + b2 * s + eps_root
        return mu / (1 - b1**t) / (np.sqrt(s / (1 - b2**t)) + eps)

    return step


def run_steps(step, lr, n):
    """As `run`, cycling through GRADS for n steps."""
    p = np.array(P0)
    out = []
    for t in range(1, n + 1):
        u = -lr * step(np.array(GRADS[(t - 1) % len(GRADS)]), p, t)
        out.append(u.tolist())
        p = p + u
    return out


def amsgrad(b1=0.9, b2=0.999, eps=1e-8):
    mu, nu, nu_max = np.zeros(3), np.zeros(3), np.zeros(3)

    def step(g, p, t):
        nonlocal mu, nu, nu_max
        mu = (1 - b1) * g + b1 * mu
        nu = (1 - b2) * g**2 + b2 * nu
        nu_max = np.maximum(nu_max, nu / (1 - b2**t))
        return mu / (1 - b1**t) / (np.sqrt(nu_max) + eps)

    return step


def adamax(b1=0.9, b2=0.999, eps=1e-8):
    mu, nu = np.zeros(3), np.zeros(3)

    def step(g, p, t):
        nonlocal mu, nu
        mu = (1 - b1) * g + b1 * mu
        nu = np.maximum(np.abs(g) + eps, b2 * nu)
        return mu / (1 - b1**t) / nu

    return step


def yogi(b1=0.9, b2=0.999, eps=1e-3, init=1e-6):
    mu, nu = np.full(3, init), np.full(3, init)

    def step(g, p, t):
        nonlocal mu, nu
        mu = (1 - b1) * g + b1 * mu
        nu = nu - (1 - b2) * np.sign(nu - g**2) * g**2
        return mu / (1 - b1**t) / (np.sqrt(nu / (1 - b2**t)) + eps)

    return step


def radam(b1=0.9, b2=0.999, eps=1e-8, threshold=5.0, nesterov=False):
    mu, nu = np.zeros(3), np.zeros(3)
    ro_inf = 2 / (1 - b2) - 1

    def step(g, p, t):
        nonlocal mu, nu
        mu = (1 - b1) * g + b1 * mu
        nu = (1 - b2) * g**2 + b2 * nu
        b2t = b2**t
        ro = ro_inf - 2 * t * b2t / (1 - b2t)
        mu_hat = b1 * mu / (1 - b1 ** (t + 1)) + (1 - b1) * g / (1 - b1**t) if nesterov else mu / (1 - b1**t)
        if ro < threshold:
            return mu_hat
        r = math.sqrt((ro - 4) * (ro - 2) * ro_inf / ((ro_inf - 4) * (ro_inf - 2) * ro))
        return r * mu_hat / (np.sqrt(nu / (1 - b2**t)) + eps)

    return step


def adadelta(rho=0.9, eps=1e-6, wd=0.0):
    e_g, e_x = np.zeros(3), np.zeros(3)

    def step(g, p, t):
        nonlocal e_g, e_x
        g = g + wd * p
        e_g = (1 - rho) * g**2 + rho * e_g
        u = np.sqrt(e_x + eps) / np.sqrt(e_g + eps) * g
        e_x = (1 - rho) * u**2 + rho * e_x
        return u

    return step


def nadam(b1=0.9, b2=0.999, eps=1e-8, wd=0.0):
    mu, nu = np.zeros(3), np.zeros(3)

    def step(g, p, t):
        nonlocal mu, nu
        mu = (1 - b1) * g + b1 * mu
        nu = (1 - b2) * g**2 + b2 * nu
        mu_hat = b1 * (mu / (1 - b1 ** (t + 1))) + (1 - b1) * (g / (1 - b1**t))
        return mu_hat / (np.sqrt(nu / (1 - b2**t)) + eps) + wd * p

    return step


def polynomial(init, end, power, steps, begin, count):
    c = min(max(count - begin, 0), steps)
    return (init - end) * (1 - c / steps) ** power + end


def piecewise(init, bounds, count):
    v = init
    for b, s in sorted(bounds.items()):
        if count >= b:
            v *= s
    return v


def warmup_cosine(init, peak, warmup, decay, end, count):
    if count < warmup:
        return polynomial(init, peak, 1, max(1, warmup), 0, count)
    c = min(count - warmup, decay - warmup)
    cosine = 0.5 * (1 + math.cos(math.pi * c / (decay - warmup)))
    alpha = end / peak
    return peak * ((1 - alpha) * cosine + alpha)


def sgdr(cycles, count):
    start = 0
    for i, c in enumerate(cycles):
        if count < start + c["decay"] or i == len(cycles) - 1:
            return warmup_cosine(c["init"], c["peak"], c["warmup"], c["decay"], c.get("end", 0.0), count - start)
        start += c["decay"]


logits = np.array([[2.0, -1.0, 0.5], [0.0, 0.0, 0.0], [-30.0, 40.0, 1.0]])
soft = np.array([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0], [0.0, 0.25, 0.75]])
ints = [2, 0, 1]
bin_logits = np.array([-50.0, -2.0, 0.0, 0.3, 4.0, 60.0])
bin_labels = np.array([0.0, 1.0, 0.5, 1.0, 0.0, 1.0])
cycles = [{"init": 0.0, "peak": 0.1, "warmup": 5, "decay": 20}, {"init": 0.01, "peak": 0.05, "warmup": 2, "decay": 10, "end": 0.001}]
counts = [0, 1, 3, 5, 7, 10, 19, 20, 21, 25, 29, 30, 45]

print(json.dumps({
    "source": "reference/scripts/optax.py (NumPy " + np.__version__ + ")",
    "grads": GRADS,
    "p0": P0,
    "lion": run(lion(), 0.01),
    "lionCustom": run(lion(0.5, 0.8, 0.1), 0.1),
    "lamb": run(lamb(), 0.01),
    "lambDecay": run(lamb(wd=0.1), 0.01),
    "adabelief": run(adabelief(), 0.01),
    "amsgrad": run(amsgrad(), 0.01),
    "adamax": run(adamax(), 0.01),
    "yogi": run(yogi(), 0.01),
    "radam": run_steps(radam(), 0.01, 8),
    "radamNesterov": run_steps(radam(b2=0.9, nesterov=True), 0.01, 8),
    "adadelta": run(adadelta(), 1.0),
    "adadeltaDecay": run(adadelta(rho=0.5, wd=0.1), 1.0),
    "nadam": run(nadam(), 0.01),
    "nadamw": run(nadam(wd=1e-2), 0.01),
    "schedules": {
        "counts": counts,
        "polynomial": [polynomial(1e-2, 1e-4, 2, 20, 3, c) for c in counts],
        "piecewise": [piecewise(0.1, {5: 0.1, 20: 0.5, 21: 3.0}, c) for c in counts],
        "sgdr": [sgdr(cycles, c) for c in counts],
    },
    "losses": {
        "logits": logits.tolist(),
        "soft": soft.tolist(),
        "ints": ints,
        "softmaxCrossEntropy": (-(soft * (logits - logsumexp(logits, axis=-1, keepdims=True))).sum(-1)).tolist(),
        "integerLabels": [float(logsumexp(logits[i]) - logits[i, ints[i]]) for i in range(3)],
        "binLogits": bin_logits.tolist(),
        "binLabels": bin_labels.tolist(),
        "sigmoidBinaryCrossEntropy": (-bin_labels * log_expit(bin_logits) - (1 - bin_labels) * log_expit(-bin_logits)).tolist(),
    },
}, indent=1))
