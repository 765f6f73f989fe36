#!/usr/bin/env bash
# Browser test of the account portal: starts the built service jar in prod mode twice, each on a free port against
# a fresh database: one with the sandbox on and the dev keys, one signing in with Keycloak (keycloak/keycloak.sh,
# the committed realm). Runs portal.test.mjs in Debian's headless Chromium, then stops both, Keycloak too, and drops
# the databases. Screenshots: target/portal-screenshots/. Needs: the jar (./mvnw package), PostgreSQL on
# 127.0.0.1:5432, /usr/bin/chromium (apt-get install -y chromium), Node.js 20+, jq.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
jar=target/quarkus-app/quarkus-run.jar
[[ -f $jar ]] || ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true
[[ -x /usr/bin/chromium ]] || { echo "Chromium is missing: apt-get install -y chromium" >&2; exit 1; }

(cd portal-test && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

source scripts/lib/free-port.sh
port=$(free_port)
oidc_port=$(free_port)
[[ $oidc_port != "$port" ]] || oidc_port=$(free_port)
# Each service's management interface (/q/metrics) on a port of its own: both would take 9000.
management_port=$(free_port)
oidc_management_port=$(free_port)

db=portal_${RANDOM}_$$
oidc_db=${db}_oidc
createdb -h 127.0.0.1 -U postgres "$db"
createdb -h 127.0.0.1 -U postgres "$oidc_db"
log=target/portal-test-service.log
oidc_log=target/portal-test-service-oidc.log
export KEYCLOAK_STATE=$root/target/keycloak-portal
pid=
oidc_pid=
cleanup() {
    for p in $pid $oidc_pid; do
        kill "$p" 2>/dev/null || true
        wait "$p" 2>/dev/null || true
    done
    keycloak/keycloak.sh stop || true
    dropdb -h 127.0.0.1 -U postgres --if-exists --force "$db" || true
    dropdb -h 127.0.0.1 -U postgres --if-exists --force "$oidc_db" || true
}
trap cleanup EXIT

# The service in sandbox mode: the dev sign-in, dev keys.
QUARKUS_HTTP_PORT=$port \
    QUARKUS_MANAGEMENT_PORT=$management_port \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
    QUARKUS_DATASOURCE_USERNAME=postgres \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$root/dev-keys/public-key.pem" \
    MP_JWT_VERIFY_ISSUER=https://dev.subupgrade.local \
    UPGRADES_SANDBOX_ENABLED=true \
    UPGRADES_SANDBOX_TOKEN_SIGNING_KEY="$root/dev-keys/private-key.pem" \
    UPGRADES_FINALIZER_EVERY=off \
    java -jar "$jar" >"$log" 2>&1 &
pid=$!

# Keycloak, whose portal client accepts the second service's /portal/ as a redirect URI: the browser must open that
# service as http://localhost:<port> (the origin Keycloak knows), not 127.0.0.1.
oidc_base=http://localhost:$oidc_port
KEYCLOAK_PORTAL_ORIGINS=$oidc_base keycloak/keycloak.sh start >/dev/null
# shellcheck disable=SC1091
source "$KEYCLOAK_STATE/env"

# The service signing in with Keycloak: its tokens only (JWKS, issuer, audience, realm roles), no sandbox.
QUARKUS_HTTP_PORT=$oidc_port \
    QUARKUS_MANAGEMENT_PORT=$oidc_management_port \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$oidc_db" \
    QUARKUS_DATASOURCE_USERNAME=postgres \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEYCLOAK_JWKS" \
    MP_JWT_VERIFY_ISSUER="$KEYCLOAK_ISSUER" \
    MP_JWT_VERIFY_AUDIENCES=subupgrade-api \
    SMALLRYE_JWT_PATH_GROUPS=realm_access/roles \
    UPGRADES_PORTAL_OIDC_ISSUER="$KEYCLOAK_ISSUER" \
    UPGRADES_PORTAL_OIDC_CLIENT_ID=subupgrade-portal \
    UPGRADES_FINALIZER_EVERY=off \
    java -jar "$jar" >"$oidc_log" 2>&1 &
oidc_pid=$!

base=http://127.0.0.1:$port
wait_ready() { # url pid log
    for _ in $(seq 1 120); do
        curl -fsS -o /dev/null "$1/q/health/ready" 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || { echo "the service exited; its log:" >&2; cat "$3" >&2; exit 1; }
        sleep 0.5
    done
    curl -fsS -o /dev/null "$1/q/health/ready" || { echo "the service is not ready after 60 s; its log:" >&2; cat "$3" >&2; exit 1; }
}
wait_ready "$base" "$pid" "$log"
wait_ready "$oidc_base" "$oidc_pid" "$oidc_log"
echo "portal test: service on $base (database $db), with Keycloak on $oidc_base (database $oidc_db), Keycloak at $KEYCLOAK_URL"

BASE_URL=$base OIDC_BASE_URL=$oidc_base KEYCLOAK_URL=$KEYCLOAK_URL KEYCLOAK_ISSUER=$KEYCLOAK_ISSUER \
    SCREENSHOTS="$root/target/portal-screenshots" node --test portal-test/portal.test.mjs
