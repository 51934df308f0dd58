// Symmetric eigendecomposition and Cholesky solves over LAPACKE, on row-major arrays. Inputs are copied
// into the outputs first because LAPACK works in place; the caller's arrays are never modified.
#include <lapacke.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "args.h"
#include "ops.h"

namespace ntla {

namespace {

void RequireFinite(Napi::Env env, const double* x, int rows, int cols, const char* op, const char* name) {
  const size_t count = static_cast<size_t>(rows) * cols;
  for (size_t i = 0; i < count; ++i) {
    if (!std::isfinite(x[i])) {
      Fail(env, "NUMERIC",
           std::string(op) + ": " + name + " of shape " + Shape(rows, cols) + " has a non-finite value at (" +
               std::to_string(i / cols) + ", " + std::to_string(i % cols) + ")");
    }
  }
}

// info < 0 means we passed LAPACK a bad argument: a bug on our side, not the user's data.
void CheckArgInfo(Napi::Env env, lapack_int info, const char* routine) {
  if (info < 0) {
    Fail(env, "INTERNAL", std::string(routine) + " rejected argument " + std::to_string(-info));
  }
}

// dst = srcᵀ for square n x n matrices, in cache-sized tiles.
void TransposeSquare(const double* src, int n, double* dst) {
  constexpr int kTile = 64;
  for (int i0 = 0; i0 < n; i0 += kTile) {
    for (int j0 = 0; j0 < n; j0 += kTile) {
      const int i1 = std::min(n, i0 + kTile);
      const int j1 = std::min(n, j0 + kTile);
      for (int i = i0; i < i1; ++i) {
        for (int j = j0; j < j1; ++j) dst[static_cast<size_t>(j) * n + i] = src[static_cast<size_t>(i) * n + j];
      }
    }
  }
}

}  // namespace

Napi::Value Dsyevd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = DimArg(info, 1, "n");
  const double* a = Float64MatrixArg(info, 0, "A", n, n);
  RequireFinite(env, a, n, n, "eigh", "A");
  const size_t count = ElementCount(env, n, n, "A");
  Napi::Float64Array vectors = Napi::Float64Array::New(env, count);
  Napi::Float64Array values = Napi::Float64Array::New(env, static_cast<size_t>(n));
  if (n > 0) {
    // LAPACKE's row-major path transposes in and out; a symmetric matrix is its own transpose, so
    // run column-major on a copy ('L' of column-major = the upper triangle of row-major) and
    // transpose only the eigenvectors back (column j of the result is eigenvector j).
    std::vector<double> work(a, a + count);
    lapack_int status = LAPACKE_dsyevd(LAPACK_COL_MAJOR, 'V', 'L', n, work.data(), n, values.Data());
    CheckArgInfo(env, status, "LAPACKE_dsyevd");
    if (status > 0) {
      Fail(env, "NUMERIC",
           "eigh: LAPACKE_dsyevd did not converge on A of shape " + Shape(n, n) + " (" + std::to_string(status) +
               " off-diagonal elements did not reach zero)");
    }
    TransposeSquare(work.data(), n, vectors.Data());
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("values", values);
  result.Set("vectors", vectors);
  return result;
}

Napi::Value Dposv(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = DimArg(info, 1, "n");
  const int m = DimArg(info, 3, "m");
  const double* a = Float64MatrixArg(info, 0, "A", n, n);
  const double* b = Float64MatrixArg(info, 2, "B", n, m);
  RequireFinite(env, a, n, n, "solveSpd", "A");
  RequireFinite(env, b, n, m, "solveSpd", "B");
  const size_t countA = ElementCount(env, n, n, "A");
  const size_t countB = ElementCount(env, n, m, "B");
  Napi::Float64Array x = Napi::Float64Array::New(env, countB);
  if (n == 0) return x;
  std::vector<double> factor(a, a + countA);
  // Factor the lower triangle: A = L·Lᵀ. info > 0 names the first leading minor that is not positive.
  lapack_int status = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'L', n, factor.data(), n);
  CheckArgInfo(env, status, "LAPACKE_dpotrf");
  if (status > 0) {
    Fail(env, "NUMERIC",
         "solveSpd: A of shape " + Shape(n, n) + " is not positive definite (leading minor of order " +
             std::to_string(status) + " is not positive)");
  }
  if (m == 0) return x;
  std::copy(b, b + countB, x.Data());
  status = LAPACKE_dpotrs(LAPACK_ROW_MAJOR, 'L', n, m, factor.data(), n, x.Data(), Ld(m));
  CheckArgInfo(env, status, "LAPACKE_dpotrs");
  return x;
}

}  // namespace ntla
