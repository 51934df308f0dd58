// Cholesky solves over LAPACKE, on row-major arrays. Inputs are copied first because LAPACK works in
// place; the caller's arrays are never modified. (Eigensolvers: eigen_ops.cc.)
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

}  // namespace

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
