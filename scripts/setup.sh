#!/usr/bin/env bash
# Idempotent set-up for a fresh clone: system libraries (Debian/Ubuntu), pnpm, dependencies, the native
# OpenBLAS addon. `setup.sh --test` also installs what the test suite needs (Python/NumPy for round-trip
# checks against real NumPy, PostgreSQL). Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-run}"
runtime_pkgs=(libopenblas-dev liblapacke-dev)
test_pkgs=(python3-numpy python3-scipy python3-h5py python3-sklearn)

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

# The native linear-algebra addon; its build script never fails (it explains what is missing instead).
if [ ! -f packages/core/native/build/Release/nt_linalg.node ] || [ -n "$(find packages/core/native -newer packages/core/native/build/Release/nt_linalg.node -name '*.cc' -o -newer packages/core/native/build/Release/nt_linalg.node -name 'binding.gyp' 2>/dev/null)" ]; then
  pnpm -s --filter @neurotranslator/core build >&2 || true
fi
