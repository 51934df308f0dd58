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

// The optional column transform of the widening gram products: x̃_j = (x_j - shift_j) * invScale_j.
// Arguments at `index` and `index + 1` are each a Float64Array of length k, or undefined/null.
struct ColumnTransform {
  const double* shift = nullptr;
  const double* invScale = nullptr;
};

static ColumnTransform TransformArgs(const Napi::CallbackInfo& info, size_t index, int k) {
  ColumnTransform t;
  const auto optional = [&](size_t i, const char* name) -> const double* {
    if (info.Length() <= i || info[i].IsUndefined() || info[i].IsNull()) return nullptr;
    return Float64MatrixArg(info, i, name, 1, k);
  };
  t.shift = optional(index, "shift");
  t.invScale = optional(index + 1, "invScale");
  return t;
}

// Widens columns [c0, c0 + w) of float32 rows A: [rows, k] into dst: [rows, w], transformed.
static void WidenBlock(const float* a, int rows, int k, int c0, int w, const ColumnTransform& t, double* dst) {
  for (int i = 0; i < rows; ++i) {
    const float* src = a + static_cast<size_t>(i) * k + c0;
    double* out = dst + static_cast<size_t>(i) * w;
    for (int j = 0; j < w; ++j) out[j] = static_cast<double>(src[j]);
    if (t.shift != nullptr) {
      for (int j = 0; j < w; ++j) out[j] -= t.shift[c0 + j];
    }
    if (t.invScale != nullptr) {
      for (int j = 0; j < w; ++j) out[j] *= t.invScale[c0 + j];
    }
  }
}

static int BlockCols(int k, int blockArg) { return std::min(k, blockArg > 0 ? blockArg : 512); }

// Gram of float32 data accumulated in float64: products of two float32 values are exact in
// float64, so the only rounding is the float64 summation (~k·2⁻⁵³ relative) instead of float32's
// (~k·2⁻²⁴, i.e. up to 5e-4 for k = 8428). Columns are widened (and optionally centred and
// scaled, the same arithmetic as a float64 copy) blockCols at a time and summed with
// dsyrk(beta = 1), so the extra memory is n·blockCols doubles, not n·k.
Napi::Value Gram32To64(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = DimArg(info, 1, "n");
  const int k = DimArg(info, 2, "k");
  const int blockArg = DimArg(info, 3, "blockCols");
  const float* a = Float32MatrixArg(info, 0, "A", n, k);
  const ColumnTransform t = TransformArgs(info, 4, k);
  Napi::Float64Array c = Napi::Float64Array::New(env, ElementCount(env, n, n, "C"));
  if (n == 0 || k == 0) return c;
  const int block = BlockCols(k, blockArg);
  std::vector<double> wide(static_cast<size_t>(n) * block);
  for (int c0 = 0; c0 < k; c0 += block) {
    const int w = std::min(block, k - c0);
    WidenBlock(a, n, k, c0, w, t, wide.data());
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, n, w, 1.0, wide.data(), w, c0 == 0 ? 0.0 : 1.0, c.Data(),
                n);
  }
  MirrorUpper(c.Data(), n);
  return c;
}

// Narrows the transformed block of WidenBlock back to float32 (the transform itself runs in float64).
static void TransformBlock32(const float* a, int rows, int k, int c0, int w, const ColumnTransform& t, double* tmp,
                             float* dst) {
  for (int i = 0; i < rows; ++i) {
    WidenBlock(a + static_cast<size_t>(i) * k, 1, k, c0, w, t, tmp);
    float* out = dst + static_cast<size_t>(i) * w;
    for (int j = 0; j < w; ++j) out[j] = static_cast<float>(tmp[j]);
  }
}

