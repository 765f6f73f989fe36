#!/usr/bin/env bash
# (h) Rolling restart behind HAProxy: three finalizing instances behind Debian's HAProxy, which health-checks
# /q/health/ready every 500 ms and takes a server out after one failed check; under mixed load (usage writes,
# every fifth replayed, and subscription reads, all through HAProxy) each instance in turn gets SIGTERM, shuts
# down gracefully (readiness DOWN at once, still serving for the shutdown delay, then in-flight requests finish)
# and is started again on its port. Passes with 0 failed requests, HAProxy seeing each instance down before it
# stopped serving, every acknowledged write stored once and the jobs' work complete.
#   faults/rolling-restart.sh [--short]
set -euo pipefail
[[ ${1:-} == --short ]] && SHORT=1
SCENARIO=rolling
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
standalone_setup
command -v haproxy >/dev/null || {
    log "installing Debian's haproxy"
    apt-get install -y -qq haproxy >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq haproxy >/dev/null; }
}

if [[ $SHORT == 1 ]]; then WRITERS=3 READERS=2 N=600 PAUSE=3; else WRITERS=4 READERS=3 N=5000 PAUSE=10; fi
new_db fault_rolling
export SHUTDOWN_DELAY=${SHUTDOWN_DELAY:-3S} # 0S shows what the delay is for
export FINALIZER_EVERY=1s
declare -A FIXED_PORT
for n in r1 r2 r3; do
    FIXED_PORT[$n]=$(free_port)
    ASYNC=1 INSTANCE_PORT=${FIXED_PORT[$n]} start_instance "$n" QUARKUS_SHUTDOWN_TIMEOUT=15S UPGRADES_FINALIZER_BATCH_SIZE=50
done
wait_instances r1 r2 r3

lb_port=$(free_port)
stats_port=$(free_port)
cfg=$FAULT_WORK/haproxy.cfg
cat >"$cfg" <<CFG
global
    maxconn 2000
defaults
    mode http
    timeout connect 2s
    timeout client 35s
    timeout server 35s
    # Only a connection that failed before anything was sent is retried elsewhere (HAProxy's default retry-on):
    # a POST that reached an instance is never sent twice by the load balancer.
    retries 3
    option redispatch
frontend api
    bind 127.0.0.1:$lb_port
    default_backend service
backend service
    balance roundrobin
    option httpchk GET /q/health/ready
    http-check expect status 200
    default-server inter 500ms fastinter 250ms downinter 500ms fall 1 rise 2
    server r1 127.0.0.1:${FIXED_PORT[r1]} check
    server r2 127.0.0.1:${FIXED_PORT[r2]} check
    server r3 127.0.0.1:${FIXED_PORT[r3]} check
listen stats
    bind 127.0.0.1:$stats_port
    stats enable
    stats uri /stats
CFG
haproxy -f "$cfg" -db >"$FAULT_WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
extra_cleanup() { kill "$HAPROXY_PID" 2>/dev/null; }

# server_status <name>: UP, DOWN, "UP 1/2" (rising) ... from HAProxy's CSV statistics (field 18).
server_status() {
    curl -s --max-time 2 "http://127.0.0.1:$stats_port/stats;csv" | awk -F, -v s="$1" '$1 == "service" && $2 == s {print $18}'
}
wait_status() { # wait_status <name> <status> <seconds>
    local t=0
    until [[ $(server_status "$1") == "$2" ]]; do
        ((t++ < $3 * 10)) || return 1
        sleep 0.1
    done
}
for n in r1 r2 r3; do wait_status "$n" UP 30 || die "HAProxy does not see $n UP"; done
# load_worker and url reach an instance by its name in SERVICE_PORTS: HAProxy gets one too.
SERVICE_PORTS[lb]=$lb_port
log "HAProxy on $lb_port in front of r1..r3 (${FIXED_PORT[r1]} ${FIXED_PORT[r2]} ${FIXED_PORT[r3]}), all UP"

