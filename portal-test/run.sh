#!/usr/bin/env bash
# Browser test of the account portal: starts the built service jar in prod mode twice (the one launcher,
# scripts/lib/packaged-service.sh), each on a free port against a fresh database: one with the sandbox on and the
# dev keys, one signing in with Keycloak (keycloak/keycloak.sh, the committed realm). Runs portal.test.mjs in
# Debian's headless Chromium, then stops both, Keycloak too, and drops the databases. Screenshots:
# target/portal-screenshots/. Needs: the jar (./mvnw package), PostgreSQL on 127.0.0.1:5432, /usr/bin/chromium (apt-get install -y chromium), Node.js 20+, jq.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
jar=target/quarkus-app/quarkus-run.jar
[[ -f $jar ]] || ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true
[[ -x /usr/bin/chromium ]] || { echo "Chromium is missing: apt-get install -y chromium" >&2; exit 1; }

(cd portal-test && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)

source scripts/lib/packaged-service.sh
export KEYCLOAK_STATE=$root/target/keycloak-portal
cleanup() {
    local rc=$?
    set +e
    ((rc == 0)) || { service_logs sandbox 60; service_logs oidc 60; }
    service_stop_all
    keycloak/keycloak.sh stop || true
    exit "$rc"
}
trap cleanup EXIT

# The service in sandbox mode: the dev sign-in, dev keys. It starts while Keycloak does.
SERVICE_LOG=target/portal-test-service.log service_start_async sandbox \
    UPGRADES_SANDBOX_TOKEN_SIGNING_KEY="$root/dev-keys/private-key.pem" UPGRADES_FINALIZER_EVERY=off
base=$BASE_URL

# Keycloak, whose portal client accepts the second service's /portal/ as a redirect URI: the browser must open that
# service as http://localhost:<port> (the origin Keycloak knows), not 127.0.0.1.
oidc_port=$(free_port)
oidc_base=http://localhost:$oidc_port
KEYCLOAK_PORTAL_ORIGINS=$oidc_base keycloak/keycloak.sh start >/dev/null
# shellcheck disable=SC1091
source "$KEYCLOAK_STATE/env"

# The service signing in with Keycloak: its tokens only (JWKS, issuer, audience, realm roles), no sandbox.
SERVICE_PORT=$oidc_port SERVICE_LOG=target/portal-test-service-oidc.log service_start_async oidc \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$KEYCLOAK_JWKS" \
    MP_JWT_VERIFY_ISSUER="$KEYCLOAK_ISSUER" \
    MP_JWT_VERIFY_AUDIENCES=subupgrade-api \
    SMALLRYE_JWT_PATH_GROUPS=realm_access/roles \
    UPGRADES_SANDBOX_ENABLED=false \
    UPGRADES_PORTAL_OIDC_ISSUER="$KEYCLOAK_ISSUER" \
    UPGRADES_PORTAL_OIDC_CLIENT_ID=subupgrade-portal \
    UPGRADES_FINALIZER_EVERY=off
service_wait_ready sandbox
service_wait_ready oidc
echo "portal test: service on $base (database ${SERVICE_DBS[sandbox]}), with Keycloak on $oidc_base" \
    "(database ${SERVICE_DBS[oidc]}), Keycloak at $KEYCLOAK_URL"

BASE_URL=$base OIDC_BASE_URL=$oidc_base KEYCLOAK_URL=$KEYCLOAK_URL KEYCLOAK_ISSUER=$KEYCLOAK_ISSUER \
    SCREENSHOTS="$root/target/portal-screenshots" node --test portal-test/portal.test.mjs
