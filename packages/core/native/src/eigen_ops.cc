// Symmetric eigensolvers, float64 (dsyevd) and float32 (ssyev, for ridge-cv at 9,000+ images, where
// the eigensystem dominates and float32 halves the memory traffic of the bandwidth-bound tridiagonal
// reduction). Both run ssyevd's/dsyevd's steps, tridiagonal reduction and divide and conquer, with
// the back-transformation blocked wider than LAPACK's (ApplyReflectors). Inputs: float64 symmetric
// matrices, never modified.
#include <lapacke.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "args.h"
#include "ops.h"

namespace ntla {

namespace {

// The LAPACKE routines of each precision, so one driver serves both.
template <typename T>
struct Lapack;
template <>
struct Lapack<float> {
  static constexpr auto sytrd = LAPACKE_ssytrd_work;
  static constexpr auto stedc = LAPACKE_sstedc_work;
  static constexpr auto larft = LAPACKE_slarft_work;
  static constexpr auto larfb = LAPACKE_slarfb_work;
  static constexpr const char* name = "ssyevd";
};
template <>
struct Lapack<double> {
  static constexpr auto sytrd = LAPACKE_dsytrd_work;
  static constexpr auto stedc = LAPACKE_dstedc_work;
  static constexpr auto larft = LAPACKE_dlarft_work;
  static constexpr auto larfb = LAPACKE_dlarfb_work;
  static constexpr const char* name = "dsyevd";
};

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

void Check(Napi::Env env, lapack_int status, const std::string& routine, int n) {
  if (status < 0) Fail(env, "INTERNAL", routine + " rejected argument " + std::to_string(-status));
  if (status > 0) {
    Fail(env, "NUMERIC",
         "eigh: " + routine + " did not converge on A of shape " + Shape(n, n) + " (info " + std::to_string(status) + ")");
  }
}

// Uninitialised storage: these buffers are hundreds of MB at n = 9,000 and LAPACK writes them
// before reading, so std::vector's zero fill would only cost time.
template <typename T>
std::unique_ptr<T[]> Uninitialised(size_t count) {
  return std::unique_ptr<T[]>(new T[count]);
}

// Reflectors applied per block by ApplyReflectors. LAPACK's ormtr applies ilaenv's 32 at a time,
// whose rank-32 products ran at half of gemm's speed here: at n = 9,000 in float32 sormtr took
// 8.7-10.6 s where blocks of 256 took 6.1 s (blocks of 512: 6.5 s).
constexpr int kReflectorBlock = 256;

// Z := Q·Z for the Q of sytrd('L', a): its reflectors H(1..n-1) lie below a's subdiagonal (the QR
// layout of a(2:n, 1:n-1)) and act on rows 2..n. Blocks are applied last first, as ormqr does.
template <typename T>
void ApplyReflectors(Napi::Env env, int n, T* a, const T* tau, T* z) {
  const int nq = n - 1;
  const int kb = std::min(kReflectorBlock, nq);
  std::vector<T> t(static_cast<size_t>(kb) * kb);
  std::vector<T> w(static_cast<size_t>(n) * kb);
  for (int i = ((nq - 1) / kb) * kb; i >= 0; i -= kb) {
    const int ib = std::min(kb, nq - i);
    const int m = nq - i;
    T* v = a + 1 + i + static_cast<size_t>(i) * n;
    Check(env, Lapack<T>::larft(LAPACK_COL_MAJOR, 'F', 'C', m, ib, v, n, tau + i, t.data(), kb), "LAPACKE_larft", n);
    Check(env,
          Lapack<T>::larfb(LAPACK_COL_MAJOR, 'L', 'N', 'F', 'C', m, n, ib, v, n, t.data(), kb, z + 1 + i, n, w.data(), n),
          "LAPACKE_larfb", n);
  }
}

// a, a float64 symmetric n x n matrix, rounded to T after scaling its largest entry into
// [rmin, rmax] as the LAPACK drivers do, which also keeps float64 entries beyond float32's range
// finite. `scale` is the factor applied; non-finite entries are refused, naming the first.
template <typename T>
std::unique_ptr<T[]> ScaledCopy(Napi::Env env, const double* a, int n, double& scale) {
  const size_t count = static_cast<size_t>(n) * n;
  double largest = 0;
  for (size_t i = 0; i < count; ++i) {
    if (!std::isfinite(a[i])) {
      Fail(env, "NUMERIC", "eigh: A of shape " + Shape(n, n) + " has a non-finite value at (" + std::to_string(i / n) +
                               ", " + std::to_string(i % n) + ")");
    }
    largest = std::max(largest, std::abs(a[i]));
  }
  const double small = static_cast<double>(std::numeric_limits<T>::min()) / std::numeric_limits<T>::epsilon();
  const double rmin = std::sqrt(small);
  const double rmax = std::sqrt(1 / small);
  scale = largest > rmax ? rmax / largest : largest > 0 && largest < rmin ? rmin / largest : 1;
  auto copy = Uninitialised<T>(count);
  for (size_t i = 0; i < count; ++i) copy[i] = static_cast<T>(a[i] * scale);
  return copy;
}

// syevd's steps with a blocked back-transformation: sytrd('L'), stedc on the tridiagonal, then
// ApplyReflectors, on the scaled copy of a (symmetric, so column-major needs no transpose: 'L' of
// column-major is the upper triangle of row-major). Writes the eigenvectors column-major to
// `vectors` (n x n, uninitialised on entry) and the ascending eigenvalues to `values`.
template <typename T>
void DivideAndConquer(Napi::Env env, const double* a, int n, T* vectors, double* values) {
  const std::string name = Lapack<T>::name;
  const size_t count = static_cast<size_t>(n) * n;
  double scale = 1;
  auto work = ScaledCopy<T>(env, a, n, scale);
  std::vector<T> d(n), e(std::max(1, n - 1)), tau(std::max(1, n - 1));
  T query = 0;
  Check(env, Lapack<T>::sytrd(LAPACK_COL_MAJOR, 'L', n, work.get(), n, d.data(), e.data(), tau.data(), &query, -1),
        name + " (sytrd)", n);
  std::vector<T> trdWork(std::max<size_t>(1, static_cast<size_t>(query)));
  Check(env,
        Lapack<T>::sytrd(LAPACK_COL_MAJOR, 'L', n, work.get(), n, d.data(), e.data(), tau.data(), trdWork.data(),
                         static_cast<lapack_int>(trdWork.size())),
        name + " (sytrd)", n);
  {
    // Workspace sizes from stedc's documentation for COMPZ = 'I' (its query returns a
    // floating-point size, which in float32 rounds n² down for n in the thousands).
    const size_t size = 1 + 4 * static_cast<size_t>(n) + count;
    auto scratch = Uninitialised<T>(size);
    std::vector<lapack_int> iscratch(3 + 5 * static_cast<size_t>(n));
    Check(env,
          Lapack<T>::stedc(LAPACK_COL_MAJOR, 'I', n, d.data(), e.data(), vectors, n, scratch.get(),
                           static_cast<lapack_int>(size), iscratch.data(), static_cast<lapack_int>(iscratch.size())),
          name + " (stedc)", n);
  }
  if (n > 1) ApplyReflectors(env, n, work.get(), tau.data(), vectors);
  for (int i = 0; i < n; ++i) values[i] = static_cast<double>(d[i]) / scale;
}

// ssyevr on the scaled float32 copy of a, same outputs as DivideAndConquer<float>.
void RelativelyRobust(Napi::Env env, const double* a, int n, float* vectors, double* values) {
  double scale = 1;
  auto work = ScaledCopy<float>(env, a, n, scale);
  std::vector<float> w(n);
  std::vector<lapack_int> support(2 * static_cast<size_t>(n));
  lapack_int found = 0;
  Check(env,
        LAPACKE_ssyevr(LAPACK_COL_MAJOR, 'V', 'A', 'L', n, work.get(), n, 0.0f, 0.0f, 0, 0, 0.0f, &found, w.data(),
                       vectors, n, support.data()),
        "LAPACKE_ssyevr", n);
  for (int i = 0; i < n; ++i) values[i] = static_cast<double>(w[i]) / scale;
}

// { values, vectors } with the eigenvectors as columns of the row-major `vectors`.
template <typename ArrayT>
Napi::Object Result(Napi::Env env, const Napi::Float64Array& values, const ArrayT& vectors) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("values", values);
  result.Set("vectors", vectors);
  return result;
}

}  // namespace

