# The one launcher of the packaged service (java -jar target/quarkus-app/quarkus-run.jar, prod mode, configured only
# through environment variables), sourced (not run) by every script that starts it: examples/test-against-jar.sh,
# k8s-check/readonly-run.sh, scripts/{json-logs,prometheus,aot}-check.sh, docker/aot-train.sh, portal-test/run.sh,
# bench/run.sh and the fault scripts (faults/lib.sh). One way to pick ports, one readiness rule, one timeout, one way
# to stop. (scripts/dev-mode-check.sh runs ./mvnw quarkus:dev, not the jar, with the same readiness rule.)
#
#   service_start NAME [ENV=VALUE...]
#       Starts an instance called NAME with the dev signing key (dev-keys/public-key.pem, issuer
#       https://dev.subupgrade.local), the sandbox on, API and management interfaces on 127.0.0.1 and free ports,
#       then the extra environment (which overrides any of that). Waits until it is ready: GET /q/health/ready
#       answers 200 (polled every SERVICE_READY_POLL s), at most SERVICE_READY_TIMEOUT s (default 180: a start takes
#       5-15 s on an idle 2-core machine, 60-90 s when other builds load it). Returns non-zero, with the end of its
#       log on stderr, when it exits or is not ready in time. When a port it picked was taken before the service
#       bound it (the service exits saying so), it retries on other ports, up to 5 times.
#       Sets SERVICE_PIDS[NAME], SERVICE_PORTS[NAME], SERVICE_MANAGEMENT_PORTS[NAME], SERVICE_LOGS[NAME] and, for
#       the instance started last, SERVICE_PID, BASE_URL, MANAGEMENT_URL, SERVICE_DB and SERVICE_READY_MS
#       (milliseconds from launch to the first 200 of /q/health/ready). (Not SERVICE_LOG: a setting given on the
#       call's command line, SERVICE_LOG=... service_start, is put back when the function returns.)
#   service_start_async NAME [ENV=VALUE...], then service_wait_ready NAME
#       the same in two halves, to start several instances (or an instance and something else) at once; no
#       retries on a taken port
#   service_stop NAME [SIGNAL]
#       SIGNAL (default TERM: a graceful shutdown) to the instance, waits until it exits, SIGKILL after
#       SERVICE_STOP_TIMEOUT s (default 30; with KILL there is nothing to wait for); drops the database
#       service_start created for it. Safe to call twice and for a name never started.
#   service_stop_all    service_stop for every instance still known (call it from the script's EXIT trap)
#   service_logs NAME [N]    the last N lines (default 80) of its log (and its stderr file when separate), to stderr
#   service_output NAME      what it wrote since it was last launched
#   free_port           from scripts/lib/free-port.sh
#
# Settings, read from the environment of each service_start call (all optional):
#   SERVICE_JDBC_URL    the database (QUARKUS_DATASOURCE_JDBC_URL); without it a database NAME_<time>_<n> is
#                       created on the local PostgreSQL (PGHOST/PGPORT/PGUSER, default 127.0.0.1:5432 postgres,
#                       PGPASSWORD if set) and dropped by service_stop
#   SERVICE_DB_USER     its user (default PGUSER)
#   SERVICE_PORT        a fixed API port (an instance behind a load balancer comes back where it is expected); a
#                       taken fixed port is an error, not retried
#   SERVICE_JAR         another jar (default $root/target/quarkus-app/quarkus-run.jar)
#   SERVICE_JAVA        another java (default java on PATH); SERVICE_JAVA_OPTS its options (split on spaces)
#   SERVICE_PREFIX      a command the JVM runs under, split on spaces: `taskset -c 1` (bench/run.sh's cpu pin),
#                       `runuser -u nobody -- env -i PATH=/usr/bin:/bin HOME=/nonexistent` (k8s-check/readonly-run.sh)
#   SERVICE_DIR         its working directory (default the repository)
#   SERVICE_LOG         its log file, stdout and stderr, appended to (default a new temporary file);
#                       SERVICE_ERR_LOG: stderr to this file instead (scripts/json-logs-check.sh reads stdout alone)
#   SERVICE_READY_TIMEOUT, SERVICE_READY_POLL (default 0.2), SERVICE_STOP_TIMEOUT: see above
#   SERVICE_QUIET=1     no "service NAME ready on URL in N ms" line on stderr
: "${root:?set root to the repository before sourcing scripts/lib/packaged-service.sh}"

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
declare -gA SERVICE_PIDS SERVICE_PORTS SERVICE_MANAGEMENT_PORTS SERVICE_LOGS SERVICE_ERR_LOGS SERVICE_DBS SERVICE_T0 \
    SERVICE_LOG_FROM SERVICE_ERR_FROM
