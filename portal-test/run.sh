#!/usr/bin/env bash
# Browser test of the account portal: starts the built service jar in prod mode (sandbox on, dev keys) on a free
# port against a fresh database, runs portal.test.mjs in Debian's headless Chromium, then drops the database.
# Screenshots: target/portal-screenshots/. Needs: the jar (./mvnw package), PostgreSQL on 127.0.0.1:5432,
# /usr/bin/chromium (apt-get install -y chromium), Node.js 20+.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
jar=target/quarkus-app/quarkus-run.jar
[[ -f $jar ]] || ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true
[[ -x /usr/bin/chromium ]] || { echo "Chromium is missing: apt-get install -y chromium" >&2; exit 1; }

(cd portal-test && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

# A free port that is none of the ports the other services and tests on this machine use.
port=
for _ in $(seq 1 50); do
    candidate=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    case $candidate in 8080 | 8180 | 8280 | 8380) continue ;; esac
    port=$candidate
    break
done
[[ -n $port ]] || { echo "no free port" >&2; exit 1; }

db=portal_${RANDOM}_$$
createdb -h 127.0.0.1 -U postgres "$db"
log=target/portal-test-service.log
pid=
cleanup() {
    if [[ -n $pid ]]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    dropdb -h 127.0.0.1 -U postgres --if-exists --force "$db" || true
}
trap cleanup EXIT

QUARKUS_HTTP_PORT=$port \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
    QUARKUS_DATASOURCE_USERNAME=postgres \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$root/dev-keys/public-key.pem" \
    MP_JWT_VERIFY_ISSUER=https://dev.subupgrade.local \
    UPGRADES_SANDBOX_ENABLED=true \
    UPGRADES_SANDBOX_TOKEN_SIGNING_KEY="$root/dev-keys/private-key.pem" \
    UPGRADES_FINALIZER_EVERY=off \
    java -Dvertx.disableURIValidation=true -jar "$jar" >"$log" 2>&1 &
pid=$!

base=http://127.0.0.1:$port
for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$base/q/health/ready" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "the service exited; its log:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.5
done
curl -fsS -o /dev/null "$base/q/health/ready" || { echo "the service is not ready after 60 s; its log:" >&2; cat "$log" >&2; exit 1; }
echo "portal test: service on $base, database $db"

BASE_URL=$base SCREENSHOTS="$root/target/portal-screenshots" node --test portal-test/portal.test.mjs
