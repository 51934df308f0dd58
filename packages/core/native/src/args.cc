#include "args.h"

#include <climits>
#include <cmath>

namespace ntla {

void Fail(Napi::Env env, const char* code, const std::string& message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("ntCode", Napi::String::New(env, code));
  throw error;
}

std::string Shape(int64_t rows, int64_t cols) {
  return "(" + std::to_string(rows) + ", " + std::to_string(cols) + ")";
}

int DimArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Env env = info.Env();
  if (info.Length() <= index || !info[index].IsNumber()) {
    Fail(env, "BAD_INPUT", std::string("argument ") + name + " must be a number");
  }
  double value = info[index].As<Napi::Number>().DoubleValue();
  if (!(value >= 0) || value > static_cast<double>(INT_MAX) || std::floor(value) != value) {
    Fail(env, "BAD_INPUT",
         std::string("argument ") + name + " must be an integer in [0, " + std::to_string(INT_MAX) +
             "], got " + std::to_string(value));
  }
  return static_cast<int>(value);
}

bool BoolArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (info.Length() <= index || !info[index].IsBoolean()) {
    Fail(info.Env(), "BAD_INPUT", std::string("argument ") + name + " must be a boolean");
  }
  return info[index].As<Napi::Boolean>().Value();
}

size_t ElementCount(Napi::Env env, int rows, int cols, const char* name) {
  // 2^53 keeps the count exact in a JS number; V8 refuses far smaller typed arrays anyway.
  const uint64_t count = static_cast<uint64_t>(rows) * static_cast<uint64_t>(cols);
  if (count > (uint64_t{1} << 53)) {
    Fail(env, "LIMIT", std::string(name) + " of shape " + Shape(rows, cols) + " is too large");
  }
  return static_cast<size_t>(count);
}

template <typename T>
static T* MatrixArg(const Napi::CallbackInfo& info, size_t index, const char* name, int rows, int cols,
                    napi_typedarray_type type, const char* typeName) {
  Napi::Env env = info.Env();
  if (info.Length() <= index || !info[index].IsTypedArray() ||
      info[index].As<Napi::TypedArray>().TypedArrayType() != type) {
    Fail(env, "BAD_INPUT", std::string("argument ") + name + " must be a " + typeName);
  }
  Napi::TypedArrayOf<T> array = info[index].As<Napi::TypedArrayOf<T>>();
  const size_t expected = ElementCount(env, rows, cols, name);
  if (array.ElementLength() != expected) {
    Fail(env, "BAD_INPUT",
         std::string(name) + " has shape " + Shape(rows, cols) + " (" + std::to_string(expected) +
             " elements) but its " + typeName + " holds " + std::to_string(array.ElementLength()));
  }
  return array.Data();
}

float* Float32MatrixArg(const Napi::CallbackInfo& info, size_t index, const char* name, int rows, int cols) {
  return MatrixArg<float>(info, index, name, rows, cols, napi_float32_array, "Float32Array");
}

double* Float64MatrixArg(const Napi::CallbackInfo& info, size_t index, const char* name, int rows, int cols) {
  return MatrixArg<double>(info, index, name, rows, cols, napi_float64_array, "Float64Array");
}

}  // namespace ntla