SERVICE_PID="" SERVICE_DB="" BASE_URL="" MANAGEMENT_URL="" SERVICE_READY_MS=""

# shellcheck source=free-port.sh
source "$root/scripts/lib/free-port.sh"

service_start() {
    local name=$1
    shift
    _service_prepare "$name" || return 1
    local attempt status
    for attempt in 1 2 3 4 5; do
        _service_launch "$name" "$@"
        status=0
        _service_wait_ready "$name" || status=$?
        ((status == 0)) && return 0
        ((status == 2)) || break
        # Quarkus says "seems to be in use" for the HTTP port, "Address already in use" for the management one.
        if [[ -n ${SERVICE_PORT:-} ]] && service_output "$name" | grep -q 'seems to be in use'; then
            echo "service $name: its fixed port ${SERVICE_PORTS[$name]} is taken" >&2
            break
        fi
        echo "service $name: port ${SERVICE_PORTS[$name]} or ${SERVICE_MANAGEMENT_PORTS[$name]} was taken" \
            "$( ((attempt < 5)) && echo "; retrying on others" || echo "five times")" >&2
    done
    service_logs "$name" 40
    service_stop "$name" KILL
    return 1
}

# service_start_async NAME [ENV=VALUE...]: service_start without the wait (and without the retries on a taken
# port), so that several instances, or an instance and something else, start at the same time; then
# service_wait_ready NAME.
service_start_async() {
    local name=$1
    shift
    _service_prepare "$name" && _service_launch "$name" "$@"
}

service_wait_ready() {
    local status=0
    _service_wait_ready "$1" || status=$?
    ((status == 0)) && return 0
    ((status != 2)) || echo "service $1: a port it was given was taken" >&2
    service_logs "$1" 40
    service_stop "$1" KILL
    return 1
}

