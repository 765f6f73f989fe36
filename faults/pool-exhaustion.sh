#!/usr/bin/env bash
# (c) Connection pool exhausted (max 2 connections, 1 s acquisition timeout): a psql session locks two
# subscriptions so that two usage calls hold both connections; a flood of concurrent calls on other
# subscriptions must get 503 problem+json within a bounded time (no pile-up), and everything recovers.
#   faults/pool-exhaustion.sh [--short]
set -euo pipefail
[[ ${1:-} == --short ]] && SHORT=1
SCENARIO=pool
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
standalone_setup

HOLD=8
if [[ $SHORT == 1 ]]; then FLOOD=40; else FLOOD=200; fi
new_db fault_pool
start_instance c QUARKUS_DATASOURCE_JDBC_MAX_SIZE=2 QUARKUS_DATASOURCE_JDBC_ACQUISITION_TIMEOUT=1S
subs=$FAULT_WORK/$SCENARIO-subs.txt
create_subscriptions c "$PAYG" 6 "$subs"
mapfile -t S <"$subs"
tok=$(token meter pipeline)
post() { # post <sub> <eventId> <out>
    curl -s -o /dev/null -w "$2 $1 %{http_code} %{time_total} %{content_type} 0\n" --max-time 60 \
        -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
        -d "{\"eventId\":\"$2\",\"meterId\":\"vm-b1s-hour\",\"quantity\":\"1\"}" \
        "$(url c)/v1/subscriptions/$1/usage" >>"$3" || true
}

# Hold row locks on two subscriptions for HOLD seconds from outside the service.
sql -c "BEGIN; SELECT id FROM subscription WHERE id IN ('${S[0]}', '${S[1]}') FOR UPDATE; SELECT pg_sleep($HOLD); COMMIT;" \
    >/dev/null &
locker=$!
sleep 1
held=$FAULT_WORK/$SCENARIO-held.txt flood=$FAULT_WORK/$SCENARIO-flood.txt
: >"$held"; : >"$flood"
post "${S[0]}" held-0 "$held" & h0=$!
post "${S[1]}" held-1 "$held" & h1=$!
sleep 1.5
start=$(date +%s.%N)
pids=()
for ((i = 0; i < FLOOD; i++)); do
    post "${S[2 + i % 4]}" "flood-$i" "$flood" &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
flood_secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
wait "$locker" "$h0" "$h1" || true
after=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Authorization: Bearer $tok" -H 'Content-Type: application/json' \
    -d '{"eventId":"after-flood","meterId":"vm-b1s-hour","quantity":"1"}' "$(url c)/v1/subscriptions/${S[2]}/usage")

LOAD_FILES=("$held" "$flood")
analyse_load
check_consistency "usage" "$RECONCILE_SQL"
held_ok=$(awk '$3 == 201' "$held" | wc -l)
limit=6
result=PASS
((S500 == 0 && NOTPROBLEM == 0 && MISSING == 0 && VIOLATIONS == 0 && S503 > 0 && held_ok == 2)) || result=FAIL
[[ $after == 201 ]] || result=FAIL
awk -v m="$MAX503" -v l="$limit" 'BEGIN {exit !(m < l)}' || result=FAIL
summary "pool exhausted (2 connections, 1 s)" "$result" \
    "$FLOOD concurrent calls while both connections are held ${HOLD} s: $S503 × 503 problem+json, slowest 503 ${MAX503} s" \
    "(limit ${limit} s), flood done in ${flood_secs} s, other 5xx $S500; held calls completed $held_ok/2; write after $after;" \
    "acknowledged $ACKED, found $FOUND, missing $MISSING, $VIOLATIONS inconsistencies"
[[ $result == PASS ]]
