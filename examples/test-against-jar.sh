#!/usr/bin/env bash
# Runs the curl examples (examples/run-all.sh), the README's walkthrough and api.md's invoice example
# (examples/docs-walkthrough.sh) and the TypeScript package against the packaged service in prod mode, the way it
# ships: java -jar target/quarkus-app/quarkus-run.jar, configured only through environment variables, started by
# the one launcher (scripts/lib/packaged-service.sh). Builds nothing: run `./mvnw package` (or verify) first.
#
# Creates a fresh database on the local PostgreSQL (PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres)
# and drops it again at the end. The service gets free ports, the dev signing key and the sandbox clock.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

command -v jq >/dev/null || { echo "jq is needed" >&2; exit 1; }
source "$root/scripts/lib/packaged-service.sh"
work=$(mktemp -d -t test-against-jar.XXXXXX)
cleanup() {
    local rc=$?
    ((rc == 0)) || service_logs examples 80
    service_stop_all
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT

SERVICE_LOG=$work/service.log service_start examples
base_url=$BASE_URL
management_port=${MANAGEMENT_URL##*:}
echo "Service ready at $base_url (database $SERVICE_DB)"

# Metrics are on the management port only (docs/operations.md "Metrics"), never on the public one.
metrics_url="http://127.0.0.1:$management_port/q/metrics"
# Read it whole first: with pipefail, grep -q leaving early would fail curl (a broken pipe) and the pipeline.
metrics=$(curl -fsS "$metrics_url" || true)
grep -q '^subupgrade_upgrade_requests_due ' <<<"$metrics" \
    || { echo "$metrics_url has no subupgrade_upgrade_requests_due" >&2; exit 1; }
public_metrics=$(curl -s -o /dev/null -w '%{http_code}' "$base_url/q/metrics")
[[ $public_metrics == 404 ]] || { echo "$base_url/q/metrics answered $public_metrics, not 404" >&2; exit 1; }
echo "Metrics at $metrics_url; $base_url/q/metrics: 404"

# A plain java -jar (no -Dvertx.disableURIValidation on its command line) answers a malformed percent-escape with a
# problem, not Quarkus's empty 400: the application's own main (io.subupgrade.Main) sets what Vert.x needs.
malformed=$(curl -s -D - -o "$work/malformed.json" "$base_url/v1/subscriptions?cursor=%ZZ" | tr -d '\r')
[[ $(head -n 1 <<<"$malformed") == "HTTP/1.1 400 Bad Request" ]] \
    && grep -qix 'content-type: application/problem+json' <<<"$malformed" \
    && [[ $(jq -r '.status, .code' "$work/malformed.json" | paste -sd ' ') == "400 malformed-request" ]] \
    || { echo "?cursor=%ZZ was not a problem+json 400:" >&2; echo "$malformed" >&2; cat "$work/malformed.json" >&2; exit 1; }
echo "?cursor=%ZZ: problem+json 400 malformed-request"

BASE_URL=$base_url "$root/examples/run-all.sh"

# The TypeScript package as a user installs it (npm pack, npm install of the tarball), against the same service.
BASE_URL=$base_url "$root/clients/typescript/test-package.sh"

# The README's walkthrough and the invoice example of docs/api.md, as a reader runs them (set -euo pipefail).
BASE_URL=$base_url "$root/examples/docs-walkthrough.sh"