# The checks, the database and the log of an instance about to be launched.
_service_prepare() {
    local name=$1 jar=${SERVICE_JAR:-$root/target/quarkus-app/quarkus-run.jar} tool tools=("${SERVICE_JAVA:-java}" curl python3)
    [[ -f $jar ]] || { echo "$jar is missing: run ./mvnw package first" >&2; return 1; }
    [[ -n ${SERVICE_JDBC_URL:-} ]] || tools+=(createdb dropdb)
    for tool in "${tools[@]}"; do
        command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; return 1; }
    done
    SERVICE_DB=""
    if [[ -z ${SERVICE_JDBC_URL:-} ]]; then
        SERVICE_DB=${name}_$(date +%s)_$RANDOM
        createdb "$SERVICE_DB" || return 1
        SERVICE_DBS[$name]=$SERVICE_DB
    fi
    local log=${SERVICE_LOG:-}
    [[ -n $log ]] || log=$(mktemp -t "subupgrade-$name.XXXXXX.log")
    [[ $log == /* ]] || log=$PWD/$log
    : >>"$log"
    local err_log=${SERVICE_ERR_LOG:-}
    [[ -z $err_log || $err_log == /* ]] || err_log=$PWD/$err_log
    [[ -z $err_log ]] || : >>"$err_log"
    SERVICE_LOGS[$name]=$log SERVICE_ERR_LOGS[$name]=$err_log
}

_service_launch() {
    local name=$1
    shift
    local jar=${SERVICE_JAR:-$root/target/quarkus-app/quarkus-run.jar} log=${SERVICE_LOGS[$name]} err_log=${SERVICE_ERR_LOGS[$name]}
    local jdbc=${SERVICE_JDBC_URL:-jdbc:postgresql://$PGHOST:$PGPORT/${SERVICE_DBS[$name]:-}} port management_port
    local -a opts prefix
    read -r -a opts <<<"${SERVICE_JAVA_OPTS:-}"
    read -r -a prefix <<<"${SERVICE_PREFIX:-}"
    port=${SERVICE_PORT:-$(free_port)}
    management_port=$(free_port)
    SERVICE_LOG_FROM[$name]=$(stat -c %s "$log") SERVICE_ERR_FROM[$name]=$(stat -c %s "${err_log:-$log}")
    SERVICE_T0[$name]=$(date +%s%N)
    # exec: the background job's pid is the prefix's or the JVM's own, the one to signal.
    (cd "${SERVICE_DIR:-$root}" && exec "${prefix[@]}" env \
        QUARKUS_DATASOURCE_JDBC_URL="$jdbc" QUARKUS_DATASOURCE_USERNAME="${SERVICE_DB_USER:-$PGUSER}" \
        ${PGPASSWORD:+QUARKUS_DATASOURCE_PASSWORD="$PGPASSWORD"} \
        MP_JWT_VERIFY_PUBLICKEY_LOCATION="$root/dev-keys/public-key.pem" \
        MP_JWT_VERIFY_ISSUER=https://dev.subupgrade.local \
        UPGRADES_SANDBOX_ENABLED=true \
        QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" \
        QUARKUS_MANAGEMENT_HOST=127.0.0.1 QUARKUS_MANAGEMENT_PORT="$management_port" \
        "$@" "${SERVICE_JAVA:-java}" "${opts[@]}" -jar "$jar" >>"$log" 2>>"${err_log:-$log}") &
    SERVICE_PIDS[$name]=$! SERVICE_PORTS[$name]=$port SERVICE_MANAGEMENT_PORTS[$name]=$management_port
    SERVICE_PID=$! SERVICE_DB=${SERVICE_DBS[$name]:-}
    BASE_URL=http://127.0.0.1:$port MANAGEMENT_URL=http://127.0.0.1:$management_port
}

# service_output NAME: what the instance wrote since its last launch (its log, and its stderr file when separate;
# a log appended to by earlier instances of the same name holds more).
service_output() {
    local name=$1
    tail -c +"$((SERVICE_LOG_FROM[$name] + 1))" "${SERVICE_LOGS[$name]}"
    [[ -z ${SERVICE_ERR_LOGS[$name]} ]] || tail -c +"$((SERVICE_ERR_FROM[$name] + 1))" "${SERVICE_ERR_LOGS[$name]}"
}

# 0 when ready; 2 when it exited because a port was taken; 1 otherwise (exited, or not ready in time).
_service_wait_ready() {
    local name=$1 timeout=${SERVICE_READY_TIMEOUT:-180} poll=${SERVICE_READY_POLL:-0.2}
    local pid=${SERVICE_PIDS[$1]} url=http://127.0.0.1:${SERVICE_PORTS[$1]} t0=${SERVICE_T0[$1]}
    local deadline=$((t0 + timeout * 1000000000))
    until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/q/health/ready") == 200 ]]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            wait "$pid" 2>/dev/null || true
            service_output "$name" | grep -qE 'seems to be in use|Address already in use' && return 2
            echo "service $name exited during start-up" >&2
            return 1
        fi
        if (($(date +%s%N) > deadline)); then
            echo "service $name was not ready within $timeout s (SERVICE_READY_TIMEOUT)" >&2
            return 1
        fi
        sleep "$poll"
    done
    SERVICE_READY_MS=$((($(date +%s%N) - t0) / 1000000))
    # Start-up time is where these scripts' time goes on a loaded machine: every start says how long it took.
    [[ ${SERVICE_QUIET:-0} == 1 ]] || echo "service $name ready on $url in $SERVICE_READY_MS ms" >&2
}

service_stop() {
    local name=$1 signal=${2:-TERM} pid=${SERVICE_PIDS[$1]:-} deadline
    if [[ -n $pid ]]; then
        kill -"$signal" "$pid" 2>/dev/null || true
        deadline=$((SECONDS + ${SERVICE_STOP_TIMEOUT:-30}))
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
        kill -0 "$pid" 2>/dev/null && { echo "service $name: still running $((${SERVICE_STOP_TIMEOUT:-30})) s after SIG$signal; SIGKILL" >&2; kill -9 "$pid" 2>/dev/null; }
        wait "$pid" 2>/dev/null || true
        unset "SERVICE_PIDS[$name]"
    fi
    _service_drop_db "$name"
}

service_stop_all() {
    local name
    for name in "${!SERVICE_PIDS[@]}"; do service_stop "$name"; done
    for name in "${!SERVICE_DBS[@]}"; do _service_drop_db "$name"; done
}

_service_drop_db() {
    local db=${SERVICE_DBS[$1]:-}
    [[ -n $db ]] || return 0
    dropdb --if-exists --force "$db" 2>/dev/null || echo "could not drop database $db" >&2
    unset "SERVICE_DBS[$1]"
}

service_logs() {
    local name=$1 n=${2:-80} f
    for f in "${SERVICE_LOGS[$name]:-}" "${SERVICE_ERR_LOGS[$name]:-}"; do
        [[ -s $f ]] || continue
        echo "--- service $name: last $n lines of $f ---" >&2
        tail -n "$n" "$f" >&2 || true
    done
}
