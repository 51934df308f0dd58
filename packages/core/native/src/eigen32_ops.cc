// Float32 symmetric eigensolvers for ridge-cv at large n (9,000+ images), where the eigensystem
// dominates: in float32 the tridiagonal reduction, which is bandwidth-bound, moves half the memory
// of float64's. Input: a float64 symmetric matrix, never modified.
#include <lapacke.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <memory>
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

// Reflectors applied per block by ApplyReflectors. LAPACK's sormtr applies ilaenv's 32 at a time,
// whose rank-32 products ran at half of sgemm's speed here: at n = 9,000 it took 8.7-10.6 s where
// blocks of 256 took 6.1 s (blocks of 512: 6.5 s).
constexpr int kReflectorBlock = 256;

// Z := Q·Z for the Q of ssytrd('L', a): its reflectors H(1..n-1) lie below a's subdiagonal (the
// QR layout of a(2:n, 1:n-1)) and act on rows 2..n. Blocks are applied last first, as sormqr does.
void ApplyReflectors(Napi::Env env, int n, float* a, const float* tau, float* z) {
  const int nq = n - 1;
  const int kb = std::min(kReflectorBlock, nq);
  std::vector<float> t(static_cast<size_t>(kb) * kb);
  std::vector<float> w(static_cast<size_t>(n) * kb);
  for (int i = ((nq - 1) / kb) * kb; i >= 0; i -= kb) {
    const int ib = std::min(kb, nq - i);
    const int m = nq - i;
    float* v = a + 1 + i + static_cast<size_t>(i) * n;
    Check(env, LAPACKE_slarft_work(LAPACK_COL_MAJOR, 'F', 'C', m, ib, v, n, tau + i, t.data(), kb), "LAPACKE_slarft", n);
    Check(env,
          LAPACKE_slarfb_work(LAPACK_COL_MAJOR, 'L', 'N', 'F', 'C', m, n, ib, v, n, t.data(), kb, z + 1 + i, n, w.data(),
                              n),
          "LAPACKE_slarfb", n);
  }
}

// Uninitialised float storage: these buffers are hundreds of MB at n = 9,000 and LAPACK writes
// them before reading, so std::vector's zero fill would only cost time.
std::unique_ptr<float[]> Floats(size_t count) { return std::unique_ptr<float[]>(new float[count]); }

// a rounded to float32 after scaling its largest entry into [rmin, rmax] as ssyevd and ssyevr do,
// which also keeps entries beyond float32's range finite; `scale` is the factor applied.
std::unique_ptr<float[]> ScaledCopy(const double* a, size_t count, double& scale) {
  double largest = 0;
  for (size_t i = 0; i < count; ++i) largest = std::max(largest, std::abs(a[i]));
  const double small = static_cast<double>(FLT_MIN) / FLT_EPSILON;
  const double rmin = std::sqrt(small);
  const double rmax = std::sqrt(1 / small);
  scale = largest > rmax ? rmax / largest : largest > 0 && largest < rmin ? rmin / largest : 1;
  auto copy = Floats(count);
  for (size_t i = 0; i < count; ++i) copy[i] = static_cast<float>(a[i] * scale);
  return copy;
}

// ssyevd's steps with a blocked back-transformation: ssytrd('L'), sstedc on the tridiagonal, then
// ApplyReflectors, on the scaled float32 copy of a (symmetric, so column-major needs no transpose;
// 'L' of column-major is the upper triangle of row-major). Returns the eigenvectors column-major in
// `vectors` (n x n) and the ascending eigenvalues in `values`.
void SolveDivideAndConquer(Napi::Env env, const double* a, int n, std::unique_ptr<float[]>& vectors,
                           std::vector<double>& values) {
  const size_t count = static_cast<size_t>(n) * n;
  double scale = 1;
  auto work = ScaledCopy(a, count, scale);
  std::vector<float> d(n), e(std::max(1, n - 1)), tau(std::max(1, n - 1));
  float query = 0;
  Check(env, LAPACKE_ssytrd_work(LAPACK_COL_MAJOR, 'L', n, work.get(), n, d.data(), e.data(), tau.data(), &query, -1),
        "LAPACKE_ssytrd", n);
  std::vector<float> trdWork(std::max<size_t>(1, static_cast<size_t>(query)));
  Check(env,
        LAPACKE_ssytrd_work(LAPACK_COL_MAJOR, 'L', n, work.get(), n, d.data(), e.data(), tau.data(), trdWork.data(),
                            static_cast<lapack_int>(trdWork.size())),
        "LAPACKE_ssytrd", n);
  vectors = Floats(count);
  {
    // Workspace sizes from sstedc's documentation for COMPZ = 'I' (its query returns a float,
    // which rounds n² down for n in the thousands).
    auto scratch = Floats(1 + 4 * static_cast<size_t>(n) + count);
    std::vector<lapack_int> iscratch(3 + 5 * static_cast<size_t>(n));
    Check(env,
          LAPACKE_sstedc_work(LAPACK_COL_MAJOR, 'I', n, d.data(), e.data(), vectors.get(), n, scratch.get(),
                              static_cast<lapack_int>(1 + 4 * static_cast<size_t>(n) + count), iscratch.data(),
                              static_cast<lapack_int>(iscratch.size())),
          "LAPACKE_sstedc", n);
  }
  if (n > 1) ApplyReflectors(env, n, work.get(), tau.data(), vectors.get());
  values.resize(n);
  for (int i = 0; i < n; ++i) values[i] = static_cast<double>(d[i]) / scale;
}

// ssyevr on the scaled float32 copy of a, same outputs as SolveDivideAndConquer.
void SolveRelativelyRobust(Napi::Env env, const double* a, int n, std::unique_ptr<float[]>& vectors,
                           std::vector<double>& values) {
  const size_t count = static_cast<size_t>(n) * n;
  double scale = 1;
  auto work = ScaledCopy(a, count, scale);
  vectors = Floats(count);
  std::vector<float> w(n);
  std::vector<lapack_int> support(2 * static_cast<size_t>(n));
  lapack_int found = 0;
  Check(env,
        LAPACKE_ssyevr(LAPACK_COL_MAJOR, 'V', 'A', 'L', n, work.get(), n, 0.0f, 0.0f, 0, 0, 0.0f, &found, w.data(),
                       vectors.get(), n, support.data()),
        "LAPACKE_ssyevr", n);
  values.resize(n);
  for (int i = 0; i < n; ++i) values[i] = static_cast<double>(w[i]) / scale;
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
    std::unique_ptr<float[]> v;
    std::vector<double> w;
    if (evr) SolveRelativelyRobust(env, a, n, v, w);
    else SolveDivideAndConquer(env, a, n, v, w);
    std::copy(w.begin(), w.end(), values.Data());
    Transpose(v.get(), n, vectors.Data());
  }
  Napi::Object result = Napi::Object::New(env);
  result.Set("values", values);
  result.Set("vectors", vectors);
  return result;
}

}  // namespace ntla
