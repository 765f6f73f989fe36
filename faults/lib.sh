#!/usr/bin/env bash
# Shared helpers of the fault scripts: a private PostgreSQL cluster, service instances, load
# workers, consistency queries and the summary table. Sourced, never run. See faults/README.md.
#
# Never touches the shared PostgreSQL on 5432: everything runs against a throwaway cluster
# (FAULT_PG_PORT, default 5499) that is created here and removed at the end.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
FAULT_PG_PORT=${FAULT_PG_PORT:-5499}
FAULT_WORK=${FAULT_WORK:-/tmp/faults-$$}
FAULT_SUMMARY=${FAULT_SUMMARY:-$FAULT_WORK/summary.txt}
SHORT=${SHORT:-0}
PAYG=MS-AZR-0003P
TRIAL=MS-AZR-0044P
mkdir -p "$FAULT_WORK"
chmod 755 "$FAULT_WORK"

log() { printf '%s [%s] %s\n' "$(date +%T)" "${SCENARIO:-faults}" "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

# --- PostgreSQL: a private cluster ---------------------------------------------------------------------------
as_postgres() {
    if [[ $(id -un) == postgres ]]; then "$@"; else runuser -u postgres -- "$@"; fi
}

pg_owned_here=0
pg_up() {
    if [[ -n ${FAULT_PGDATA:-} && -f $FAULT_PGDATA/PG_VERSION ]]; then
        pg_isready -q -h 127.0.0.1 -p "$FAULT_PG_PORT" || pg_start_server
        return
    fi
    if pg_isready -q -h 127.0.0.1 -p "$FAULT_PG_PORT"; then
        die "port $FAULT_PG_PORT is already in use; set FAULT_PG_PORT"
    fi
    export FAULT_PGDATA=/tmp/faultpg-$$
    log "initdb $FAULT_PGDATA (port $FAULT_PG_PORT)"
    as_postgres "$PG_BIN/initdb" -D "$FAULT_PGDATA" -U postgres --auth=trust -E UTF8 >"$FAULT_WORK/initdb.log" 2>&1 \
        || die "initdb failed: $(tail -5 "$FAULT_WORK/initdb.log")"
    pg_owned_here=1
    pg_start_server
}

pg_start_server() {
    as_postgres "$PG_BIN/pg_ctl" -D "$FAULT_PGDATA" -l "$FAULT_PGDATA/server.log" -w -t 60 \
        -o "-p $FAULT_PG_PORT -k /tmp -h 127.0.0.1 -c max_connections=200 -c fsync=off" start >/dev/null \
        || die "private PostgreSQL did not start"
}

pg_stop_server() {
    as_postgres "$PG_BIN/pg_ctl" -D "$FAULT_PGDATA" -m fast -w -t 60 stop >/dev/null
}

pg_down() {
    if [[ $pg_owned_here == 1 && -n ${FAULT_PGDATA:-} ]]; then
        pg_stop_server 2>/dev/null || true
        rm -rf "$FAULT_PGDATA"
        log "private PostgreSQL removed"
    fi
}

# A fresh database per scenario in the private cluster.
new_db() {
    DB=$1
    psql -h 127.0.0.1 -p "$FAULT_PG_PORT" -U postgres -d postgres -q -c "DROP DATABASE IF EXISTS $DB" \
        -c "CREATE DATABASE $DB" >/dev/null
    JDBC_URL=jdbc:postgresql://127.0.0.1:$FAULT_PG_PORT/$DB
}

sql() { psql -h 127.0.0.1 -p "$FAULT_PG_PORT" -U postgres -d "$DB" -v ON_ERROR_STOP=1 -Atq "$@"; }

# --- Service instances ---------------------------------------------------------------------------------------
ensure_jar() {
    if [[ ! -f $JAR ]]; then
        log "building the service jar"
        (cd "$ROOT" && ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true) || die "build failed"
    fi
}

# The one launcher of the packaged service: its readiness rule (/q/health/ready answers 200), SERVICE_READY_TIMEOUT,
# free ports (retried when one was taken meanwhile), SIGTERM then SIGKILL after SERVICE_STOP_TIMEOUT.
root=$ROOT
# shellcheck source=../scripts/lib/packaged-service.sh
source "$ROOT/scripts/lib/packaged-service.sh"

# start_instance <name> [VAR=value...]: prod mode against $JDBC_URL on free ports (API and management), its output
# appended to $FAULT_WORK/<name>.log; waits until ready. SERVICE_PIDS[name], SERVICE_PORTS[name] and
# SERVICE_MANAGEMENT_PORTS[name] (scripts/lib/packaged-service.sh) say where it is.
# INSTANCE_PORT=<port> fixes the API port (an instance behind HAProxy comes back where HAProxy expects it).
# The finalizer is off unless FINALIZER_EVERY is set. The shutdown delay is 0 unless SHUTDOWN_DELAY is set: with no
# load balancer in front it only slows the scripts.
start_instance() {
    local name=$1
    shift
    SERVICE_JDBC_URL=$JDBC_URL SERVICE_DB_USER=postgres SERVICE_PORT=${INSTANCE_PORT:-} SERVICE_QUIET=1 \
        SERVICE_LOG=$FAULT_WORK/$name.log SERVICE_JAVA_OPTS="-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1" \
        "service_start$( [[ ${ASYNC:-0} == 1 ]] && echo _async)" "$name" \
        UPGRADES_FINALIZER_EVERY="${FINALIZER_EVERY:-off}" QUARKUS_SHUTDOWN_DELAY="${SHUTDOWN_DELAY:-0S}" "$@" \
        || die "instance $name did not start: $(service_output "$name" | grep -E 'ERROR|Exception' | tail -5)"
    [[ ${ASYNC:-0} == 1 ]] || log "instance $name up on port ${SERVICE_PORTS[$name]} (pid ${SERVICE_PIDS[$name]}) in $SERVICE_READY_MS ms"
}

# ASYNC=1 start_instance <name> ... for each, then wait_instances <name...>: instances that start together (two
# JVMs starting at once take less than two starts one after the other).
wait_instances() {
    local name
    for name in "$@"; do
        SERVICE_QUIET=1 service_wait_ready "$name" \
            || die "instance $name did not start: $(service_output "$name" | grep -E 'ERROR|Exception' | tail -5)"
        log "instance $name up on port ${SERVICE_PORTS[$name]} (pid ${SERVICE_PIDS[$name]}) in $SERVICE_READY_MS ms"
    done
}

stop_instance() { service_stop "$@"; } # stop_instance <name> [signal]: TERM (default) or KILL
stop_all_instances() { service_stop_all; }

# The EXIT trap. errexit is off here: one failed step must not skip the rest. A scenario with more to stop (a
# load balancer) defines extra_cleanup.
cleanup() {
    local rc=$?
    set +e
    declare -F extra_cleanup >/dev/null && extra_cleanup
    stop_all_instances
    pg_down
    exit $rc
}

url() { echo "http://127.0.0.1:${SERVICE_PORTS[$1]}"; }
token() { "$ROOT/scripts/dev-token.sh" "$1" "$2" 7200; }

# create_subscriptions <instance> <offer> <count> <file> [upgrade]: one account each; ids to <file>.
create_subscriptions() {
    local inst=$1 offer=$2 count=$3 file=$4 upgrade=${5:-} i acct tok id
    : >"$file"
    for ((i = 0; i < count; i++)); do
        acct=fault-$RANDOM-$i-$$
        tok=$(token customer "$acct")
        id=$(curl -sf --max-time 30 -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
            -d "{\"offerId\":\"$offer\",\"displayName\":\"fault $i\"}" "$(url "$inst")/v1/subscriptions" | jq -r .id) \
            || die "could not create a subscription"
        if [[ -n $upgrade ]]; then
            curl -sf --max-time 30 -o /dev/null -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
                -d "{\"targetOfferId\":\"$PAYG\",\"confirm\":true}" "$(url "$inst")/v1/subscriptions/$id/upgrade-requests" \
                || die "could not request an upgrade"
        fi
        echo "$id" >>"$file"
    done
}

# --- Load ------------------------------------------------------------------------------------------------------
# load_worker <out> <until-epoch> <subs-file> <prefix> <quantity> <instance...>
# Posts usage with unique eventIds to random subscriptions on random instances; every 5th event is
# replayed once (to another instance when there are several). One line per call:
#   eventId subscriptionId httpCode seconds contentType curlExitCode startedAt(epoch seconds)
load_worker() {
    local out=$1 until=$2 subs=$3 prefix=$4 qty=$5
    shift 5
    local -a insts=("$@") S
    mapfile -t S <"$subs"
    local tok i=0 ev sub inst res body rc code secs ctype started
    tok=$(token meter pipeline)
    while (($(date +%s) < until)) && [[ ! -e ${LOAD_STOP:-/nonexistent} ]]; do
        sub=${S[RANDOM % ${#S[@]}]}
        ev=$prefix-$i
        for attempt in 1 2; do
            ((attempt == 2 && i % 5 != 0)) && break
            inst=${insts[RANDOM % ${#insts[@]}]}
            [[ -n ${SERVICE_PORTS[$inst]:-} ]] || continue
            body="{\"eventId\":\"$ev\",\"meterId\":\"vm-d2s-v3-hour\",\"quantity\":\"$qty\"}"
            rc=0
            started=$EPOCHREALTIME
            res=$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{content_type}' --max-time 30 \
                -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' -d "$body" \
                "http://127.0.0.1:${SERVICE_PORTS[$inst]}/v1/subscriptions/$sub/usage" 2>/dev/null) || rc=$?
            read -r code secs ctype <<<"${res:-000 0 -}"
            echo "$ev $sub $code $secs ${ctype:--} $rc $started" >>"$out"
        done
        i=$((i + 1))
    done
}

# start_load <workers> <seconds> <subs-file> <quantity> <instance...>: sets LOAD_PIDS and LOAD_FILES.
# Workers stop at <seconds> or as soon as the file $LOAD_STOP exists, whichever comes first.
start_load() {
    local workers=$1 secs=$2 subs=$3 qty=$4 w
    shift 4
    local until=$(($(date +%s) + secs))
    LOAD_PIDS=() LOAD_FILES=()
    for ((w = 0; w < workers; w++)); do
        local f=$FAULT_WORK/$SCENARIO-load-$w.txt
        : >"$f"
        load_worker "$f" "$until" "$subs" "$SCENARIO-$$-w$w" "$qty" "$@" &
        LOAD_PIDS+=($!)
        LOAD_FILES+=("$f")
    done
}

# read_worker <out> <until-epoch> <subs-file> <instance...>: GET /v1/subscriptions/{id} (an operator reads any),
# one line per call in load_worker's format with "GET" as the eventId.
read_worker() {
    local out=$1 until=$2 subs=$3
    shift 3
    local -a insts=("$@") S
    mapfile -t S <"$subs"
    local tok sub inst res rc code secs ctype started
    tok=$(token operator ops-reader)
    while (($(date +%s) < until)) && [[ ! -e ${LOAD_STOP:-/nonexistent} ]]; do
        sub=${S[RANDOM % ${#S[@]}]}
        inst=${insts[RANDOM % ${#insts[@]}]}
        rc=0
        started=$EPOCHREALTIME
        res=$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{content_type}' --max-time 30 \
            -H "Authorization: Bearer $tok" "http://127.0.0.1:${SERVICE_PORTS[$inst]}/v1/subscriptions/$sub" 2>/dev/null) \
            || rc=$?
        read -r code secs ctype <<<"${res:-000 0 -}"
        echo "GET $sub $code $secs ${ctype:--} $rc $started" >>"$out"
    done
}

wait_load() { local p; for p in "${LOAD_PIDS[@]}"; do wait "$p" || true; done; }

# Figures over the load files: REQ, ACKED (distinct acknowledged (sub,eventId)), S503, S500 (5xx other than
# 503), NOTPROBLEM (503s without problem+json), CONNFAIL (000), MAX503 (slowest 503, s), FOUND, MISSING.
analyse_load() {
    local all=$FAULT_WORK/$SCENARIO-all.txt
    cat "${LOAD_FILES[@]}" >"$all"
    REQ=$(wc -l <"$all")
    S503=$(awk '$3 == 503' "$all" | wc -l)
    S500=$(awk '$3 >= 500 && $3 != 503' "$all" | wc -l)
    NOTPROBLEM=$(awk '$3 >= 400 && $5 !~ /^application\/problem\+json/' "$all" | wc -l)
    CONNFAIL=$(awk '$3 == "000"' "$all" | wc -l)
    # Of those: refused (curl 7: nothing was sent) and cut (empty reply, reset, timeout: the call was in flight).
    REFUSED=$(awk '$3 == "000" && $6 == 7' "$all" | wc -l)
    CUT=$(awk '$3 == "000" && $6 != 7' "$all" | wc -l)
    MAX503=$(awk '$3 == 503 && $4 > m {m = $4} END {printf "%.2f", m + 0}' "$all")
    MAXALL=$(awk '$4 > m {m = $4} END {printf "%.2f", m + 0}' "$all")
    awk '$1 != "GET" && ($3 == 200 || $3 == 201) {print $2 " " $1}' "$all" | sort -u >"$FAULT_WORK/$SCENARIO-acked.txt"
    ACKED=$(wc -l <"$FAULT_WORK/$SCENARIO-acked.txt")
    sql -F ' ' -c "SELECT subscription_id, event_id FROM usage_record" | sort -u >"$FAULT_WORK/$SCENARIO-stored.txt"
    MISSING=$(comm -23 "$FAULT_WORK/$SCENARIO-acked.txt" "$FAULT_WORK/$SCENARIO-stored.txt" | wc -l)
    FOUND=$((ACKED - MISSING))
    OTHER=$(awk '{print $3}' "$all" | sort | uniq -c | tr '\n' ' ' | tr -s ' ')
    log "responses by status: $OTHER"
}

# --- Consistency queries: each returns one line per violation --------------------------------------------------
# Usage vs credit: per subscription sum(covered_by_credit) = sum(original - remaining) of its grants; no record
# whose parts do not add up; no duplicate (subscription, eventId).
RECONCILE_SQL="
SELECT 'credit mismatch ' || s.id || ' covered=' || coalesce(u.c, 0) || ' burnt=' || coalesce(g.b, 0)
  FROM subscription s
  LEFT JOIN (SELECT subscription_id, sum(covered_by_credit) c FROM usage_record GROUP BY 1) u ON u.subscription_id = s.id
  LEFT JOIN (SELECT subscription_id, sum(original_amount - remaining_amount) b FROM benefit_balance GROUP BY 1) g
         ON g.subscription_id = s.id
 WHERE coalesce(u.c, 0) <> coalesce(g.b, 0)
UNION ALL SELECT 'negative balance ' || id FROM benefit_balance WHERE remaining_amount < 0
UNION ALL SELECT 'parts do not add up ' || id FROM usage_record WHERE covered_by_credit + billable + not_charged <> cost
UNION ALL SELECT 'duplicate record ' || subscription_id || ' ' || event_id
  FROM usage_record GROUP BY subscription_id, event_id HAVING count(*) > 1
UNION ALL SELECT 'billable on a spending-limited subscription without upgrade ' || u.id
  FROM usage_record u JOIN subscription s ON s.id = u.subscription_id
 WHERE u.billable > 0 AND s.offer_id <> '$PAYG' AND s.pending_upgrade_request_id IS NULL"

# Upgrades: completed exactly once, nothing half-upgraded.
UPGRADE_SQL="
SELECT 'due request still pending ' || id FROM upgrade_request WHERE status = 'PENDING' AND due_at <= now()
UNION ALL SELECT 'request ' || r.id || ' has ' || count(e.id) || ' upgrade.completed events'
  FROM upgrade_request r
  LEFT JOIN event e ON e.type = 'upgrade.completed' AND e.data ->> 'upgradeRequestId' = r.id::text
 WHERE r.status = 'COMPLETED' GROUP BY r.id HAVING count(e.id) <> 1
UNION ALL SELECT 'upgrade.completed event for a request not completed ' || e.id
  FROM event e JOIN upgrade_request r ON r.id::text = e.data ->> 'upgradeRequestId'
 WHERE e.type = 'upgrade.completed' AND r.status <> 'COMPLETED'
UNION ALL SELECT 'half-upgraded (request completed) ' || s.id
  FROM upgrade_request r JOIN subscription s ON s.id = r.subscription_id
 WHERE r.status = 'COMPLETED'
   AND (s.offer_id <> r.target_offer_id OR s.spending_limit <> 'OFF' OR s.pending_upgrade_request_id IS NOT NULL
        OR s.state <> 'ACTIVE')
UNION ALL SELECT 'half-upgraded (request pending) ' || s.id
  FROM upgrade_request r JOIN subscription s ON s.id = r.subscription_id
 WHERE r.status = 'PENDING' AND (s.offer_id = r.target_offer_id OR s.pending_upgrade_request_id IS DISTINCT FROM r.id)
UNION ALL SELECT 'pending id points to a request not pending ' || s.id
  FROM subscription s JOIN upgrade_request r ON r.id = s.pending_upgrade_request_id WHERE r.status <> 'PENDING'
UNION ALL SELECT 'active credit on an upgraded subscription ' || b.id
  FROM benefit_balance b JOIN upgrade_request r ON r.subscription_id = b.subscription_id
 WHERE r.status = 'COMPLETED' AND b.status = 'ACTIVE'
UNION ALL SELECT 'more than one pending request ' || subscription_id
  FROM upgrade_request WHERE status = 'PENDING' GROUP BY subscription_id HAVING count(*) > 1"

# check_consistency <label> <sql>: prints violations, sets VIOLATIONS.
check_consistency() {
    local out
    out=$(sql -c "$2")
    VIOLATIONS=$(grep -c . <<<"$out" || true)
    if ((VIOLATIONS > 0)); then
        log "$1: $VIOLATIONS violations:"
        head -20 <<<"$out" >&2
    fi
}

# summary <scenario> <result> <figures...>
summary() {
    local name=$1 result=$2
    shift 2
    printf '| %s | %s | %s |\n' "$name" "$*" "$result" >>"$FAULT_SUMMARY"
    log "$result: $*"
}

# seed_due_upgrades <count> <mix>: <count> PENDING upgrade requests already due, written with SQL as the service would
# leave them. mix=exhausted: the Free Trial credit is used up (remaining 0, EXHAUSTED, due CREDIT_EXHAUSTED);
# mix=ended: the trial ended with credit left (ACTIVE, remaining = original, due TRIAL_ENDED), so usage/credit
# reconciliation still holds; mix=both alternates.
seed_due_upgrades() {
    local n=$1 mix=$2
    sql <<SQL
BEGIN;
CREATE TEMP TABLE seed AS
SELECT gen_random_uuid() AS sid, gen_random_uuid() AS rid, gen_random_uuid() AS bid, g,
       CASE WHEN '$mix' = 'exhausted' OR ('$mix' = 'both' AND g % 2 = 0) THEN true ELSE false END AS exhausted,
       'fault-seed-' || md5(random()::text) AS owner
  FROM generate_series(1, $n) g;
INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id, free_trial, state, spending_limit,
                          created_at, trial_ends_at, currency)
SELECT sid, owner, 'seeded ' || g, '$TRIAL', '$TRIAL', true, 'ACTIVE', 'ON', now() - interval '40 days',
       CASE WHEN exhausted THEN now() + interval '5 days' ELSE now() - interval '10 days' END, 'USD'
  FROM seed;
INSERT INTO benefit_balance (id, subscription_id, original_amount, remaining_amount, currency, granted_at, expires_at,
                             status, reason)
SELECT bid, sid, 200, CASE WHEN exhausted THEN 0 ELSE 200 END, 'USD', now() - interval '40 days',
       CASE WHEN exhausted THEN now() + interval '5 days' ELSE now() - interval '10 days' END,
       CASE WHEN exhausted THEN 'EXHAUSTED' ELSE 'ACTIVE' END, 'Free Trial credit'
  FROM seed;
INSERT INTO upgrade_request (id, subscription_id, from_offer_id, target_offer_id, status, requested_at, requested_by,
                             due_at, due_reason)
SELECT rid, sid, '$TRIAL', '$PAYG', 'PENDING', now() - interval '30 days', owner,
       CASE WHEN exhausted THEN now() - interval '1 hour' ELSE now() - interval '10 days' END,
       CASE WHEN exhausted THEN 'CREDIT_EXHAUSTED' ELSE 'TRIAL_ENDED' END
  FROM seed;
UPDATE subscription s SET pending_upgrade_request_id = seed.rid FROM seed WHERE s.id = seed.sid;
COMMIT;
SQL
}

completed_count() { sql -c "SELECT count(*) FROM upgrade_request WHERE status = 'COMPLETED'"; }
pending_due_count() { sql -c "SELECT count(*) FROM upgrade_request WHERE status = 'PENDING' AND due_at <= now()"; }

# wait_drained <seconds>: until no due request is PENDING.
wait_drained() {
    local t=0
    while (($(pending_due_count) > 0)); do
        ((t++ < $1 * 5)) || { log "still $(pending_due_count) due requests pending after $1 s"; return 1; }
        sleep 0.2
    done
}

# standalone <script>: a scenario run on its own gets its own cluster and cleans up.
standalone_setup() {
    trap cleanup EXIT
    trap 'exit 130' INT TERM
    ensure_jar
    pg_up
}
