#!/usr/bin/env bash
# Idempotent set-up for a fresh clone: system libraries (Debian/Ubuntu), pnpm, dependencies, the native
# OpenBLAS addon. `setup.sh --test` also installs what the test suite needs (Python/NumPy for round-trip
# checks against real NumPy, PyTorch + torchvision + onnx as the ONNX import's reference, PostgreSQL, Chromium for the viewer's browser test). Safe to run again: each step is skipped when already done.
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
cd "$(dirname "$0")/.."

mode="${1:-run}"
runtime_pkgs=(libopenblas-dev liblapacke-dev)
test_pkgs=(python3-numpy python3-scipy python3-h5py python3-sklearn python3-pil python3-torch python3-torchvision python3-onnx chromium)

missing_debs() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

wanted=("${runtime_pkgs[@]}")
[ "$mode" = "--test" ] && wanted+=("${test_pkgs[@]}")
[ "$mode" = "--test" ] && ! command -v pg_ctlcluster >/dev/null 2>&1 && ! command -v pg_ctl >/dev/null 2>&1 && wanted+=(postgresql)
mapfile -t missing < <(missing_debs "${wanted[@]}")
if [ "${#missing[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
    echo "setup: installing ${missing[*]} with sudo" >&2
    sudo apt-get update -qq >/dev/null
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: please install ${missing[*]} (or their equivalents: OpenBLAS and LAPACKE development files);" \
      "NeuroTranslator still runs without them, on the slower pure-JS engine" >&2
  fi
fi

if ! command -v pnpm >/dev/null 2>&1; then
  echo "setup: installing pnpm" >&2
  npm install -g pnpm >/dev/null 2>&1 || { echo "setup: 'npm install -g pnpm' failed" >&2; exit 1; }
fi

# Install only when the lockfile changed since the last install (pnpm writes node_modules/.modules.yaml).
if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  echo "setup: installing dependencies (pnpm install --frozen-lockfile)" >&2
  pnpm install --frozen-lockfile --reporter=silent >&2
fi

# The native linear-algebra addon (rebuilt when its sources change; without OpenBLAS it warns and the
# JS engine is used, except under NT_REQUIRE_NATIVE=1 or CI, where it fails), then the packages
# compiled to dist/ for a fast CLI start (turbo skips what is unchanged; the CLI runs from the
# TypeScript sources whenever dist/ is missing or older than them).
addon=packages/core/native/build/Release/nt_linalg.node
if [ ! -f "$addon" ] || [ -n "$(find packages/core/native -path '*/build' -prune -o -newer "$addon" -type f -print 2>/dev/null | head -n 1)" ]; then
  pnpm -s --filter @neurotranslator/core run build:native >&2 || { echo "setup: the native addon did not build (see above)" >&2; exit 1; }
fi
pnpm -s turbo run build --output-logs=errors-only >&2 || echo "setup: build failed; the CLI will run from the TypeScript sources" >&2
