// Argument checking for the addon: every size and length is validated here, before any BLAS or
// LAPACK call, so a wrong argument becomes a JS exception and never an out-of-bounds read.
#pragma once
#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace ntla {

// Throws a JS Error whose `ntCode` property carries an NtError code ("BAD_INPUT", "NUMERIC", ...).
[[noreturn]] void Fail(Napi::Env env, const char* code, const std::string& message);

// "(rows, cols)", as NumPy prints shapes.
std::string Shape(int64_t rows, int64_t cols);

// A BLAS dimension: a JS integer in [0, INT_MAX] (OpenBLAS here uses 32-bit ints).
int DimArg(const Napi::CallbackInfo& info, size_t index, const char* name);

bool BoolArg(const Napi::CallbackInfo& info, size_t index, const char* name);

// rows * cols as an element count; throws LIMIT when it cannot be a typed array length.
size_t ElementCount(Napi::Env env, int rows, int cols, const char* name);

// The data of a Float32Array / Float64Array argument that must hold exactly rows * cols elements.
float* Float32MatrixArg(const Napi::CallbackInfo& info, size_t index, const char* name, int rows, int cols);
double* Float64MatrixArg(const Napi::CallbackInfo& info, size_t index, const char* name, int rows, int cols);

// BLAS leading dimension of a row-major matrix with `cols` columns (must be >= 1 even when empty).
inline int Ld(int cols) { return cols > 0 ? cols : 1; }

}  // namespace ntla