Napi::Value Dsyevd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = DimArg(info, 1, "n");
  const double* a = Float64MatrixArg(info, 0, "A", n, n);
  Napi::Float64Array vectors = Napi::Float64Array::New(env, ElementCount(env, n, n, "A"));
  Napi::Float64Array values = Napi::Float64Array::New(env, static_cast<size_t>(n));
  if (n == 0) return Result(env, values, vectors);
  // Column-major Z is transposed into the row-major result (column j is eigenvector j).
  auto z = Uninitialised<double>(static_cast<size_t>(n) * n);
  DivideAndConquer<double>(env, a, n, z.get(), values.Data());
  Transpose(z.get(), n, vectors.Data());
  return Result(env, values, vectors);
}

Napi::Value Ssyev(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = DimArg(info, 1, "n");
  const bool evr = BoolArg(info, 2, "evr");
  const double* a = Float64MatrixArg(info, 0, "A", n, n);
  Napi::Float32Array vectors = Napi::Float32Array::New(env, ElementCount(env, n, n, "A"));
  Napi::Float64Array values = Napi::Float64Array::New(env, static_cast<size_t>(n));
  if (n == 0) return Result(env, values, vectors);
  auto z = Uninitialised<float>(static_cast<size_t>(n) * n);
  if (evr) RelativelyRobust(env, a, n, z.get(), values.Data());
  else DivideAndConquer<float>(env, a, n, z.get(), values.Data());
  Transpose(z.get(), n, vectors.Data());
  return Result(env, values, vectors);
}

}  // namespace ntla
