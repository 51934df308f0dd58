// Module entry: exports the operations plus OpenBLAS introspection for `doctor` and provenance.
#include <cblas.h>
#include <napi.h>

#include "args.h"
#include "ops.h"

namespace ntla {

namespace {

// { config, corename, threads, procs } as OpenBLAS reports them.
Napi::Value Describe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  const char* config = openblas_get_config();
  const char* core = openblas_get_corename();
  result.Set("config", Napi::String::New(env, config != nullptr ? config : ""));
  result.Set("corename", Napi::String::New(env, core != nullptr ? core : ""));
  result.Set("threads", Napi::Number::New(env, openblas_get_num_threads()));
  result.Set("procs", Napi::Number::New(env, openblas_get_num_procs()));
  return result;
}

// setThreads(n): OpenBLAS's thread count for this process (n >= 1).
Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  const int threads = DimArg(info, 0, "threads");
  if (threads < 1) Fail(info.Env(), "BAD_INPUT", "setThreads: threads must be >= 1, got 0");
  openblas_set_num_threads(threads);
  return Napi::Number::New(info.Env(), openblas_get_num_threads());
}

}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("sgemm", Napi::Function::New(env, Sgemm, "sgemm"));
  exports.Set("dgemm", Napi::Function::New(env, Dgemm, "dgemm"));
  exports.Set("ssyrk", Napi::Function::New(env, Ssyrk, "ssyrk"));
  exports.Set("dsyrk", Napi::Function::New(env, Dsyrk, "dsyrk"));
  exports.Set("gram32to64", Napi::Function::New(env, Gram32To64, "gram32to64"));
  exports.Set("cross32to64", Napi::Function::New(env, Cross32To64, "cross32to64"));
  exports.Set("colsums32", Napi::Function::New(env, ColumnSums32, "colsums32"));
  exports.Set("colsums64", Napi::Function::New(env, ColumnSums64, "colsums64"));
  exports.Set("dsyevd", Napi::Function::New(env, Dsyevd, "dsyevd"));
  exports.Set("ssyev", Napi::Function::New(env, Ssyev, "ssyev"));
  exports.Set("gram32", Napi::Function::New(env, Gram32, "gram32"));
  exports.Set("dposv", Napi::Function::New(env, Dposv, "dposv"));
  exports.Set("looSse", Napi::Function::New(env, LooSse, "looSse"));
  exports.Set("describe", Napi::Function::New(env, Describe, "describe"));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads, "setThreads"));
  return exports;
}

}  // namespace ntla

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return ntla::Init(env, exports); }

NODE_API_MODULE(nt_linalg, InitModule)
