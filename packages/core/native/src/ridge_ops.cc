// The inner loop of ridge-cv's leave-one-out search, fused so that no per-alpha buffers cross into
// JavaScript: one sgemm per group of alphas plus two passes over each alpha's [n, B] block in C++.
#include <cblas.h>

#include <algorithm>
#include <string>
#include <vector>

#include "args.h"
#include "ops.h"

namespace ntla {

// looSse(u, n, r, z, b, y, filters, diags, shifts, na) -> sse: float64 [na, b] with
//   C_a = U · diag(f_a) · Z (float32 product of Z scaled then rounded to float32),
//   sse[a, t] = sum_i ((C_a[i, t] + shift_a · Y[i, t]) / d_a[i])², summed in float64.
// U: float32 [n, r]; Z: float64 [r, b]; Y: float64 [n, b]; filters: [na, r]; diags: [na, n]; shifts: [na].
Napi::Value LooSse(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int n = DimArg(info, 1, "n");
  const int r = DimArg(info, 2, "r");
  const int b = DimArg(info, 4, "b");
  const int na = DimArg(info, 9, "na");
  const float* u = Float32MatrixArg(info, 0, "U", n, r);
  const double* z = Float64MatrixArg(info, 3, "Z", r, b);
  const double* y = Float64MatrixArg(info, 5, "Y", n, b);
  const double* filters = Float64MatrixArg(info, 6, "filters", na, r);
  const double* diags = Float64MatrixArg(info, 7, "diags", na, n);
  const double* shifts = Float64MatrixArg(info, 8, "shifts", na, 1);
  for (size_t i = 0; i < static_cast<size_t>(na) * n; ++i) {
    if (!(diags[i] != 0.0)) Fail(env, "NUMERIC", "looSse: diags[" + std::to_string(i) + "] is zero or NaN");
  }
  Napi::Float64Array out = Napi::Float64Array::New(env, ElementCount(env, na, b, "sse"));
  if (n == 0 || b == 0) return out;
  // Alphas are multiplied `group` at a time, side by side in one sgemm about kProductCols wide:
  // at n = 9,000 with b = 256, 1,024 columns took 2.6 s for 20 alphas where 256 took 3.0 s.
  constexpr int kProductCols = 1024;
  const int group = std::max(1, std::min(na, kProductCols / b));
  const size_t width = static_cast<size_t>(group) * b;
  std::vector<float> fz(static_cast<size_t>(r) * width);
  std::vector<float> c(static_cast<size_t>(n) * width);
  for (int a0 = 0; a0 < na; a0 += group) {
    const int g = std::min(group, na - a0);
    const size_t w = static_cast<size_t>(g) * b;
    for (int j = 0; j < r; ++j) {
      const double* zj = z + static_cast<size_t>(j) * b;
      float* fzj = fz.data() + j * w;
      for (int k = 0; k < g; ++k) {
        const double f = filters[static_cast<size_t>(a0 + k) * r + j];
        for (int t = 0; t < b; ++t) fzj[static_cast<size_t>(k) * b + t] = static_cast<float>(zj[t] * f);
      }
    }
    if (r > 0) {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, static_cast<int>(w), r, 1.0f, u, Ld(r), fz.data(),
                  static_cast<int>(w), 0.0f, c.data(), static_cast<int>(w));
    }
    for (int k = 0; k < g; ++k) {
      const int a = a0 + k;
      const double* d = diags + static_cast<size_t>(a) * n;
      const double shift = shifts[a];
      double* sse = out.Data() + static_cast<size_t>(a) * b;
      for (int i = 0; i < n; ++i) {
        const double inv_d = 1.0 / d[i];
        const float* ci = c.data() + i * w + static_cast<size_t>(k) * b;
        const double* yi = y + static_cast<size_t>(i) * b;
        if (r == 0) {
          for (int t = 0; t < b; ++t) sse[t] += (shift * yi[t] * inv_d) * (shift * yi[t] * inv_d);
          continue;
        }
        for (int t = 0; t < b; ++t) {
          const double e = (static_cast<double>(ci[t]) + shift * yi[t]) * inv_d;
          sse[t] += e * e;
        }
      }
    }
  }
  return out;
}

}  // namespace ntla
