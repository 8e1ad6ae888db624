#!/usr/bin/env bash
# The load test behind `make load-test`: gunicorn (deploy/gunicorn.conf.py) on a PostgreSQL
# database of synthetic records, and locust's mix (tests/load/locustfile.py) against it,
# headless. See docs/performance.md, "Under load".
#
#   LOAD_DATABASE_URL  the database (default postgres://postgres@127.0.0.1:5432/casework_load);
#                      created, migrated and filled on the first run, reused afterwards
#   LOAD_PERSONS       synthetic persons to write into a new database (default 20000)
#   LOAD_FRESH=1       drop and refill the database first
#   LOAD_USERS, LOAD_SECONDS  concurrent users (20) and duration (60)
#   LOAD_PORT          where gunicorn listens (8013); WEB_CONCURRENCY sets its workers
#   LOAD_RESTART_AFTER restart PostgreSQL this many seconds into the run (LOAD_PG_CLUSTER,
#                      default "15 main", through pg_ctlcluster), to see the app recover
#   LOAD_OUT           where locust's CSV files and gunicorn's log go (default load-results/)
#   LOAD_KEY_FILE      the field encryption key the database was filled with (default
#                      $LOAD_OUT/field-encryption.key, drawn when the database is filled)
set -euo pipefail

BIN=.venv/bin
DB_URL=${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/casework_load}
PERSONS=${LOAD_PERSONS:-20000}
USERS=${LOAD_USERS:-20}
SECONDS_=${LOAD_SECONDS:-60}
PORT=${LOAD_PORT:-8013}
OUT=${LOAD_OUT:-load-results}
mkdir -p "$OUT"

KEY_FILE=${LOAD_KEY_FILE:-$OUT/field-encryption.key}

# Production settings, with a secret key drawn for this run. Every locust user calls from
# the same address, so the anonymous API throttle is lifted for the run.
export DEBUG=0 SECURE_SSL_REDIRECT=0 STATIC_MANIFEST=0 ALLOWED_HOSTS=127.0.0.1
export SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
export DATABASE_URL=$DB_URL API_ANON_RATE=1000000/minute

server=${DB_URL%/*}
name=${DB_URL##*/}
if [ "${LOAD_FRESH:-0}" = 1 ]; then
    psql "$server/postgres" -qc "DROP DATABASE IF EXISTS \"$name\""
fi
if ! psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    psql "$server/postgres" -qc "CREATE DATABASE \"$name\""
fi
# Restricted person fields are encrypted: the database is read with the key it was filled with.
if [ "$(psql "$DB_URL" -tAc "SELECT count(*) FROM pg_tables WHERE tablename = 'casework_person'")" = 0 ] \
    || [ "$(psql "$DB_URL" -tAc 'SELECT count(*) FROM casework_person')" = 0 ]; then
    python3 -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())' >"$KEY_FILE"
fi
if [ ! -s "$KEY_FILE" ]; then
    echo "$name was filled with a key not in $KEY_FILE: set LOAD_KEY_FILE, or LOAD_FRESH=1 to refill it." >&2
    exit 2
fi
export FIELD_ENCRYPTION_KEY=$(cat "$KEY_FILE")
$BIN/python manage.py migrate --noinput -v0
if [ "$(psql "$DB_URL" -tAc 'SELECT count(*) FROM casework_person')" = 0 ]; then
    echo "Writing $PERSONS synthetic persons into $name ..."
    $BIN/python manage.py generate_synthetic --persons "$PERSONS" --seed 1
    psql "$DB_URL" -qc "VACUUM ANALYZE"
fi
echo "$name holds $(psql "$DB_URL" -tAc 'SELECT count(*) FROM casework_person') persons."

$BIN/gunicorn -c deploy/gunicorn.conf.py --bind "127.0.0.1:$PORT" casework.wsgi >"$OUT/gunicorn.log" 2>&1 &
gunicorn_pid=$!
trap 'kill "$gunicorn_pid" 2>/dev/null || true; wait "$gunicorn_pid" 2>/dev/null || true' EXIT
for _ in $(seq 60); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break
    sleep 1
done

if [ -n "${LOAD_RESTART_AFTER:-}" ]; then
    (
        sleep "$LOAD_RESTART_AFTER"
        echo "$(date -u +%H:%M:%S) restarting PostgreSQL" | tee -a "$OUT/restart.log"
        pg_ctlcluster ${LOAD_PG_CLUSTER:-15 main} restart
        echo "$(date -u +%H:%M:%S) PostgreSQL is back" | tee -a "$OUT/restart.log"
    ) &
    restart_pid=$!
fi

# The users' own discovery (API lists, sitemap index) runs once before they start.
$BIN/locust -f tests/load/locustfile.py --headless --only-summary \
    --users "$USERS" --spawn-rate "$USERS" --run-time "${SECONDS_}s" \
    --host "http://127.0.0.1:$PORT" --csv "$OUT/locust" --csv-full-history \
    --exit-code-on-error 0 2>&1 | tee "$OUT/locust.txt"
if [ -n "${restart_pid:-}" ]; then wait "$restart_pid"; fi
echo "After the run: /healthz answers $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")"
