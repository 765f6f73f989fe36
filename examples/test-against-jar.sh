#!/usr/bin/env bash
# Runs the curl examples (examples/run-all.sh) against the packaged service in prod mode, the way it
# ships: java -jar target/quarkus-app/quarkus-run.jar, configured only through environment variables.
# Builds nothing: run `./mvnw package` (or verify) first.
#
# Creates a fresh database on the local PostgreSQL (PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres)
# and drops it again at the end. The service gets a free port, the dev signing key and the sandbox clock.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

jar=target/quarkus-app/quarkus-run.jar
[[ -f $jar ]] || { echo "$jar is missing: run ./mvnw package first" >&2; exit 1; }
for tool in java psql createdb dropdb curl jq; do
    command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
database=examples_$(date +%s)_$RANDOM
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || shuf -i 20000-60000 -n 1)
# The management interface (/q/metrics) needs a port of its own too; 9000 may be another service's.
management_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || shuf -i 20000-60000 -n 1)
log=$(mktemp -t subupgrade-service.XXXXXX.log)
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
        echo "--- service log (last 80 lines of $log) ---" >&2
        tail -n 80 "$log" >&2 || true
    fi
    exit "$rc"
}
trap cleanup EXIT

echo "Creating database $database on $PGHOST:$PGPORT"
createdb "$database"

echo "Starting $jar in prod mode on port $port (log: $log)"
service_env=(
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$database"
    QUARKUS_DATASOURCE_USERNAME="$PGUSER"
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$root/dev-keys/public-key.pem"
    MP_JWT_VERIFY_ISSUER=https://dev.subupgrade.local
    UPGRADES_SANDBOX_ENABLED=true
    QUARKUS_HTTP_PORT="$port"
    QUARKUS_HTTP_HOST=127.0.0.1
    QUARKUS_MANAGEMENT_PORT="$management_port"
    QUARKUS_MANAGEMENT_HOST=127.0.0.1
)
if [[ -n ${PGPASSWORD:-} ]]; then
    service_env+=(QUARKUS_DATASOURCE_PASSWORD="$PGPASSWORD")
fi
env "${service_env[@]}" java -Dvertx.disableURIValidation=true -jar "$jar" >"$log" 2>&1 &
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
echo "Service ready at $base_url"

# Metrics are on the management port only (README "Metrics"), never on the public one.
metrics_url="http://127.0.0.1:$management_port/q/metrics"
curl -fsS "$metrics_url" | grep -q '^subupgrade_upgrade_requests_due ' \
    || { echo "$metrics_url has no subupgrade_upgrade_requests_due" >&2; exit 1; }
public_metrics=$(curl -s -o /dev/null -w '%{http_code}' "$base_url/q/metrics")
[[ $public_metrics == 404 ]] || { echo "$base_url/q/metrics answered $public_metrics, not 404" >&2; exit 1; }
echo "Metrics at $metrics_url; $base_url/q/metrics: 404"

BASE_URL=$base_url "$root/examples/run-all.sh"

# The TypeScript package as a user installs it (npm pack, npm install of the tarball), against the same service.
BASE_URL=$base_url "$root/clients/typescript/test-package.sh"
