#!/usr/bin/env bash
# The whole test suite: typecheck, lint, then every package's tests (store tests run against PGlite and a
# real PostgreSQL server, which this script starts when it is installed but not running).
set -euo pipefail
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
bash scripts/ensure-postgres.sh
export NEUROTRANSLATOR_MODEL="${NEUROTRANSLATOR_MODEL:-$(cd .. && pwd)/shared/models/mobilenet_v1_025_224_imagenet}"
pnpm -s turbo run typecheck lint --output-logs=errors-only
pnpm -s turbo run test --concurrency=1 --output-logs=full
