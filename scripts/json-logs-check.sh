#!/usr/bin/env bash
# Proves QUARKUS_LOG_CONSOLE_JSON=true on the packaged service (java -jar target/quarkus-app/quarkus-run.jar, prod
# mode): every line it writes to stdout is a JSON object, and the log line of a request carries that request's
# X-Request-Id in its MDC. Packages the service (tests skipped) only when target/quarkus-app is missing.
#
# Like examples/test-against-jar.sh: a fresh database on the local PostgreSQL (PGHOST/PGPORT/PGUSER, default
# 127.0.0.1:5432 postgres), dropped at the end; a free port; the dev signing key.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

for tool in java psql createdb dropdb curl python3; do
    command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done
jar=target/quarkus-app/quarkus-run.jar
if [[ ! -d target/quarkus-app ]]; then
    echo "target/quarkus-app is missing: packaging (./mvnw -B -q package -DskipTests)"
    ./mvnw -B -q package -DskipTests
fi

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
database=jsonlogs_$(date +%s)_$RANDOM
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
out=$(mktemp -t subupgrade-json-stdout.XXXXXX.log)
err=$(mktemp -t subupgrade-json-stderr.XXXXXX.log)
pid=""

cleanup() {
    local rc=$?
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    dropdb --if-exists "$database" 2>/dev/null || echo "could not drop database $database" >&2
    if ((rc != 0)); then
        echo "--- service stdout (last 40 lines of $out) ---" >&2
        tail -n 40 "$out" >&2 || true
        echo "--- service stderr (last 40 lines of $err) ---" >&2
        tail -n 40 "$err" >&2 || true
    else
        rm -f "$out" "$err"
    fi
    exit "$rc"
}
trap cleanup EXIT

createdb "$database"
echo "Starting $jar in prod mode with QUARKUS_LOG_CONSOLE_JSON=true on port $port"
service_env=(
    QUARKUS_LOG_CONSOLE_JSON=true
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$database"
    QUARKUS_DATASOURCE_USERNAME="$PGUSER"
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$root/dev-keys/public-key.pem"
    MP_JWT_VERIFY_ISSUER=https://dev.subupgrade.local
    QUARKUS_HTTP_PORT="$port"
    QUARKUS_MANAGEMENT_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
    QUARKUS_HTTP_HOST=127.0.0.1
)
if [[ -n ${PGPASSWORD:-} ]]; then
    service_env+=(QUARKUS_DATASOURCE_PASSWORD="$PGPASSWORD")
fi
env "${service_env[@]}" java -Dvertx.disableURIValidation=true -jar "$jar" >"$out" 2>"$err" &
pid=$!

base_url="http://127.0.0.1:$port"
ready=""
for _ in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || { echo "the service exited during start-up" >&2; exit 1; }
    if curl -fsS -o /dev/null "$base_url/q/health/ready" 2>/dev/null; then
        ready=yes
        break
    fi
    sleep 0.5
done
[[ -n $ready ]] || { echo "the service was not ready within 60 s" >&2; exit 1; }

# A manual job run logs one INFO line (upgrade/UpgradeJobResource) on the request's worker thread.
headers=$(curl -fsS -o /dev/null -D - -X POST "$base_url/v1/jobs/upgrade-finalization" \
    -H "Authorization: Bearer $("$root/scripts/dev-token.sh" operator ops-json-logs)" \
    -H "X-Request-Id: abc-123")
grep -qi '^x-request-id: abc-123' <<<"$headers" || { echo "no X-Request-Id: abc-123 in the response: $headers" >&2; exit 1; }

# Stop the service (a clean shutdown logs too), then read everything it wrote. (The one WARN among the lines says the
# property QUARKUS_LOG_CONSOLE_JSON sets, quarkus.log.console.json, is deprecated: QUARKUS_LOG_CONSOLE_JSON_ENABLED=true
# is the same without it; see application.properties.)
kill "$pid"
for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
pid=""

python3 - "$out" <<'PY'
import json, sys

lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert lines, "the service wrote nothing to stdout"
records = []
for number, line in enumerate(lines, 1):
    try:
        record = json.loads(line)
    except ValueError:
        sys.exit(f"stdout line {number} is not JSON: {line!r}")
    if not isinstance(record, dict):
        sys.exit(f"stdout line {number} is not a JSON object: {line!r}")
    records.append(record)
mine = [r for r in records if (r.get("mdc") or {}).get("requestId") == "abc-123"]
jobs = [r for r in mine if r.get("message", "").startswith("Upgrade job ran: ")]
if len(jobs) != 1:
    sys.exit(f"expected one job log line with mdc.requestId abc-123, found {len(jobs)} among {mine}")
print(f"{len(records)} stdout lines, all JSON; the request's line: {json.dumps(jobs[0])}")
PY
echo "JSON logs: OK"
