#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the store tests (or NT_TEST_DATABASE_URL).
set -euo pipefail
url="${NT_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if [ "${NT_SKIP_POSTGRES:-}" = 1 ]; then exit 0; fi
ready() { pg_isready -q -d "$url" >/dev/null 2>&1; }
ready && exit 0
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  echo "test: starting PostgreSQL $version" >&2
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi
for _ in $(seq 1 30); do ready && exit 0; sleep 1; done
echo "test: no PostgreSQL server answers at $url; start one, set NT_TEST_DATABASE_URL, or set NT_SKIP_POSTGRES=1" >&2
exit 1