subs=$FAULT_WORK/$SCENARIO-subs.txt
create_subscriptions lb "$TRIAL" 6 "$subs.upg" upgrade
create_subscriptions lb "$TRIAL" 6 "$subs.trial"
create_subscriptions lb "$PAYG" 3 "$subs.payg"
cat "$subs".* >"$subs"
export LOAD_STOP=$FAULT_WORK/$SCENARIO-stop
# 2 h of D2s v3 = 0.192 USD per call: no credit runs out, so every write is expected to succeed (200 or 201).
start_load "$WRITERS" 600 "$subs" 2 lb
read_files=()
for ((w = 0; w < READERS; w++)); do
    f=$FAULT_WORK/$SCENARIO-read-$w.txt
    : >"$f"
    read_worker "$f" $(($(date +%s) + 600)) "$subs" lb &
    LOAD_PIDS+=($!)
    read_files+=("$f")
done
log "seeding $N due upgrade requests for the three finalizers"
seed_due_upgrades "$N" ended

restarts=""
readiness_first=0
for n in r1 r2 r3; do
    sleep "$PAUSE"
    pid=${SERVICE_PIDS[$n]}
    t0=$EPOCHREALTIME
    kill -TERM "$pid"
    down_at="" exit_at=""
    # Poll every 50 ms: when HAProxy marks the server DOWN, and when the process exits.
    while :; do
        now=$EPOCHREALTIME
        if [[ -z $down_at && $(server_status "$n") == DOWN* ]]; then
            down_at=$now
            kill -0 "$pid" 2>/dev/null && readiness_first=$((readiness_first + 1))
        fi
        if ! kill -0 "$pid" 2>/dev/null; then exit_at=$now; break; fi
        sleep 0.05
    done
    wait "$pid" 2>/dev/null || true
    unset "SERVICE_PIDS[$n]"
    [[ -n $down_at ]] || down_at=$exit_at
    INSTANCE_PORT=${FIXED_PORT[$n]} start_instance "$n" QUARKUS_SHUTDOWN_TIMEOUT=15S UPGRADES_FINALIZER_BATCH_SIZE=50
    wait_status "$n" UP 30 || die "HAProxy does not see $n UP again"
    back_at=$EPOCHREALTIME
    fig=$(awk -v t0="$t0" -v d="$down_at" -v e="$exit_at" -v b="$back_at" \
        'BEGIN {printf "down after %.1f s, exited after %.1f s, back after %.1f s", d - t0, e - t0, b - t0}')
    log "$n: $fig"
    restarts+="$n $fig; "
done
sleep "$PAUSE"
touch "$LOAD_STOP"
wait_load
wait_drained 120 || true
stop_all_instances
analyse_load
reads=$(cat "${read_files[@]}" | wc -l)
read_failed=$(cat "${read_files[@]}" | awk '$3 != 200' | wc -l)
write_failed=$(awk '$3 != 200 && $3 != 201' "$FAULT_WORK/$SCENARIO-all.txt" | wc -l)
check_consistency "usage" "$RECONCILE_SQL"
v1=$VIOLATIONS
check_consistency "upgrades" "$UPGRADE_SQL"
VIOLATIONS=$((v1 + VIOLATIONS))
completed=$(completed_count)
events=$(sql -c "SELECT count(*) FROM event WHERE type = 'upgrade.completed'")
per_instance=$(for n in r1 r2 r3; do
    printf '%s=%s ' "$n" "$(grep -o 'Upgrade jobs: [0-9]* finalized' "$FAULT_WORK/$n.log" | awk '{s += $3} END {print s + 0}')"
done)
result=PASS
((write_failed == 0 && read_failed == 0 && MISSING == 0 && VIOLATIONS == 0 && completed == events)) || result=FAIL
((readiness_first == 3)) || result=FAIL
summary "rolling restart behind HAProxy" "$result" \
    "$REQ writes + $reads reads through HAProxy, failed $((write_failed + read_failed)) (writes $write_failed, reads $read_failed);" \
    "${restarts}HAProxy saw readiness down before exit $readiness_first/3;" \
    "acknowledged $ACKED, found $FOUND, missing $MISSING; $completed upgrades completed ($events events, per instance: $per_instance); $VIOLATIONS inconsistencies"
[[ $result == PASS ]]
