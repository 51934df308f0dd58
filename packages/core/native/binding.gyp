# The optional native linear-algebra engine: a small N-API addon over OpenBLAS (CBLAS) and LAPACKE.
# Paths come from find-blas.mjs so the build script and gyp agree. Built by scripts/build-native.mjs.
{
  "targets": [
    {
      "target_name": "nt_linalg",
      "sources": ["src/addon.cc", "src/blas_ops.cc", "src/lapack_ops.cc", "src/eigen_ops.cc", "src/ridge_ops.cc", "src/args.cc"],
      "dependencies": ["<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"],
      "include_dirs": ["<!@(node find-blas.mjs include)"],
      "libraries": ["<!@(node find-blas.mjs libdirs)", "<!@(node find-blas.mjs libs)", "<!@(node find-blas.mjs rpath)"],
      "defines": ["NAPI_VERSION=8"],
      "cflags_cc": ["-O3", "-std=c++17"],
      "xcode_settings": { "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17"] }
    }
  ]
}
