#!/usr/bin/env bash
# README "Operating it", end to end on this machine, bounded in time (about 2-3 minutes):
# a Prefect server on PostgreSQL, the store on PostgreSQL, a process work pool, `prefect deploy --all`,
# two workers, a collect and a digest run started now, their results checked, everything stopped.
# X and Instagram are the demo's loopback doubles (ops/fake_platforms.py): no network, no credentials.
#
# Needs the PostgreSQL server at 127.0.0.1:5432 (user postgres, no password) and the project's .venv.
# Usage: ops/deploy-smoke.sh   (exit code 0 and "deploy smoke: ok" at the end when everything worked)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BIN="$ROOT/.venv/bin"
PG_HOST=127.0.0.1 PG_PORT=5432 PG_USER=postgres
SUFFIX="$$_$(date +%s)"
PREFECT_DB="praise_smoke_prefect_$SUFFIX"
STORE_DB="praise_smoke_store_$SUFFIX"
WORK="$(mktemp -d)"
PORT="$("$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
PIDS=()

export PREFECT_HOME="$WORK/prefect-home" PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1
export PREFECT_API_URL="http://127.0.0.1:$PORT/api"
export PRAISE_HOME="$ROOT"
export PRAISE_DATABASE_URL="postgresql://$PG_USER@$PG_HOST:$PG_PORT/$STORE_DB"
export PYTHONPATH="$ROOT"

step() { echo "deploy smoke: $*"; }
cleanup() {
  local status=$?
  # Each background part leads a process group of its own (setsid): stop the group, give it 20 s,
  # then kill what is left, so no server or flow process outlives the smoke run.
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for _ in $(seq 20); do
    alive=0
    for pid in "${PIDS[@]}"; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done
    [ "$alive" -eq 0 ] && break
    sleep 1
  done
  for pid in "${PIDS[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  for db in "$PREFECT_DB" "$STORE_DB"; do
    psql -q -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres \
      -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  done
  if [ "$status" -ne 0 ]; then
    echo "deploy smoke: FAILED (exit $status); logs in $WORK:" >&2
    tail -n 30 "$WORK"/*.log >&2 || true
  elif [ -z "${KEEP_SMOKE_LOGS:-}" ]; then
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

wait_for() {  # wait_for SECONDS WHAT COMMAND...
  local seconds=$1 what=$2; shift 2
  for _ in $(seq "$seconds"); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "deploy smoke: timed out after ${seconds}s waiting for $what" >&2
  return 1
}

step "1. create the Prefect database and the store database on PostgreSQL"
createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$PREFECT_DB"
createdb -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" "$STORE_DB"
"$BIN/praise" db upgrade

step "2. start the Prefect server on PostgreSQL (127.0.0.1:$PORT)"
PREFECT_API_DATABASE_CONNECTION_URL="postgresql+asyncpg://$PG_USER@$PG_HOST:$PG_PORT/$PREFECT_DB" \
  setsid "$BIN/prefect" server start --host 127.0.0.1 --port "$PORT" >"$WORK/server.log" 2>&1 &
PIDS+=($!)
wait_for 120 "the Prefect server" curl -fsS "$PREFECT_API_URL/health"

step "3. loopback doubles of X and Instagram (instead of the real platforms and their secrets)"
setsid "$BIN/python" ops/fake_platforms.py "$WORK/platforms" >"$WORK/platforms.log" 2>&1 &
PIDS+=($!)
wait_for 30 "the doubles" test -s "$WORK/platforms/platforms.env"
# shellcheck disable=SC1091
source "$WORK/platforms/platforms.env"
CONFIG="$WORK/platforms/praise.demo.toml"

step "4. the work pool and the deployments of prefect.yaml"
"$BIN/prefect" work-pool create praise --type process >"$WORK/pool.log" 2>&1
"$BIN/prefect" --no-prompt deploy --all >"$WORK/deploy.log" 2>&1
grep -q "collect-every-30-minutes" "$WORK/deploy.log"

step "5. two workers sharing the pool"
for name in worker-a worker-b; do
  setsid "$BIN/prefect" worker start --pool praise --name "$name" --limit 2 >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
done

step "6. run a collection now and wait for its result"
"$BIN/prefect" deployment run collect/collect-every-30-minutes \
  --param "config=\"$CONFIG\"" --param 'now="2026-11-23T06:00:00+00:00"' \
  --watch --watch-timeout 240 >"$WORK/collect-run.log" 2>&1
grep -q "Completed" "$WORK/collect-run.log"

step "7. run the weekly digest of the demo week now"
"$BIN/prefect" deployment run weekly-digest/weekly-digest-monday \
  --param "config=\"$CONFIG\"" --param 'week="2026-W47"' \
  --watch --watch-timeout 180 >"$WORK/digest-run.log" 2>&1
grep -q "Completed" "$WORK/digest-run.log"

step "8. see the result: every source ok, data stored once, no lease left, the digest drafted"
COLUMNS=160 "$BIN/praise" --config "$CONFIG" sources | tee "$WORK/sources.log"
"$BIN/python" - "$CONFIG" <<'PY'
import sys
from pathlib import Path
from sqlalchemy import func, select
from kernel.settings import load_settings
from storage.db import make_engine
from storage.schema import CollectionRunRow, MentionRow, SourceLeaseRow
settings = load_settings(Path(sys.argv[1]))
engine = make_engine(settings.database_url)
with engine.connect() as conn:
    outcomes = conn.execute(select(CollectionRunRow.outcome)).scalars().all()
    mentions = conn.execute(select(func.count()).select_from(MentionRow)).scalar_one()
    leases = conn.execute(select(func.count()).select_from(SourceLeaseRow)).scalar_one()
assert outcomes and set(outcomes) == {"ok"}, outcomes
assert mentions > 250, mentions
assert leases == 0, leases
assert (settings.out_dir / "digest-2026-W47" / "digest.html").exists()
print(f"deploy smoke: {len(outcomes)} sources ok, {mentions} mentions stored")
PY
# Both workers polled the pool (either may have run a flow: the pool hands runs to whoever asks first).
for name in worker-a worker-b; do grep -q "started" "$WORK/$name.log"; done

step "9. stop workers, server and doubles"
echo "deploy smoke: ok"
