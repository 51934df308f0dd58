// Float32 symmetric eigensolvers for ridge-cv at large n (9,000+ images), where the eigensystem
// dominates: ssyevd and ssyevr move half the memory of their float64 versions in the tridiagonal
// reduction, which is bandwidth-bound. Input: a float64 symmetric matrix, never modified.
#include <lapacke.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "args.h"
#include "ops.h"

namespace ntla {

namespace {

// dst = srcᵀ for square n x n matrices in cache-sized tiles (dst may be a different type).
template <typename S, typename D>
void Transpose(const S* src, int n, D* dst) {
  constexpr int kTile = 64;
  for (int i0 = 0; i0 < n; i0 += kTile) {
    for (int j0 = 0; j0 < n; j0 += kTile) {
      const int i1 = std::min(n, i0 + kTile);
      const int j1 = std::min(n, j0 + kTile);
      for (int i = i0; i < i1; ++i) {
        for (int j = j0; j < j1; ++j) dst[static_cast<size_t>(j) * n + i] = static_cast<D>(src[static_cast<size_t>(i) * n + j]);
      }
    }
  }
}

void Check(Napi::Env env, lapack_int status, const char* routine, int n) {
  if (status < 0) Fail(env, "INTERNAL", std::string(routine) + " rejected argument " + std::to_string(-status));
  if (status > 0) {
    Fail(env, "NUMERIC", std::string("eigh: ") + routine + " did not converge on A of shape " + Shape(n, n) + " (info " +
                             std::to_string(status) + ")");
  }
}

// Runs ssyevd (evr false) or ssyevr on a float32 column-major copy of a (symmetric, so the copy
// needs no transpose; 'L' of column-major is the upper triangle of row-major). Returns the
// eigenvectors column-major in `vectors` (n x n) and the ascending eigenvalues in `values`.
void Solve(Napi::Env env, const double* a, int n, bool evr, std::vector<float>& vectors, std::vector<float>& values) {
  const size_t count = static_cast<size_t>(n) * n;
  std::vector<float> work(count);
  for (size_t i = 0; i < count; ++i) work[i] = static_cast<float>(a[i]);
  values.assign(n, 0.0f);
  if (!evr) {
    // Workspace sizes from the LAPACK documentation: the workspace query returns them as float,
    // which rounds 1 + 6n + 2n² down for n in the thousands (LAPACK < 3.11) and then fails.
    std::vector<float> scratch(1 + 6 * static_cast<size_t>(n) + 2 * count);
    std::vector<lapack_int> iscratch(3 + 5 * static_cast<size_t>(n));
    Check(env,
          LAPACKE_ssyevd_work(LAPACK_COL_MAJOR, 'V', 'L', n, work.data(), n, values.data(), scratch.data(),
                              static_cast<lapack_int>(scratch.size()), iscratch.data(),
                              static_cast<lapack_int>(iscratch.size())),
          "LAPACKE_ssyevd", n);
    vectors.swap(work);
    return;
  }
  vectors.assign(count, 0.0f);
  std::vector<lapack_int> support(2 * static_cast<size_t>(n));
  lapack_int found = 0;
  Check(env,
        LAPACKE_ssyevr(LAPACK_COL_MAJOR, 'V', 'A', 'L', n, work.data(), n, 0.0f, 0.0f, 0, 0, 0.0f, &found, values.data(),
                       vectors.data(), n, support.data()),
        "LAPACKE_ssyevr", n);
}

void RequireFinite(Napi::Env env, const double* a, int n) {
  const size_t count = static_cast<size_t>(n) * n;
  for (size_t i = 0; i < count; ++i) {
    if (!std::isfinite(a[i])) {
      Fail(env, "NUMERIC", "eigh: A of shape " + Shape(n, n) + " has a non-finite value at (" + std::to_string(i / n) +
                               ", " + std::to_string(i % n) + ")");
    }
  }
}

}  // namespace

Napi::Value Ssyev(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = DimArg(info, 1, "n");
  const bool evr = BoolArg(info, 2, "evr");
  const double* a = Float64MatrixArg(info, 0, "A", n, n);
  RequireFinite(env, a, n);
  Napi::Float32Array vectors = Napi::Float32Array::New(env, ElementCount(env, n, n, "A"));
  Napi::Float64Array values = Napi::Float64Array::New(env, static_cast<size_t>(n));
  if (n > 0) {
    std::vector<float> v;
    std::vector<float> w;
    Solve(env, a, n, evr, v, w);
    for (int i = 0; i < n; ++i) values[i] = static_cast<double>(w[i]);
    Transpose(v.data(), n, vectors.Data());
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("values", values);
  result.Set("vectors", vectors);
  return result;
}

}  // namespace ntla
