// The operations the addon exports; each validates its arguments (args.h) before calling BLAS/LAPACK.
#pragma once
#include <napi.h>

namespace ntla {

// sgemm/dgemm(a, aRows, aCols, b, bRows, bCols, transA, transB) -> op(A)·op(B), row-major [m, n].
Napi::Value Sgemm(const Napi::CallbackInfo& info);
Napi::Value Dgemm(const Napi::CallbackInfo& info);
// ssyrk/dsyrk(a, n, k) -> A·Aᵀ as a full symmetric [n, n] in the input's precision.
Napi::Value Ssyrk(const Napi::CallbackInfo& info);
Napi::Value Dsyrk(const Napi::CallbackInfo& info);
// gram32to64(a: Float32Array, n, k, blockCols, shift?, invScale?) -> Ã·Ãᵀ as float64 [n, n], where
// Ã = (A - shift) * invScale column-wise; see blas_ops.cc.
Napi::Value Gram32To64(const Napi::CallbackInfo& info);
// cross32to64(a, m, b, n, k, blockCols, shift?, invScale?) -> Ã·B̃ᵀ as float64 [m, n].
Napi::Value Cross32To64(const Napi::CallbackInfo& info);
// colsums32/colsums64(a, rows, cols) -> float64 [cols], summed in row order.
Napi::Value ColumnSums32(const Napi::CallbackInfo& info);
Napi::Value ColumnSums64(const Napi::CallbackInfo& info);
// dsyevd(a, n) -> { values: ascending [n], vectors: [n, n] with eigenvectors as columns }: dsyevd's
// divide and conquer with a blocked back-transformation; eigen_ops.cc.
Napi::Value Dsyevd(const Napi::CallbackInfo& info);
// ssyev(a: float64 [n, n], n, evr) -> { values: float64 ascending [n], vectors: Float32Array [n, n] }
// on the float32-rounded matrix: as dsyevd in float32 (evr false) or LAPACKE_ssyevr (evr true); eigen_ops.cc.
Napi::Value Ssyev(const Napi::CallbackInfo& info);
// gram32(a: Float32Array, n, k, blockCols, shift?, invScale?) -> Ã·Ãᵀ as float64 [n, n]: ssyrk per
// column block (float32 sums within a block), blocks added in float64; see blas_ops.cc.
Napi::Value Gram32(const Napi::CallbackInfo& info);
// dposv(a, n, b, m) -> X: [n, m] solving A X = B by dpotrf + dpotrs (A symmetric positive definite).
Napi::Value Dposv(const Napi::CallbackInfo& info);
// looSse(u, n, r, z, b, y, filters, diags, shifts, na) -> leave-one-out squared errors [na, b]; see ridge_ops.cc.
Napi::Value LooSse(const Napi::CallbackInfo& info);

}  // namespace ntla
