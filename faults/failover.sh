#!/usr/bin/env bash
# (i) PostgreSQL failover: a primary and a synchronous streaming standby (pg_basebackup, synchronous_standby_names),
# two finalizing instances on a multi-host JDBC URL (targetServerType=primary). Under usage load the primary is
# killed (kill -9 of the postmaster and its backends), the standby promoted 2 s later (pg_ctl promote, what a
# failover manager such as Patroni or CloudNativePG does). Passes when every failure is a 503 problem+json inside a
# bounded window, every acknowledged write is on the promoted server, the calls that failed, retried with their
# eventIds, are charged once, and the jobs resume on their own (due requests seeded after the failover are
# finalized by the same instances, without a restart).   faults/failover.sh [--short]
set -euo pipefail
[[ ${1:-} == --short ]] && SHORT=1
SCENARIO=failover
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PRIMARY_PORT=${FAILOVER_PRIMARY_PORT:-5497}
STANDBY_PORT=${FAILOVER_STANDBY_PORT:-5498}
PRIMARY_DATA=/tmp/faultpg-primary-$$
STANDBY_DATA=/tmp/faultpg-standby-$$
if [[ $SHORT == 1 ]]; then BEFORE=6 AFTER=8 WORKERS=4 N=400; else BEFORE=20 AFTER=30 WORKERS=6 N=4000; fi
# The window of failures allowed: the kill, 2 s until promotion, the driver's 2 s host recheck, the pool's 2 s
# acquisition timeout, and slack for a busy two-core machine.
MAX_WINDOW=${MAX_WINDOW:-20}

