#!/usr/bin/env bash
# The image's start-up path without a container runtime (docs/operations.md, "Start-up"): what docker/Dockerfile.jvm does, done
# here on JDK 25 with the image's JAVA_OPTS (read from the Dockerfile, so the two cannot drift):
#   1. a copy of target/quarkus-app, as the image's /deployments (cp -a keeps the times the cache checks);
#   2. docker/aot-train.sh on it, with a PostgreSQL cluster of its own, as the build's "train" stage does;
#   3. the service started from that cache with -XX:AOTMode=on (the JVM refuses to start on a cache it cannot use),
#      the curl walkthrough (examples/run-all.sh) against it; then started once more without the cache.
# Prints Quarkus's own start-up time with and without the cache; asserts no timing (bench/run.sh measures).
#
#   scripts/aot-check.sh          JAVA25 (default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java) must be a JDK 25
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
java25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
[[ -x $java25 ]] || { echo "aot-check: no JDK 25 at $java25 (set JAVA25)" >&2; exit 1; }
[[ -f target/quarkus-app/quarkus-run.jar ]] || { echo "aot-check: run ./mvnw package first" >&2; exit 1; }
grep -q '^quarkus.package.jar.type=aot-jar' src/main/resources/application.properties \
    || { echo "aot-check: the build no longer writes the aot-jar layout the cache needs" >&2; exit 1; }
# shellcheck source=lib/packaged-service.sh
source scripts/lib/packaged-service.sh

java_opts=$(sed -n 's/^ *JAVA_OPTS="\([^"]*\)".*/\1/p' docker/Dockerfile.jvm)
[[ -n $java_opts ]] || { echo "aot-check: no JAVA_OPTS in docker/Dockerfile.jvm" >&2; exit 1; }
image=$(mktemp -d -t aot-check.XXXXXX)
chmod 755 "$image"
trap 'service_stop_all; rm -rf "$image"' EXIT
cp -a target/quarkus-app "$image/deployments"

echo "aot-check: training (docker/aot-train.sh) with $("$java25" -version 2>&1 | head -n 1)"
JAVA=$java25 JAVA_OPTS=$java_opts docker/aot-train.sh "$image/deployments" "$image/deployments/app.aot"

started_in() { grep -o 'started in [0-9.]*s' "$1" | head -n 1; }

SERVICE_JAVA=$java25 SERVICE_JAVA_OPTS="$java_opts -XX:AOTCache=$image/deployments/app.aot -XX:AOTMode=on" \
    SERVICE_JAR=$image/deployments/quarkus-run.jar SERVICE_LOG=$image/cached.log service_start aot_check \
    || { echo "aot-check: FAIL: the service did not start from the cache" >&2; exit 1; }
with_cache=$(started_in "$image/cached.log")
BASE_URL=$BASE_URL examples/run-all.sh >"$image/examples.log" 2>&1 \
    || { tail -n 30 "$image/examples.log" >&2; echo "aot-check: FAIL: the walkthrough failed against the cached start" >&2; exit 1; }
service_stop aot_check

SERVICE_JAVA=$java25 SERVICE_JAVA_OPTS=$java_opts SERVICE_JAR=$image/deployments/quarkus-run.jar \
    SERVICE_LOG=$image/nocache.log service_start aot_check_nocache
without_cache=$(started_in "$image/nocache.log")
service_stop aot_check_nocache
echo "aot-check: PASS: cache $(($(stat -c %s "$image/deployments/app.aot") / 1048576)) MB accepted with -XX:AOTMode=on;" \
    "walkthrough passed against it; Quarkus ${with_cache:-?} from the cache, ${without_cache:-?} without (JDK 25, both cores)"