// Gram of float32 data in float32 arithmetic with float64 accumulation across column blocks:
// ssyrk per block of blockCols (default 1024) columns, whose float32 rounding grows with the
// block's width only, added into the float64 result. About 1.6x gram32to64's speed.
Napi::Value Gram32(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = DimArg(info, 1, "n");
  const int k = DimArg(info, 2, "k");
  const int blockArg = DimArg(info, 3, "blockCols");
  const float* a = Float32MatrixArg(info, 0, "A", n, k);
  const ColumnTransform t = TransformArgs(info, 4, k);
  Napi::Float64Array c = Napi::Float64Array::New(env, ElementCount(env, n, n, "C"));
  if (n == 0 || k == 0) return c;
  const int block = std::min(k, blockArg > 0 ? blockArg : 1024);
  std::vector<float> narrow(static_cast<size_t>(n) * block);
  std::vector<double> tmp(block);
  std::vector<float> part(static_cast<size_t>(n) * n);
  double* out = c.Data();
  for (int c0 = 0; c0 < k; c0 += block) {
    const int w = std::min(block, k - c0);
    TransformBlock32(a, n, k, c0, w, t, tmp.data(), narrow.data());
    cblas_ssyrk(CblasRowMajor, CblasUpper, CblasNoTrans, n, w, 1.0f, narrow.data(), w, 0.0f, part.data(), n);
    for (int i = 0; i < n; ++i) {
      const size_t o = static_cast<size_t>(i) * n;
      for (int j = i; j < n; ++j) out[o + j] += static_cast<double>(part[o + j]);
    }
  }
  MirrorUpper(out, n);
  return c;
}

// cross32to64(a, m, b, n, k, blockCols, shift?, invScale?) -> Ã·B̃ᵀ: float64 [m, n], both
// float32 operands widened and transformed block by block as in gram32to64, summed by dgemm.
Napi::Value Cross32To64(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int m = DimArg(info, 1, "m");
  const int n = DimArg(info, 3, "n");
  const int k = DimArg(info, 4, "k");
  const int blockArg = DimArg(info, 5, "blockCols");
  const float* a = Float32MatrixArg(info, 0, "A", m, k);
  const float* b = Float32MatrixArg(info, 2, "B", n, k);
  const ColumnTransform t = TransformArgs(info, 6, k);
  Napi::Float64Array c = Napi::Float64Array::New(env, ElementCount(env, m, n, "C"));
  if (m == 0 || n == 0 || k == 0) return c;
  const int block = BlockCols(k, blockArg);
  std::vector<double> wideA(static_cast<size_t>(m) * block);
  std::vector<double> wideB(static_cast<size_t>(n) * block);
  for (int c0 = 0; c0 < k; c0 += block) {
    const int w = std::min(block, k - c0);
    WidenBlock(a, m, k, c0, w, t, wideA.data());
    WidenBlock(b, n, k, c0, w, t, wideB.data());
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, w, 1.0, wideA.data(), w, wideB.data(), w,
                c0 == 0 ? 0.0 : 1.0, c.Data(), n);
  }
  return c;
}

// Column sums of a row-major float32/float64 matrix, accumulated in float64 in row order (the
// same order as a plain loop, so the result is reproducible across engines).
template <typename T>
static Napi::Value ColumnSums(const Napi::CallbackInfo& info,
                              T* (*matrixArg)(const Napi::CallbackInfo&, size_t, const char*, int, int)) {
  Napi::Env env = info.Env();
  const int rows = DimArg(info, 1, "rows");
  const int cols = DimArg(info, 2, "cols");
  const T* a = matrixArg(info, 0, "A", rows, cols);
  Napi::Float64Array sums = Napi::Float64Array::New(env, static_cast<size_t>(cols));
  double* s = sums.Data();
  for (int i = 0; i < rows; ++i) {
    const T* row = a + static_cast<size_t>(i) * cols;
    for (int j = 0; j < cols; ++j) s[j] += static_cast<double>(row[j]);
  }
  return sums;
}

Napi::Value ColumnSums32(const Napi::CallbackInfo& info) { return ColumnSums<float>(info, Float32MatrixArg); }
Napi::Value ColumnSums64(const Napi::CallbackInfo& info) { return ColumnSums<double>(info, Float64MatrixArg); }

}  // namespace ntla