cluster_start() { # cluster_start <data> <port> [extra -o options]
    as_postgres "$PG_BIN/pg_ctl" -D "$1" -l "$1/server.log" -w -t 60 \
        -o "-p $2 -k /tmp -h 127.0.0.1 -c max_connections=200 -c fsync=off -c wal_level=replica ${3:-}" start >/dev/null \
        || die "PostgreSQL in $1 did not start: $(tail -5 "$1/server.log")"
}
# Both clusters go, whatever state they are in (lib.sh's cleanup calls this, then stops the instances).
extra_cleanup() {
    stop_all_instances
    for d in "$PRIMARY_DATA" "$STANDBY_DATA"; do
        [[ -f $d/postmaster.pid ]] && as_postgres "$PG_BIN/pg_ctl" -D "$d" -m immediate -w -t 30 stop >/dev/null 2>&1
        rm -rf "$d"
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
ensure_jar
for p in "$PRIMARY_PORT" "$STANDBY_PORT"; do
    pg_isready -q -h 127.0.0.1 -p "$p" && die "port $p is already in use; set FAILOVER_PRIMARY_PORT/FAILOVER_STANDBY_PORT"
done

log "primary: initdb $PRIMARY_DATA (port $PRIMARY_PORT)"
as_postgres "$PG_BIN/initdb" -D "$PRIMARY_DATA" -U postgres --auth=trust -E UTF8 >"$FAULT_WORK/initdb.log" 2>&1 \
    || die "initdb failed: $(tail -5 "$FAULT_WORK/initdb.log")"
cluster_start "$PRIMARY_DATA" "$PRIMARY_PORT"
FAULT_PG_PORT=$PRIMARY_PORT
new_db fault_failover
log "standby: pg_basebackup into $STANDBY_DATA (port $STANDBY_PORT)"
as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$STANDBY_DATA" -X stream -R -c fast \
    >"$FAULT_WORK/basebackup.log" 2>&1 || die "pg_basebackup failed: $(tail -5 "$FAULT_WORK/basebackup.log")"
# -R wrote standby.signal and a primary_conninfo; this later line names the standby, which the primary's
# synchronous_standby_names refers to.
echo "primary_conninfo = 'host=127.0.0.1 port=$PRIMARY_PORT user=postgres application_name=standby1'" \
    | as_postgres tee -a "$STANDBY_DATA/postgresql.auto.conf" >/dev/null
cluster_start "$STANDBY_DATA" "$STANDBY_PORT"
# Set on the primary only after the base backup, so the promoted standby does not wait for a standby it lacks.
psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -q \
    -c "ALTER SYSTEM SET synchronous_standby_names = 'standby1'" -c "SELECT pg_reload_conf()" >/dev/null
for _ in $(seq 1 60); do
    sync_state=$(psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -Atq \
        -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'standby1'")
    [[ $sync_state == sync ]] && break
    sleep 0.5
done
[[ $sync_state == sync ]] || die "the standby is not synchronous (sync_state '$sync_state')"
log "standby1 streaming, sync_state=$sync_state"

JDBC_URL="jdbc:postgresql://127.0.0.1:$PRIMARY_PORT,127.0.0.1:$STANDBY_PORT/fault_failover?targetServerType=primary&hostRecheckSeconds=2&connectTimeout=2"
export FINALIZER_EVERY=1s
for n in f1 f2; do
    ASYNC=1 start_instance "$n" QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=2S UPGRADES_FINALIZER_BATCH_SIZE=50
done
wait_instances f1 f2
subs=$FAULT_WORK/$SCENARIO-subs.txt
create_subscriptions f1 "$TRIAL" 6 "$subs.upg" upgrade
create_subscriptions f2 "$TRIAL" 6 "$subs.trial"
create_subscriptions f1 "$PAYG" 3 "$subs.payg"
cat "$subs".* >"$subs"
log "seeding $N due upgrade requests"
seed_due_upgrades "$N" ended
# 2 h of D2s v3 = 0.192 USD per call: no credit runs out, so every call is expected to succeed but in the window.
start_load "$WORKERS" $((BEFORE + AFTER + 10)) "$subs" 2 f1 f2
sleep "$BEFORE"

postmaster=$(head -n 1 "$PRIMARY_DATA/postmaster.pid")
backends=$(pgrep -P "$postmaster" | tr '\n' ' ')
t_kill=$EPOCHREALTIME
kill -9 "$postmaster" $backends
log "primary killed (postmaster $postmaster and its $(wc -w <<<"$backends") children)"
sleep 2
as_postgres "$PG_BIN/pg_ctl" -D "$STANDBY_DATA" -w -t 60 promote >/dev/null || die "promotion failed"
t_promoted=$EPOCHREALTIME
FAULT_PG_PORT=$STANDBY_PORT
log "standby promoted"
sleep "$AFTER"
# The jobs resume by themselves: new due requests on the promoted server get finalized by the same instances.
completed_before=$(completed_count)
seed_due_upgrades "$N" ended
wait_drained 90 || true
wait_load
ready=$(for n in f1 f2; do curl -s -o /dev/null -w '%{http_code} ' --max-time 5 "$(url "$n")/q/health/ready"; done)
analyse_load
all=$FAULT_WORK/$SCENARIO-all.txt
# Failures (anything but 200/201): their first start and last end relative to the kill.
window=$(awk -v k="$t_kill" '$3 != 200 && $3 != 201 {s = $7 - k; e = $7 + $4 - k; if (n++ == 0 || s < a) a = s; if (e > b) b = e}
    END {if (n) printf "%d failures from %.1f s to %.1f s after the kill (%.1f s)", n, a, b, b - a; else print "no failures"}' "$all")
window_len=$(awk -v k="$t_kill" '$3 != 200 && $3 != 201 {s = $7 - k; e = $7 + $4 - k; if (n++ == 0 || s < a) a = s; if (e > b) b = e}
    END {printf "%d", n ? b - a + 0.999 : 0}' "$all")
other=$(awk '$3 != 200 && $3 != 201 && $3 != 503' "$all" | wc -l)
# A failed call has an unknown outcome; the caller retries with the same eventId: a replay (200) if the first
# attempt committed, a first write (201) otherwise, never a second charge (the reconciliation below).
tok=$(token meter pipeline)
retried=$(awk '$3 != 200 && $3 != 201 {print $2, $1}' "$all" | sort -u | while read -r sub ev; do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
        -d "{\"eventId\":\"$ev\",\"meterId\":\"vm-d2s-v3-hour\",\"quantity\":\"2\"}" "$(url f1)/v1/subscriptions/$sub/usage"
done | sort | uniq -c | awk '{printf "%s×%s ", $1, $2}')
completed_after=$(completed_count)
per_instance=$(for n in f1 f2; do
    printf '%s=%s ' "$n" "$(grep -o 'Upgrade jobs: [0-9]* finalized' "$FAULT_WORK/$n.log" | awk '{s += $3} END {print s + 0}')"
done)
stop_all_instances
check_consistency "usage" "$RECONCILE_SQL"
v1=$VIOLATIONS
check_consistency "upgrades" "$UPGRADE_SQL"
VIOLATIONS=$((v1 + VIOLATIONS))
events=$(sql -c "SELECT count(*) FROM event WHERE type = 'upgrade.completed'")
promote_secs=$(awk -v k="$t_kill" -v p="$t_promoted" 'BEGIN {printf "%.1f", p - k}')
result=PASS
((other == 0 && NOTPROBLEM == 0 && MISSING == 0 && VIOLATIONS == 0)) || result=FAIL
((window_len <= MAX_WINDOW && completed_after == 2 * N && events == completed_after)) || result=FAIL
[[ $ready == "200 200 " ]] || result=FAIL
grep -Eq '×(5[0-9][0-9]|000)' <<<"$retried" && result=FAIL
summary "PostgreSQL failover to a synchronous standby" "$result" \
    "$REQ writes to 2 instances on a multi-host URL; primary killed, standby promoted after $promote_secs s;" \
    "$window (allowed $MAX_WINDOW s), all 503 problem+json: $( ((other == 0 && NOTPROBLEM == 0)) && echo yes || echo no), the $(awk '$3 != 200 && $3 != 201 {print $2, $1}' "$all" | sort -u | wc -l) distinct eventIds retried: ${retried:-none};" \
    "acknowledged $ACKED, found on the promoted server $FOUND, missing $MISSING; upgrades completed $completed_before before" \
    "the second seeding, $completed_after of $((2 * N)) after (per instance: $per_instance), $events events; ready after: $ready; $VIOLATIONS inconsistencies"
[[ $result == PASS ]]
