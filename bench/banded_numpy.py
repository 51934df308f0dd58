"""NumPy reference for `pnpm bench banded` (written for this benchmark; not a test).

The same banded-ridge random search as bench/banded-run.ts on the same files, done the direct
way, as himalaya's random search does on a CPU: the n x n kernel of each band (standardised
features / sqrt(D)), then for every band-weight sample the combined kernel K = sum_b g_b K_b,
its eigendecomposition (float64), z = U^T Y (float32 product), the GCV R^2 of every alpha for
every voxel, the best (sample, alpha) per voxel; then one refit per sample in use, predicting
the test images. Prints one JSON line; writes numpy-pred.bin and numpy-choice.bin.

usage: python3 banded_numpy.py DIR n m p d nBands
"""
import json
import resource
import sys
import time

import numpy as np

d_, n, m, p, d, nb = sys.argv[1], *map(int, sys.argv[2:7])
xs = [np.fromfile(f"{d_}/x{b}.bin", np.float32).reshape(n, d) for b in range(nb)]
xts = [np.fromfile(f"{d_}/xt{b}.bin", np.float32).reshape(m, d) for b in range(nb)]
Y = np.fromfile(f"{d_}/y.bin", np.float32).reshape(n, p)
gammas = np.fromfile(f"{d_}/gammas.bin", np.float64).reshape(-1, nb)
alphas = np.fromfile(f"{d_}/alphas.bin", np.float64)

t0 = time.perf_counter()
K, Kt = [], []
for x, xt in zip(xs, xts):
    mu, sd = x.mean(0, dtype=np.float64), x.std(0, dtype=np.float64)
    scale = np.where(sd > 0, 1 / (sd * np.sqrt(d)), 0.0)
    a, at = (x - mu) * scale, (xt - mu) * scale
    K.append(a @ a.T)
    Kt.append(at @ a.T)
ymean = Y.mean(0, dtype=np.float64)
Yc = (Y - ymean).astype(np.float32)
yss = (Yc.astype(np.float64) ** 2).sum(0)


def decompose(g):
    w, U = np.linalg.eigh(sum(gb * Kb for gb, Kb in zip(g, K)))
    keep = w > 1e-10 * w.max()
    return w[keep], U[:, keep]


def gcv(w, z, ss):
    f = w[None, :] / (w[None, :] + alphas[:, None])
    denom = np.maximum(1 - (1 + f.sum(1)) / n, 1e-12) ** 2
    red = (2 * f - f * f) @ (z.astype(np.float64) ** 2)
    return 1 - np.maximum(ss - red, 0) / (denom[:, None] * ss)


best = np.full(p, -np.inf)
choice = np.zeros((p, 2), np.int32)
for s, g in enumerate(gammas):
    w, U = decompose(g)
    sc = gcv(w, U.astype(np.float32).T @ Yc, yss)
    a = sc.argmax(0)
    top = sc[a, np.arange(p)]
    better = top > best
    best[better] = top[better]
    choice[better] = np.stack([np.full(better.sum(), s), a[better]], 1)

pred = np.empty((m, p), np.float32)
for s in np.unique(choice[:, 0]):
    cols = np.where(choice[:, 0] == s)[0]
    w, U = decompose(gammas[s])
    z = U.astype(np.float32).T @ Yc[:, cols]
    coef = z / (w[:, None] + alphas[choice[cols, 1]][None, :])
    E = (sum(gb * Kb for gb, Kb in zip(gammas[s], Kt)) @ U).astype(np.float32)
    pred[:, cols] = E @ coef.astype(np.float32) + ymean[cols]
seconds = time.perf_counter() - t0

pred.tofile(f"{d_}/numpy-pred.bin")
choice.tofile(f"{d_}/numpy-choice.bin")
print(json.dumps({"seconds": seconds, "numpy": np.__version__, "peakMiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
