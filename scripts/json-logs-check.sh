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

if [[ ! -d target/quarkus-app ]]; then
    echo "target/quarkus-app is missing: packaging (./mvnw -B -q package -DskipTests)"
    ./mvnw -B -q package -DskipTests
fi
source "$root/scripts/lib/packaged-service.sh"
# Its stdout alone in out: the JVM's own warnings on stderr are not log lines.
out=$(mktemp -t json-logs-check.XXXXXX.out)
cleanup() {
    local rc=$?
    ((rc == 0)) || service_logs jsonlogs 40
    service_stop_all
    rm -f "$out" "$out.err"
    exit "$rc"
}
trap cleanup EXIT

echo "Starting the packaged service in prod mode with QUARKUS_LOG_CONSOLE_JSON=true"
SERVICE_LOG=$out SERVICE_ERR_LOG=$out.err service_start jsonlogs QUARKUS_LOG_CONSOLE_JSON=true
base_url=$BASE_URL

# A manual job run logs one INFO line (upgrade/UpgradeJobResource) on the request's worker thread.
headers=$(curl -fsS -o /dev/null -D - -X POST "$base_url/v1/jobs/upgrade-finalization" \
    -H "Authorization: Bearer $("$root/scripts/dev-token.sh" operator ops-json-logs)" \
    -H "X-Request-Id: abc-123")
grep -qi '^x-request-id: abc-123' <<<"$headers" || { echo "no X-Request-Id: abc-123 in the response: $headers" >&2; exit 1; }

# Stop the service (a clean shutdown logs too), then read everything it wrote. (The one WARN among the lines says the
# property QUARKUS_LOG_CONSOLE_JSON sets, quarkus.log.console.json, is deprecated: QUARKUS_LOG_CONSOLE_JSON_ENABLED=true
# is the same without it; see application.properties.)
service_stop jsonlogs

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
