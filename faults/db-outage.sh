#!/usr/bin/env bash
# (b) PostgreSQL stopped for OUTAGE seconds under steady load: fast 503 problem+json (never 500, never a hang
# beyond the acquisition timeout), readiness DOWN, recovery without restart, every acknowledged write stored.
#   faults/db-outage.sh [--short]
set -euo pipefail
[[ ${1:-} == --short ]] && SHORT=1
SCENARIO=dboutage
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
standalone_setup

OUTAGE=10
ACQ=2
if [[ $SHORT == 1 ]]; then BEFORE=4 AFTER=6 WORKERS=3; else BEFORE=15 AFTER=20 WORKERS=4; fi
new_db fault_outage
start_instance b QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=${ACQ}S
create_subscriptions b "$PAYG" 10 "$FAULT_WORK/$SCENARIO-subs.txt"

start_load "$WORKERS" $((BEFORE + OUTAGE + AFTER)) "$FAULT_WORK/$SCENARIO-subs.txt" 1.5 b
sleep "$BEFORE"
log "stopping the private PostgreSQL for $OUTAGE s"
pg_stop_server
down_at=$(date +%s)
sleep 3
ready_down=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$(url b)/q/health/ready")
ready_body=$(curl -s --max-time 10 "$(url b)/q/health/ready" | jq -c '[.status, (.checks[]?.status)]' 2>/dev/null || true)
log "readiness while down: $ready_down $ready_body"
left=$((down_at + OUTAGE - $(date +%s)))
((left > 0)) && sleep "$left"
pg_start_server
log "PostgreSQL back after $(($(date +%s) - down_at)) s"
recovered=no
for _ in $(seq 1 60); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$(url b)/q/health/ready") == 200 ]] && { recovered=yes; break; }
    sleep 0.5
done
wait_load
# A write after the outage, on the same instance (no restart).
post_after=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Authorization: Bearer $(token meter pipeline)" \
    -H 'Content-Type: application/json' -d '{"eventId":"after-outage","meterId":"vm-b1s-hour","quantity":"1"}' \
    "$(url b)/v1/subscriptions/$(head -1 "$FAULT_WORK/$SCENARIO-subs.txt")/usage")
analyse_load
check_consistency "usage" "$RECONCILE_SQL"
limit=$((ACQ + 3))
result=PASS
[[ $ready_down == 503 && $recovered == yes && $post_after == 201 ]] || result=FAIL
((S500 == 0 && NOTPROBLEM == 0 && MISSING == 0 && VIOLATIONS == 0 && S503 > 0)) || result=FAIL
awk -v m="$MAX503" -v l="$limit" 'BEGIN {exit !(m < l)}' || result=FAIL
summary "PostgreSQL down ${OUTAGE} s" "$result" \
    "$REQ requests, $S503 × 503 (all problem+json: $((NOTPROBLEM == 0))), slowest 503 ${MAX503} s (limit ${limit} s)," \
    "other 5xx $S500, connection failures $CONNFAIL; ready while down $ready_down, recovered $recovered, write after $post_after;" \
    "acknowledged $ACKED, found $FOUND, missing $MISSING, $VIOLATIONS inconsistencies"
[[ $result == PASS ]]
