#!/usr/bin/env bash
# What the pod's security context asks for, without a container runtime: the packaged service
# (target/quarkus-app) runs as an unprivileged user (nobody) from a copy it cannot write to, with a working
# directory and HOME it cannot write to, so only /tmp is writable (the pod's emptyDir), and the curl examples
# (examples/run-all.sh) pass against it. Needs root (runuser) and the local PostgreSQL.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ -f $root/target/quarkus-app/quarkus-run.jar ]] || { echo "run ./mvnw package first" >&2; exit 1; }
[[ $(id -u) == 0 ]] || { echo "needs root to run the service as nobody" >&2; exit 1; }
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
app=$(mktemp -d -t subupgrade-ro.XXXXXX)
database=readonly_$(date +%s)_$RANDOM
source "$root/scripts/lib/free-port.sh"
port=$(free_port)
management_port=$(free_port)
log=$app.log
pid=""
cleanup() {
    local rc=$?
    set +e
    [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    dropdb --if-exists "$database" 2>/dev/null
    ((rc == 0)) || { echo "--- service log ---" >&2; tail -n 60 "$log" >&2; }
    chmod -R u+w "$app" 2>/dev/null; rm -rf "$app" "$log"
    exit "$rc"
}
trap cleanup EXIT

cp -r "$root/target/quarkus-app/." "$app/"
cp "$root/dev-keys/public-key.pem" "$app/"
chown -R root:root "$app"
chmod -R a-w,a+rX "$app"
createdb "$database"
# The pod's settings: JAVA_OPTS as in the manifests, the environment from the Secret and ConfigMap.
(cd / && exec runuser -u nobody -- env -i PATH="$PATH" HOME=/nonexistent \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$database" QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$app/public-key.pem" MP_JWT_VERIFY_ISSUER=https://dev.subupgrade.local \
    UPGRADES_SANDBOX_ENABLED=true QUARKUS_HTTP_PORT="$port" QUARKUS_MANAGEMENT_PORT="$management_port" QUARKUS_HTTP_HOST=127.0.0.1 MALLOC_ARENA_MAX=2 \
    java -Xmx80m -XX:+UseSerialGC -jar "$app/quarkus-run.jar") >"$log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "the service exited during start-up" >&2; exit 1; }
    sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready"
owner=$(ps -o user= -p "$(pgrep -P "$pid" java || echo "$pid")" | tr -d ' ')
echo "service ready as user ${owner:-?} from a read-only copy; running the curl examples"
BASE_URL="http://127.0.0.1:$port" "$root/examples/run-all.sh" >"$app.examples" 2>&1 || { cat "$app.examples"; exit 1; }
tail -n 1 "$app.examples"; rm -f "$app.examples"
echo "readonly-run: the service ran as nobody with only /tmp writable, and the examples passed"
