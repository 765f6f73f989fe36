#!/usr/bin/env bash
# A real OIDC provider for development and the tests: Keycloak from Maven Central
# (org.keycloak:keycloak-quarkus-dist), unpacked once into a cache and reused, started in dev mode with an in-memory
# database on free ports, with the committed realm keycloak/subupgrade-realm.json created through its admin API.
#
#   keycloak/keycloak.sh start     start one (background), wait until the realm answers, print its settings
#   keycloak/keycloak.sh stop      stop the one started from the same state directory
#   keycloak/keycloak.sh fetch     only fetch and unpack the distribution; print its directory
#
# Environment (all optional):
#   KEYCLOAK_VERSION         distribution version (default below)
#   KEYCLOAK_CACHE           where distributions are unpacked (default ~/.cache/subupgrade)
#   KEYCLOAK_STATE           where this instance keeps its pid, log and settings (default target/keycloak)
#   KEYCLOAK_PORT            HTTP port (default: a free one); the management port is another free one
#   KEYCLOAK_PORTAL_ORIGINS  space-separated origins besides http://localhost:8080 whose /portal/ may receive the
#                            sign-in redirect (the browser test's service runs on a random port)
#
# `start` writes $KEYCLOAK_STATE/env (sourceable) with KEYCLOAK_URL, KEYCLOAK_ISSUER, KEYCLOAK_JWKS, KEYCLOAK_PID and
# the bootstrap admin's user name and password, and prints it. The realm lives in memory: every start begins from
# the committed export, so a test that rotates keys or adds clients leaves nothing behind.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=${KEYCLOAK_VERSION:-26.7.3}
cache=${KEYCLOAK_CACHE:-$HOME/.cache/subupgrade}
state=${KEYCLOAK_STATE:-$root/target/keycloak}
home=$cache/keycloak-$version
realm_file=$root/keycloak/subupgrade-realm.json
admin_user=admin
admin_password=admin-dev-password

log() { echo "keycloak.sh: $*" >&2; }

source "$root/scripts/lib/free-port.sh"

# Fetch through Maven (the same repository and cache as the build) and unpack once; a lock and an atomic rename,
# so two runs at once or an interrupted unpack never leave a half-unpacked distribution behind.
fetch() {
    [[ -x $home/bin/kc.sh ]] && return 0
    mkdir -p "$cache"
    exec 9>"$cache/.keycloak-$version.lock"
    flock 9
    [[ -x $home/bin/kc.sh ]] && return 0
    local tmp
    tmp=$(mktemp -d "$cache/.unpack-XXXXXX")
    log "fetching org.keycloak:keycloak-quarkus-dist:$version:tar.gz through Maven"
    "$root/mvnw" -B -q dependency:copy \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:tar.gz" -DoutputDirectory="$tmp" >&2
    tar -xzf "$tmp/keycloak-quarkus-dist-$version.tar.gz" -C "$tmp"
    rm -f "$tmp/keycloak-quarkus-dist-$version.tar.gz"
    mv "$tmp/keycloak-$version" "$home"
    rmdir "$tmp"
    log "unpacked into $home"
}

admin_token() {
    curl -fsS "$1/realms/master/protocol/openid-connect/token" \
        -d grant_type=password -d client_id=admin-cli \
        --data-urlencode "username=$admin_user" --data-urlencode "password=$admin_password" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

# The committed realm, with the portal's extra redirect origins (space-separated in $1) added.
realm_with_origins() {
    python3 - "$realm_file" "$1" <<'PY'
import json, sys
realm = json.load(open(sys.argv[1]))
origins = sys.argv[2].split()
for client in realm["clients"]:
    if client["clientId"] == "subupgrade-portal":
        client["redirectUris"] += [origin + "/portal/*" for origin in origins]
        client["webOrigins"] += origins
json.dump(realm, sys.stdout)
PY
}

start() {
    command -v python3 >/dev/null || { log "python3 is required"; exit 1; }
    fetch
    mkdir -p "$state"
    if [[ -f $state/env ]]; then
        # shellcheck disable=SC1091
        source "$state/env"
        if kill -0 "$KEYCLOAK_PID" 2>/dev/null; then
            log "already running (pid $KEYCLOAK_PID) at $KEYCLOAK_URL"
            cat "$state/env"
            return 0
        fi
    fi
    local port=${KEYCLOAK_PORT:-$(free_port)} management_port
    management_port=$(free_port)
    local url=http://localhost:$port
    local started=$SECONDS
    # start-dev: HTTP, relaxed hostname checks, caches local. dev-mem: a fresh H2 database in memory each time.
    # The hostname is fixed, so the issuer in tokens is the same however the service or a browser reaches it.
    KC_BOOTSTRAP_ADMIN_USERNAME=$admin_user KC_BOOTSTRAP_ADMIN_PASSWORD=$admin_password \
        setsid "$home/bin/kc.sh" start-dev --db=dev-mem \
        --http-port="$port" --http-management-port="$management_port" --hostname="$url" \
        --health-enabled=true >"$state/keycloak.log" 2>&1 </dev/null &
    local pid=$!
    for _ in $(seq 1 240); do
        curl -fsS -o /dev/null "http://127.0.0.1:$management_port/health/ready" 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || { log "Keycloak exited; its log:"; cat "$state/keycloak.log" >&2; exit 1; }
        sleep 0.5
    done
    curl -fsS -o /dev/null "http://127.0.0.1:$management_port/health/ready" \
        || { log "not ready after 120 s; log in $state/keycloak.log"; kill "$pid"; exit 1; }

    local token
    token=$(admin_token "$url")
    realm_with_origins "${KEYCLOAK_PORTAL_ORIGINS:-}" \
        | curl -fsS -o /dev/null -X POST "$url/admin/realms" \
            -H "Authorization: Bearer $token" -H 'Content-Type: application/json' --data-binary @-

    cat >"$state/env" <<ENV
KEYCLOAK_URL=$url
KEYCLOAK_ISSUER=$url/realms/subupgrade
KEYCLOAK_JWKS=$url/realms/subupgrade/protocol/openid-connect/certs
KEYCLOAK_PID=$pid
KEYCLOAK_ADMIN_USER=$admin_user
KEYCLOAK_ADMIN_PASSWORD=$admin_password
ENV
    log "Keycloak $version ready at $url in $((SECONDS - started)) s (pid $pid, log $state/keycloak.log)"
    cat "$state/env"
}

stop() {
    [[ -f $state/env ]] || return 0
    # shellcheck disable=SC1091
    source "$state/env"
    # setsid made kc.sh the leader of its own process group: stop the shell script and its JVM together.
    kill -TERM -- "-$KEYCLOAK_PID" 2>/dev/null || kill -TERM "$KEYCLOAK_PID" 2>/dev/null || true
    for _ in $(seq 1 40); do
        kill -0 "$KEYCLOAK_PID" 2>/dev/null || break
        sleep 0.25
    done
    kill -KILL -- "-$KEYCLOAK_PID" 2>/dev/null || true
    rm -f "$state/env"
    log "stopped (pid $KEYCLOAK_PID)"
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    fetch) fetch && echo "$home" ;;
    *) echo "usage: $0 start|stop|fetch" >&2; exit 2 ;;
esac
