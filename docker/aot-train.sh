#!/usr/bin/env bash
# Writes the AOT cache (JDK 25, JEP 483/514/515) the service starts from: one training run of the packaged
# service under the curl examples (examples/run-all.sh), whose exit writes the cache. The image build runs it (docker/Dockerfile.jvm,
# stage "train"), and so do scripts/aot-check.sh and bench/run.sh, so the step the image ships is the one tested here.
#
#   docker/aot-train.sh APP_DIR CACHE
#       APP_DIR   the packaged service (target/quarkus-app, the aot-jar layout: quarkus.package.jar.type=aot-jar)
#       CACHE     the cache to write (the image's /deployments/app.aot)
#
#   JAVA          the JDK 25 java to train with (default: java on PATH); it must be the JVM that later runs the cache
#   JAVA_OPTS     the JVM options of the later runs (the image's), used here too: the cache holds code and
#                 profiles for one set of options, and the JVM refuses it under options it was not made for
#   TRAIN_JDBC_URL, TRAIN_DB_USER
#                 a database to train against (it is migrated and written to); without them a throwaway PostgreSQL
#                 cluster is made and removed here, from the server's binaries (/usr/lib/postgresql/*/bin)
#
# The workload is examples/run-all.sh (tokens, a Free Trial, credit, a preview and an upgrade, usage, the sandbox
# clock, the finalizer, the Pay-As-You-Go subscription) and then reads of the hot GET endpoints, so the cache holds
# the classes, the linked call sites and the profiles of the requests a customer makes first. The training run has
# the sandbox on (the walkthrough moves its clock) and trusts the committed dev key; neither is in the image.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
app=${1:?usage: docker/aot-train.sh APP_DIR CACHE}
cache=${2:?usage: docker/aot-train.sh APP_DIR CACHE}
java=${JAVA:-java}
read -r -a opts <<<"${JAVA_OPTS:-}"
[[ -f $app/quarkus-run.jar ]] || { echo "aot-train: $app/quarkus-run.jar is missing" >&2; exit 1; }
"$java" -XX:AOTMode=off -version >/dev/null 2>&1 || { echo "aot-train: $java is no JDK 25 or newer" >&2; exit 1; }
# shellcheck source=../scripts/lib/packaged-service.sh
source "$root/scripts/lib/packaged-service.sh"

work=$(mktemp -d -t aot-train.XXXXXX)
chmod 755 "$work"
pg_data=""
cleanup() {
    service_stop_all
    if [[ -n $pg_data ]]; then as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
# PostgreSQL refuses to run as root; the image build and CI run this as root.
as_postgres() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [[ -n ${TRAIN_JDBC_URL:-} ]]; then
    jdbc=$TRAIN_JDBC_URL db_user=${TRAIN_DB_USER:-postgres}
else
    pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [[ -x $pg_bin/initdb ]] || { echo "aot-train: no PostgreSQL server binaries; set TRAIN_JDBC_URL" >&2; exit 1; }
    pg_data=$work/pg pg_port=$(free_port)
    mkdir -p "$pg_data" && chown postgres "$pg_data" 2>/dev/null || true
    as_postgres "$pg_bin/initdb" -D "$pg_data" -A trust -U postgres >"$work/initdb.log" 2>&1 \
        || { cat "$work/initdb.log" >&2; exit 1; }
    as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w \
        -o "-p $pg_port -k $pg_data -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    jdbc=jdbc:postgresql://127.0.0.1:$pg_port/postgres db_user=postgres
fi

started=$(date +%s%N)
# The one launcher (scripts/lib/packaged-service.sh): ready when /q/health/ready answers 200.
SERVICE_JDBC_URL=$jdbc SERVICE_DB_USER=$db_user SERVICE_JAVA=$java SERVICE_JAVA_OPTS="${opts[*]} -XX:AOTCacheOutput=$cache" \
    SERVICE_JAR=$app/quarkus-run.jar SERVICE_DIR=$PWD SERVICE_LOG=$work/service.log service_start training QUARKUS_SHUTDOWN_DELAY=0S \
    || { echo "aot-train: the service did not start" >&2; exit 1; }
base=$BASE_URL
echo "aot-train: service up in $SERVICE_READY_MS ms; the walkthrough" >&2

BASE_URL=$base STATE_FILE=$work/examples.state "$root/examples/run-all.sh" >"$work/examples.log" 2>&1 \
    || { tail -n 40 "$work/examples.log" >&2; echo "aot-train: the walkthrough failed" >&2; exit 1; }
# shellcheck disable=SC1091
source "$work/examples.state"
for _ in $(seq 1 50); do
    for path in /v1/offers "/v1/subscriptions/$SUBSCRIPTION_ID" "/v1/subscriptions/$SUBSCRIPTION_ID/credit" \
        "/v1/subscriptions?limit=5" /q/health/ready; do
        curl -s -o /dev/null -H "Authorization: Bearer $CUSTOMER_TOKEN" "$base$path"
    done
done

# The cache is written when the JVM exits (a graceful stop), which can take a while: no SIGKILL for 10 minutes.
SERVICE_STOP_TIMEOUT=600 service_stop training
[[ -s $cache ]] || { tail -n 40 "$work/service.log" >&2; echo "aot-train: no cache was written" >&2; exit 1; }
echo "aot-train: wrote $cache ($(($(stat -c %s "$cache") / 1048576)) MB) in $((($(date +%s%N) - started) / 1000000)) ms" >&2
