// GEMM and SYRK over CBLAS, row-major. Outputs are fresh typed arrays (zero-filled by V8), so an
// empty inner dimension needs no BLAS call and the result is already correct.
#include <cblas.h>

#include <algorithm>
#include <vector>

#include "args.h"
#include "ops.h"

namespace ntla {

namespace {

template <typename T, typename ArrayT>
Napi::Value Gemm(const Napi::CallbackInfo& info, T* (*matrixArg)(const Napi::CallbackInfo&, size_t, const char*, int, int),
                 void (*gemm)(CBLAS_ORDER, CBLAS_TRANSPOSE, CBLAS_TRANSPOSE, blasint, blasint, blasint, T, const T*,
                              blasint, const T*, blasint, T, T*, blasint)) {
  Napi::Env env = info.Env();
  const int aRows = DimArg(info, 1, "aRows");
  const int aCols = DimArg(info, 2, "aCols");
  const int bRows = DimArg(info, 4, "bRows");
  const int bCols = DimArg(info, 5, "bCols");
  const bool transA = BoolArg(info, 6, "transA");
  const bool transB = BoolArg(info, 7, "transB");
  const T* a = matrixArg(info, 0, "A", aRows, aCols);
  const T* b = matrixArg(info, 3, "B", bRows, bCols);
  const int m = transA ? aCols : aRows;
  const int k = transA ? aRows : aCols;
  const int kb = transB ? bCols : bRows;
  const int n = transB ? bRows : bCols;
  if (k != kb) {
    Fail(env, "BAD_INPUT",
         "gemm: op(A) has shape " + Shape(m, k) + " but op(B) has shape " + Shape(kb, n) +
             " (inner dimensions differ)");
  }
  ArrayT c = ArrayT::New(env, ElementCount(env, m, n, "C"));
  if (m > 0 && n > 0 && k > 0) {
    gemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, m, n, k, T(1), a,
         Ld(aCols), b, Ld(bCols), T(0), c.Data(), Ld(n));
  }
  return c;
}

// SYRK fills only the upper triangle; mirror it so callers get a full symmetric matrix.
template <typename T>
void MirrorUpper(T* c, int n) {
  for (int i = 0; i < n; ++i) {
    for (int j = i + 1; j < n; ++j) c[static_cast<size_t>(j) * n + i] = c[static_cast<size_t>(i) * n + j];
  }
}

template <typename T, typename ArrayT>
Napi::Value Syrk(const Napi::CallbackInfo& info, T* (*matrixArg)(const Napi::CallbackInfo&, size_t, const char*, int, int),
                 void (*syrk)(CBLAS_ORDER, CBLAS_UPLO, CBLAS_TRANSPOSE, blasint, blasint, T, const T*, blasint, T, T*,
                              blasint)) {
  Napi::Env env = info.Env();
  const int n = DimArg(info, 1, "n");
  const int k = DimArg(info, 2, "k");
  const T* a = matrixArg(info, 0, "A", n, k);
  ArrayT c = ArrayT::New(env, ElementCount(env, n, n, "C"));
  if (n > 0 && k > 0) {
    syrk(CblasRowMajor, CblasUpper, CblasNoTrans, n, k, T(1), a, Ld(k), T(0), c.Data(), Ld(n));
    MirrorUpper(c.Data(), n);
  }
  return c;
}

}  // namespace

Napi::Value Sgemm(const Napi::CallbackInfo& info) {
  return Gemm<float, Napi::Float32Array>(info, Float32MatrixArg, cblas_sgemm);
}

Napi::Value Dgemm(const Napi::CallbackInfo& info) {
  return Gemm<double, Napi::Float64Array>(info, Float64MatrixArg, cblas_dgemm);
}

Napi::Value Ssyrk(const Napi::CallbackInfo& info) {
  return Syrk<float, Napi::Float32Array>(info, Float32MatrixArg, cblas_ssyrk);
}

Napi::Value Dsyrk(const Napi::CallbackInfo& info) {
  return Syrk<double, Napi::Float64Array>(info, Float64MatrixArg, cblas_dsyrk);
}

// Gram of float32 data accumulated in float64: products of two float32 values are exact in
// float64, so the only rounding is the float64 summation (~k·2⁻⁵³ relative) instead of float32's
// (~k·2⁻²⁴, i.e. up to 5e-4 for k = 8428). Columns are widened blockCols at a time and summed
// with dsyrk(beta = 1), so the extra memory is n·blockCols doubles, not n·k.
Napi::Value Gram32To64(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = DimArg(info, 1, "n");
  const int k = DimArg(info, 2, "k");
  const int blockArg = DimArg(info, 3, "blockCols");
  const float* a = Float32MatrixArg(info, 0, "A", n, k);
  Napi::Float64Array c = Napi::Float64Array::New(env, ElementCount(env, n, n, "C"));
  if (n == 0 || k == 0) return c;
  const int block = std::min(k, blockArg > 0 ? blockArg : 512);
  std::vector<double> wide(static_cast<size_t>(n) * block);
  for (int c0 = 0; c0 < k; c0 += block) {
    const int w = std::min(block, k - c0);
    for (int i = 0; i < n; ++i) {
      const float* src = a + static_cast<size_t>(i) * k + c0;
      double* dst = wide.data() + static_cast<size_t>(i) * w;
      for (int j = 0; j < w; ++j) dst[j] = static_cast<double>(src[j]);
    }
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, n, w, 1.0, wide.data(), w, c0 == 0 ? 0.0 : 1.0, c.Data(),
                n);
  }
  MirrorUpper(c.Data(), n);
  return c;
}

}  // namespace ntla
