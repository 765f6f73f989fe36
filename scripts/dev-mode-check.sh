#!/usr/bin/env bash
# Needs curl, jq and openssl (scripts/dev-token.sh).
# Runs the README's `./mvnw quarkus:dev` as a new user would and checks that the service answers: health, a Free
# Trial created with a dev token, read back. Then stops dev mode and checks that no embedded PostgreSQL is left.
#
#   scripts/dev-mode-check.sh            the machine as it is (here: the PostgreSQL on localhost:5432)
#   DEV_CHECK_EXPECT=devservices scripts/dev-mode-check.sh   (with Docker and no URL: GitHub's workflow)
#   scripts/dev-mode-check.sh --isolated a private network namespace: no localhost:5432, no Docker, no network, so
#                                        dev mode has to start its embedded PostgreSQL (needs root for `unshare -n`
#                                        and Maven's dependencies already in ~/.m2, e.g. after `./mvnw verify`)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

if [[ ${1:-} == --isolated ]]; then
    unset QUARKUS_DATASOURCE_JDBC_URL QUARKUS_DATASOURCE_USERNAME QUARKUS_DATASOURCE_PASSWORD DOCKER_HOST
    # A fresh network namespace has only a loopback device, and it is down until this brings it up.
    exec unshare -n bash -c 'ip link set lo up && MAVEN_ARGS="-o" DEV_CHECK_EXPECT=embedded "$0"' "$0"
fi

# shellcheck source=lib/free-port.sh
source scripts/lib/free-port.sh
port=${DEV_CHECK_PORT:-$(free_port)}
# The management interface (/q/metrics) off dev mode's default 9000, which another service on the machine may hold.
management_port=${DEV_CHECK_MANAGEMENT_PORT:-$(free_port)}
log=$(mktemp -t dev-mode-check.XXXXXX.log)
# `-o` (offline) inside the namespace: Maven Central is out of reach there.
# shellcheck disable=SC2086
setsid ./mvnw -B ${MAVEN_ARGS:-} quarkus:dev -Dquarkus.http.port="$port" \
    -Dquarkus.management.port="$management_port" </dev/null >"$log" 2>&1 &
mvn_pid=$!

stop_dev_mode() {
    # The whole process group: Maven and the dev-mode JVM it forked (whose shutdown hook stops the embedded server).
    kill -TERM -- "-$mvn_pid" 2>/dev/null || true
    for _ in $(seq 1 300); do
        kill -0 "$mvn_pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -KILL -- "-$mvn_pid" 2>/dev/null || true
}
fail() {
    echo "FAIL: $*" >&2
    echo "--- last lines of $log" >&2
    grep -v 'Download' "$log" | tail -n 40 >&2
    stop_dev_mode
    exit 1
}

# The packaged service's readiness rule (scripts/lib/packaged-service.sh): /q/health/ready answers 200, polled every
# 0.2 s; SERVICE_READY_TIMEOUT bounds the wait (here 240 s by default: dev mode compiles and, isolated, starts its
# embedded PostgreSQL first).
timeout=${SERVICE_READY_TIMEOUT:-240}
echo "dev mode: waiting for http://localhost:$port/q/health/ready (log: $log)"
started=$SECONDS
until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "localhost:$port/q/health/ready") == 200 ]]; do
    kill -0 "$mvn_pid" 2>/dev/null || fail "quarkus:dev exited"
    ((SECONDS - started < timeout)) || fail "not ready after $timeout s (SERVICE_READY_TIMEOUT)"
    sleep 0.2
done
echo "dev mode: ready after $((SECONDS - started)) s"
grep -o -E 'Dev database: .*|Database: jdbc:[^ ]*' "$log" | sed 's/^/dev mode: /' || true

# DEV_CHECK_EXPECT=embedded|devservices: fail unless dev mode chose that database.
case ${DEV_CHECK_EXPECT:-} in
    embedded) grep -q 'Dev database: embedded PostgreSQL at' "$log" || fail "expected the embedded PostgreSQL" ;;
    devservices) grep -q 'Dev database: Docker is there' "$log" || fail "expected Dev Services" ;;
esac

token=$(scripts/dev-token.sh customer "dev-check-$(date +%s%N)")
body=$log.body
status=$(curl -sS -o "$body" -w '%{http_code}' -X POST "localhost:$port/v1/subscriptions" \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"offerId": "MS-AZR-0044P", "displayName": "dev mode check"}')
[[ $status == 201 ]] || fail "POST /v1/subscriptions answered $status: $(cat "$body")"
id=$(jq -r .id "$body")
curl -sSf -o "$body" "localhost:$port/v1/subscriptions/$id" -H "Authorization: Bearer $token" ||
    fail "GET /v1/subscriptions/$id failed"
credit=$(jq -r '"\(.creditRemaining.amount) \(.creditRemaining.currency)"' "$body")
[[ $credit == "200.00 USD" ]] || fail "the new Free Trial should have 200.00 USD of credit: $(cat "$body")"
echo "dev mode: created Free Trial $id, read it back: $credit of credit"
# Read it whole first: with pipefail, grep -q leaving early would fail curl (a broken pipe) and the pipeline.
metrics=$(curl -sSf "localhost:$management_port/q/metrics" || true)
grep -q '^subupgrade_usage_records_total' <<<"$metrics" ||
    fail "no subupgrade_usage_records_total at localhost:$management_port/q/metrics"
echo "dev mode: metrics at localhost:$management_port/q/metrics"

stop_dev_mode
if pgrep -f 'embedded-pg/PG-.*/bin/postgres' >/dev/null; then
    # Only ours can be here in the isolated namespace's process tree; outside it, tests may run their own.
    [[ ${DEV_CHECK_EXPECT:-} != embedded ]] || fail "an embedded PostgreSQL is still running after dev mode stopped"
fi
echo "dev mode: stopped; OK"
rm -f "$log" "$body"
