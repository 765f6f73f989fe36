# Sourced (not run) by the scripts that check the packaged service as it ships: java -jar
# target/quarkus-app/quarkus-run.jar in prod mode, configured only through environment variables, on a throwaway
# database of the local PostgreSQL (PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres, PGPASSWORD if set), with
# the dev signing key and the sandbox on, free API and management ports.
#
#   packaged_service_start NAME [ENV=VALUE...]   creates database NAME_<time>_<n>, starts the jar with the extra
#                                                environment, waits (60 s at most) for /q/health/ready; sets
#                                                SERVICE_PID, SERVICE_DB, BASE_URL, MANAGEMENT_URL, and SERVICE_OUT /
#                                                SERVICE_ERR (its stdout and stderr)
#                                                SERVICE_JAVA, SERVICE_JAVA_OPTS, SERVICE_JAR: another java, its
#                                                options (default none), another jar
#   packaged_service_stop                        SIGTERM (graceful), SIGKILL after 15 s, drops the database; safe to
#                                                call twice: call it from the script's EXIT trap
#   packaged_service_logs [N]                    the last N lines (80) of both, for a failure report
#   free_port                                    from scripts/lib/free-port.sh
: "${root:?set root to the repository before sourcing scripts/lib/packaged-service.sh}"

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
SERVICE_PID="" SERVICE_DB="" SERVICE_OUT="" SERVICE_ERR="" BASE_URL="" MANAGEMENT_URL=""

# shellcheck source=free-port.sh
source "$root/scripts/lib/free-port.sh"

packaged_service_start() {
    local name=$1 jar=${SERVICE_JAR:-$root/target/quarkus-app/quarkus-run.jar} port management_port opts
    shift
    read -r -a opts <<<"${SERVICE_JAVA_OPTS:-}"
    [[ -f $jar ]] || { echo "$jar is missing: run ./mvnw package first" >&2; return 1; }
    local tool
    for tool in java psql createdb dropdb curl python3; do
        command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; return 1; }
    done
    port=$(free_port)
    management_port=$(free_port)
    SERVICE_DB=${name}_$(date +%s)_$RANDOM
    SERVICE_OUT=$(mktemp -t "subupgrade-$name.XXXXXX.out")
    SERVICE_ERR=${SERVICE_OUT%.out}.err
    createdb "$SERVICE_DB"
    env QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$SERVICE_DB" \
        QUARKUS_DATASOURCE_USERNAME="$PGUSER" ${PGPASSWORD:+QUARKUS_DATASOURCE_PASSWORD="$PGPASSWORD"} \
        MP_JWT_VERIFY_PUBLICKEY_LOCATION="$root/dev-keys/public-key.pem" \
        MP_JWT_VERIFY_ISSUER=https://dev.subupgrade.local \
        UPGRADES_SANDBOX_ENABLED=true \
        QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" \
        QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$management_port" \
        "$@" "${SERVICE_JAVA:-java}" "${opts[@]}" -jar "$jar" >"$SERVICE_OUT" 2>"$SERVICE_ERR" &
    SERVICE_PID=$!
    BASE_URL=http://127.0.0.1:$port
    MANAGEMENT_URL=http://127.0.0.1:$management_port
    local i
    for i in $(seq 1 120); do
        kill -0 "$SERVICE_PID" 2>/dev/null || { echo "the service ($name) exited during start-up" >&2; return 1; }
        curl -fsS -o /dev/null "$BASE_URL/q/health/ready" 2>/dev/null && return 0
        sleep 0.5
    done
    echo "the service ($name) was not ready within 60 s" >&2
    return 1
}

packaged_service_stop() {
    if [[ -n $SERVICE_PID ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        kill "$SERVICE_PID" 2>/dev/null || true
        local _
        for _ in $(seq 1 30); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
        kill -9 "$SERVICE_PID" 2>/dev/null || true
    fi
    SERVICE_PID=""
    if [[ -n $SERVICE_DB ]]; then
        dropdb --if-exists "$SERVICE_DB" 2>/dev/null || echo "could not drop database $SERVICE_DB" >&2
        SERVICE_DB=""
    fi
}

packaged_service_logs() {
    local n=${1:-80} f
    for f in "$SERVICE_OUT" "$SERVICE_ERR"; do
        [[ -s $f ]] || continue
        echo "--- service log (last $n lines of $f) ---" >&2
        tail -n "$n" "$f" >&2 || true
    done
}
