#!/usr/bin/env bash
# What the pod's security context asks for, without a container runtime: the packaged service
# (target/quarkus-app) runs as an unprivileged user (nobody) from a copy it cannot write to, with a working
# directory and HOME it cannot write to, so only /tmp is writable (the pod's emptyDir), and the curl examples
# (examples/run-all.sh) pass against it. Needs root (runuser) and the local PostgreSQL. Started by the one launcher,
# scripts/lib/packaged-service.sh (its readiness rule and SERVICE_READY_TIMEOUT).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[[ -f $root/target/quarkus-app/quarkus-run.jar ]] || { echo "run ./mvnw package first" >&2; exit 1; }
[[ $(id -u) == 0 ]] || { echo "needs root to run the service as nobody" >&2; exit 1; }
source "$root/scripts/lib/packaged-service.sh"
app=$(mktemp -d -t subupgrade-ro.XXXXXX)
log=$app.log
cleanup() {
    local rc=$?
    set +e
    ((rc == 0)) || service_logs readonly 60
    service_stop_all
    chmod -R u+w "$app" 2>/dev/null; rm -rf "$app" "$log" "$app.examples"
    exit "$rc"
}
trap cleanup EXIT

cp -r "$root/target/quarkus-app/." "$app/"
cp "$root/dev-keys/public-key.pem" "$app/"
chown -R root:root "$app"
chmod -R a-w,a+rX "$app"
# The pod's settings: JAVA_OPTS as in the manifests, the environment from the Secret and ConfigMap; nothing else
# (env -i), working directory /.
SERVICE_PREFIX="runuser -u nobody -- env -i PATH=$PATH HOME=/nonexistent" SERVICE_DIR=/ \
    SERVICE_JAR=$app/quarkus-run.jar SERVICE_JAVA_OPTS="-Xmx80m -XX:+UseSerialGC" SERVICE_LOG=$log \
    service_start readonly MP_JWT_VERIFY_PUBLICKEY_LOCATION="$app/public-key.pem" MALLOC_ARENA_MAX=2
owner=$(ps -o user= -p "$(pgrep -P "$SERVICE_PID" java || echo "$SERVICE_PID")" | tr -d ' ')
[[ $owner == nobody ]] || { echo "the service runs as '${owner:-?}', not nobody" >&2; exit 1; }
echo "service ready as user $owner from a read-only copy; running the curl examples"
BASE_URL=$BASE_URL "$root/examples/run-all.sh" >"$app.examples" 2>&1 || { cat "$app.examples"; exit 1; }
tail -n 1 "$app.examples"
echo "readonly-run: the service ran as nobody with only /tmp writable, and the examples passed"
