#!/bin/bash
# The multi-worker recipe (README "Scaling out"), measured on one machine: a fresh database on a
# PostgreSQL server, a small simulated dataset, 8 runs (4 layers x 2 seeds) queued through the API,
# executed by 1 and then by 2 `worker` processes (each OPENBLAS_NUM_THREADS=1); prints the wall time
# of each round. Usage: bash bench/workers-example.sh [admin-url]
# (default postgres://postgres@127.0.0.1:5432/postgres; the database is created and dropped).
set -euo pipefail
cd "$(dirname "$0")/.."
ADMIN=${1:-postgres://postgres@127.0.0.1:5432/postgres}
DB=nt_workers_example_$$
OUT=$(mktemp -d)
psql -q "$ADMIN" -c "CREATE DATABASE $DB"
export DATABASE_URL=${ADMIN%/*}/$DB
NT="node packages/cli/bin/neurotranslator.js"
cleanup() {
  [ -n "${SERVE:-}" ] && kill "$SERVE" 2>/dev/null
  for w in ${WORKERS:-}; do kill "$w" 2>/dev/null || true; done
  sleep 1
  psql -q "$ADMIN" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
  rm -rf "$OUT"
}
trap cleanup EXIT
$NT dataset simulate --name sim --seed 1 --n-train 400 --n-test 60 --voxel-scale 0.25 --synthetic-stimuli --json > "$OUT/sim.json"
$NT features list --dataset sim --json > "$OUT/features.json"
FEATURES=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["featureSets"][0]["name"])' "$OUT/features.json")
LAYERS=$(python3 -c 'import json,sys; print(" ".join(l["layer"] for l in json.load(open(sys.argv[1]))["featureSets"][0]["layers"][:4]))' "$OUT/features.json")
SECRET=$($NT token create --name example --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
PORT=${PORT:-18765}
$NT serve --port "$PORT" --workers 0 > "$OUT/serve.log" 2>&1 &
SERVE=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/openapi.json" > /dev/null && break; sleep 0.5; done
queue() {
  for layer in $LAYERS; do
    for seed in 1 2; do
      curl -sf -X POST -H "Authorization: Bearer $SECRET" -H 'content-type: application/json' \
        -d "{\"dataset\":\"sim\",\"features\":\"$FEATURES\",\"layer\":\"$layer\",\"solver\":\"ridge-cv\",\"seed\":$seed}" \
        "http://127.0.0.1:$PORT/runs" | python3 -c 'import json,sys; print(json.load(sys.stdin)["jobId"])'
    done
  done
}
finished() { curl -sf -H "Authorization: Bearer $SECRET" "http://127.0.0.1:$PORT/jobs/$1" | grep -q '"state":"completed"'; }
echo "8 runs of ridge-cv ($FEATURES: $LAYERS; 2 seeds), 200 permutations and bootstrap resamples each"
for n in 1 2; do
  IDS=$(queue)
  T0=$(date +%s.%N)
  WORKERS=""
  for w in $(seq 1 "$n"); do
    OPENBLAS_NUM_THREADS=1 $NT worker --concurrency 1 --permutations 200 --bootstrap 200 > "$OUT/worker$n-$w.log" 2>&1 &
    WORKERS="$WORKERS $!"
  done
  for id in $IDS; do until finished "$id"; do sleep 0.5; done; done
  T1=$(date +%s.%N)
  for w in $WORKERS; do kill "$w"; done
  wait $WORKERS 2> /dev/null || true
  WORKERS=""
  share=$(for w in $(seq 1 "$n"); do grep -c "done: run" "$OUT/worker$n-$w.log" || true; done | paste -sd/)
  echo "  $n worker(s): $(python3 -c "print(round($T1 - $T0, 1))") s (jobs per worker $share; load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
