#!/usr/bin/env bash
# The whole test suite: typecheck, lint, formatting (prettier --check), then every package's tests (store tests run against PGlite and a
# real PostgreSQL server, which this script starts when it is installed but not running).
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
bash scripts/ensure-postgres.sh
export NEUROTRANSLATOR_MODEL="${NEUROTRANSLATOR_MODEL:-$(cd .. && pwd)/shared/models/mobilenet_v1_025_224_imagenet}"
pnpm -s turbo run typecheck lint --output-logs=errors-only
pnpm -s exec prettier --check . --log-level warn
log="$(mktemp)"
status=0
pnpm -s turbo run test --concurrency=1 --output-logs=full 2>&1 | tee "$log" || status=$?
# One closing line over every package's Vitest summary ("Tests  12 passed | 1 failed | 2 skipped (15)").
sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^\S*:test:\s+Tests\s' | awk '
  { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^skipped/) s += $i } }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' || true
rm -f "$log"
exit "$status"
