"""Monte Carlo check of the bootstrap CIs of feature r and R² (issue 15): how often each method's 95%
interval contains the population value, over many simulated test sets of one fixed decoder.

Population: K = 10 latent Gaussian factors; 64 ReLU features of them, of which `sparse` are instead
non-zero in a fraction `active` of images (exponential values); prediction = 0.7 truth + noise + 0.2.
The population value is the metric on 400,000 images. Each replicate draws n test images and builds
three 95% percentile intervals from 1,000 bootstrap resamples of the images:
  recompute:  the metric recomputed on every resample (the old method),
  fixed:      R² with each feature's SS_tot fixed at its full-test-set value (issue 15's suggestion),
  pseudo:     per-image influence-function pseudo-values (what NeuroTranslator uses; linearised.ts).
Run: /usr/bin/python3 ci-coverage.py   (about 2 minutes; numpy only). Prints one line per setting.
"""
import numpy as np


def simulate(sparse, active, n, replicates=300, seed=7):
    rng = np.random.default_rng(seed)
    D, K = 64, 10
    loadings = rng.normal(size=(K, D))

    def sample(m):
        t = np.maximum(rng.normal(size=(m, K)) @ loadings / np.sqrt(K), 0)
        t[:, :sparse] = (rng.random((m, sparse)) < active) * rng.exponential(3, size=(m, sparse))
        return 0.7 * t + 0.5 * rng.normal(size=(m, D)) * np.r_[np.full(sparse, 0.5), np.full(D - sparse, 0.6)] + 0.2, t

    def metrics(p, t):
        pc, tc = p - p.mean(0), t - t.mean(0)
        sst, spp = (tc**2).sum(0), (pc**2).sum(0)
        ok = sst > 1e-12
        r = (pc * tc).sum(0)[ok] / np.sqrt(spp[ok] * sst[ok])
        return r.mean(), (1 - ((p - t) ** 2).sum(0)[ok] / sst[ok]).mean()

    def pseudo(p, t):
        m = len(p)
        pc, tc = p - p.mean(0), t - t.mean(0)
        sst = (tc**2).sum(0)
        ok = sst > 1e-12
        pc, tc, sst, e = pc[:, ok], tc[:, ok], sst[ok], (p - t)[:, ok]
        zp, zt = pc / np.sqrt((pc**2).sum(0)), tc / np.sqrt(sst)
        r = (zp * zt).sum(0)
        A, B = (e**2).mean(0), sst / m
        u_r = (r + m * (zp * zt - r * (zp**2 + zt**2) / 2)).mean(1)
        u_r2 = (1 - e**2 / B + (A / B) * (tc**2 / B - 1)).mean(1)
        u_fixed = (1 - e**2 / B).mean(1)
        return u_r, u_r2, u_fixed

    truth_r, truth_r2 = metrics(*sample(400_000))
    hits = {k: 0 for k in ["r recompute", "r pseudo", "R2 recompute", "R2 fixed", "R2 pseudo"]}
    for _ in range(replicates):
        p, t = sample(n)
        u_r, u_r2, u_fixed = pseudo(p, t)
        idx = rng.integers(0, n, (1000, n))
        recomputed = np.array([metrics(p[i], t[i]) for i in idx])
        cis = {
            "r recompute": (recomputed[:, 0], truth_r),
            "r pseudo": (u_r[idx].mean(1), truth_r),
            "R2 recompute": (recomputed[:, 1], truth_r2),
            "R2 fixed": (u_fixed[idx].mean(1), truth_r2),
            "R2 pseudo": (u_r2[idx].mean(1), truth_r2),
        }
        for k, (reps, value) in cis.items():
            lo, hi = np.percentile(reps, [2.5, 97.5])
            hits[k] += lo <= value <= hi
    cover = ", ".join(f"{k} {hits[k] / replicates:.2f}" for k in hits)
    print(f"{sparse} sparse features (active in {active:.0%} of images), n = {n}: coverage {cover}")


if __name__ == "__main__":
    simulate(sparse=0, active=0.1, n=120)
    simulate(sparse=24, active=0.2, n=120)
    simulate(sparse=24, active=0.1, n=120)
