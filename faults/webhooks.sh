#!/usr/bin/env bash
# (f) Webhook deliveries under faults, against a real receiver (faults/webhook-receiver.py, which records every POST):
#   1. kill -9 of the delivering instance during a burst (due upgrades finalized while deliveries go out), restart:
#      every delivery DELIVERED, each webhook-id received, duplicates at most the deliveries in flight at the kill;
#   2. the receiver down for 30 s (10 s with --short) with a short retry schedule while subscriptions produce events:
#      all delivered afterwards, none FAILED, each subscription's events received in event id order;
#   3. two delivering instances on one backlog: all delivered, no duplicates.
#                                                                            faults/webhooks.sh [--short]
set -euo pipefail
[[ ${1:-} == --short ]] && SHORT=1
SCENARIO=webhooks
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
standalone_setup
command -v python3 >/dev/null || die "python3 is needed for the webhook receiver"

if [[ $SHORT == 1 ]]; then
    N=${N:-3000} DOWN=${DOWN:-10} SUBS=${SUBS:-4} BACKLOG=${BACKLOG:-1500}
else
    N=${N:-20000} DOWN=${DOWN:-30} SUBS=${SUBS:-10} BACKLOG=${BACKLOG:-10000}
fi
# Prod mode refuses http:// and loopback endpoints: the receiver is both.
WH_ENV=(UPGRADES_WEBHOOKS_ALLOW_HTTP=true UPGRADES_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true UPGRADES_WEBHOOKS_EVERY=200ms
    QUARKUS_LOG_CATEGORY__IO_SUBUPGRADE_WEBHOOK__LEVEL=DEBUG)
ops=$(token operator ops)
overall=PASS

# --- the receiver -----------------------------------------------------------------------------------------------
RECV_PID=""
# start_receiver <port> <file>: listens until stop_receiver; appends one line per POST to <file>.
start_receiver() {
    python3 "$ROOT/faults/webhook-receiver.py" --port "$1" --out "$2" --fail-file "$FAULT_WORK/receiver-fail" \
        2>>"$FAULT_WORK/receiver.log" &
    RECV_PID=$!
    for _ in $(seq 1 100); do
        (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0
        kill -0 "$RECV_PID" 2>/dev/null || die "the receiver did not start: $(tail -3 "$FAULT_WORK/receiver.log")"
        sleep 0.1
    done
    die "the receiver did not listen on $1"
}
stop_receiver() {
    [[ -n $RECV_PID ]] || return 0
    kill "$RECV_PID" 2>/dev/null || true
    wait "$RECV_PID" 2>/dev/null || true
    RECV_PID=""
}
webhooks_cleanup() {
    local rc=$?
    stop_receiver
    set +e
    (exit $rc)
    cleanup
}
trap webhooks_cleanup EXIT

# register <instance> <receiver port>: an endpoint for every event type; sets ENDPOINT.
register() {
    ENDPOINT=$(curl -sf --max-time 20 -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' \
        -d "{\"url\":\"http://127.0.0.1:$2/hook\",\"eventTypes\":[\"*\"],\"description\":\"fault receiver\"}" \
        "$(url "$1")/v1/webhook-endpoints" | jq -r .id) || die "could not register the endpoint"
    [[ $ENDPOINT =~ ^[0-9a-f-]{36}$ ]] || die "no endpoint id: $ENDPOINT"
}

by_status() { sql -c "SELECT coalesce(string_agg(status || '=' || n, ' ' ORDER BY status), 'none')
                        FROM (SELECT status, count(*) n FROM webhook_delivery GROUP BY 1) s"; }
count_deliveries() { sql -c "SELECT count(*) FROM webhook_delivery${1:+ WHERE status = '$1'}"; }

# wait_all_delivered <seconds>: until every delivery is DELIVERED and no due upgrade waits (it would add events).
wait_all_delivered() {
    local t=0
    while (($(sql -c "SELECT (SELECT count(*) FROM webhook_delivery WHERE status <> 'DELIVERED')
                           + (SELECT count(*) FROM upgrade_request WHERE status = 'PENDING' AND due_at <= now())") > 0)); do
        ((t++ < $1 * 5)) || { log "not all delivered after $1 s: $(by_status)"; return 1; }
        sleep 0.2
    done
}

# receiver_figures <file>: RECEIVED (2xx answers), DISTINCT webhook-ids, DUP_IDS (ids answered 2xx more than once),
# DUP_EXTRA (the extra receipts), MISSING (deliveries whose webhook-id never got a 2xx), ORDER_BAD (subscriptions
# whose first receipts of their webhook-ids are not in increasing event id order), ORDER_SUBS (subscriptions seen).
receiver_figures() {
    local f=$1
    awk '$5 >= 200 && $5 < 300' "$f" >"$f.ok"
    RECEIVED=$(wc -l <"$f.ok")
    DISTINCT=$(awk '{print $2}' "$f.ok" | sort -u | wc -l)
    DUP_IDS=$(awk '{print $2}' "$f.ok" | sort | uniq -d | wc -l)
    DUP_EXTRA=$((RECEIVED - DISTINCT))
    sql -c "SELECT 'msg_' || id FROM webhook_delivery" | sort >"$f.expected"
    MISSING=$(comm -23 "$f.expected" <(awk '{print $2}' "$f.ok" | sort -u) | wc -l)
    # First arrival (any answer) of each webhook-id, by sequence; per subscription the event ids must increase.
    read -r ORDER_SUBS ORDER_BAD < <(sort -n -k1,1 "$f" | awk '$4 != "-" && !seen[$2]++ { print $4, $3 }' |
        awk '{ subs[$1] = 1; if (($1 in last) && $2 + 0 <= last[$1] + 0) bad[$1] = 1; last[$1] = $2 }
             END { printf "%d %d\n", length(subs), length(bad) }')
}

# scenario_start <database>: a fresh database, and a receiver on a free port ($RPORT) recording to $RECV.
scenario_start() {
    new_db "$1"
    RPORT=$(free_port)
    RECV=$FAULT_WORK/$SCENARIO-received.txt
    : >"$RECV"
    start_receiver "$RPORT" "$RECV"
}

# delivered_by <instance...>: deliveries each instance recorded as DELIVERED, from its debug log lines.
delivered_by() {
    local n
    for n in "$@"; do
        printf '%s=%s ' "$n" "$(grep -o 'Webhooks: [0-9]* delivered' "$FAULT_WORK/$n.log" | awk '{s += $2} END {print s + 0}')"
    done
}

# --- 1. kill -9 during a burst -----------------------------------------------------------------------------------
SCENARIO=wh-kill9
scenario_start fault_wh_kill
# A 2 s timeout: the lease of a killed instance's claims runs out after 2 s x ceil(2 x 200 / 32) + 5 s = 31 s.
KILL_ENV=("${WH_ENV[@]}" UPGRADES_WEBHOOKS_TIMEOUT=2s UPGRADES_FINALIZER_BATCH_SIZE=200)
FINALIZER_EVERY=1s start_instance wk1 "${KILL_ENV[@]}"
register wk1 "$RPORT"
log "seeding $N due upgrade requests: their finalization writes the burst of events"
seed_due_upgrades "$N" both
# Kill once deliveries flow (a tenth of the expected burst delivered), while most are still to go.
for _ in $(seq 1 600); do
    (($(count_deliveries DELIVERED) >= N / 10)) && break
    sleep 0.1
done
stop_instance wk1 KILL
# The dead instance's claims keep their leases: exactly the deliveries claimed but not recorded.
in_flight=$(sql -c "SELECT count(*) FROM webhook_delivery WHERE status = 'PENDING' AND leased_until > now()")
at_kill=$(by_status)
log "kill -9 with deliveries $at_kill; $in_flight in flight (leased, not recorded)"
FINALIZER_EVERY=1s start_instance wk2 "${KILL_ENV[@]}"
t0=$(date +%s)
wait_all_delivered $((SHORT == 1 ? 90 : 600)) || true
log "drained $(($(date +%s) - t0)) s after the restart: $(by_status)"
stop_instance wk2
total=$(count_deliveries)
delivered=$(count_deliveries DELIVERED)
receiver_figures "$RECV"
result=PASS
((total > 0 && delivered == total && MISSING == 0 && DUP_EXTRA <= in_flight && ORDER_BAD == 0)) || result=FAIL
[[ $result == PASS ]] || overall=FAIL
summary "webhooks: kill -9 during a burst" "$result" \
    "$total deliveries ($N upgrades finalized), killed at $at_kill with $in_flight in flight;" \
    "after restart DELIVERED $delivered of $total, never received $MISSING; receiver: $RECEIVED 2xx receipts," \
    "$DUP_IDS webhook-ids received twice or more ($DUP_EXTRA extra receipts, allowed <= $in_flight in flight);" \
    "order broken for $ORDER_BAD of $ORDER_SUBS subscriptions"
stop_receiver

# --- 2. the receiver down -------------------------------------------------------------------------------------------
SCENARIO=wh-down
scenario_start fault_wh_down
SCHEDULE=1s,2s,4s,8s,8s,8s,8s,8s
FINALIZER_EVERY=1s start_instance wd "${WH_ENV[@]}" UPGRADES_WEBHOOKS_RETRY_SCHEDULE=$SCHEDULE
register wd "$RPORT"
stop_receiver
down_at=$(date +%s)
log "receiver down for $DOWN s; $SUBS trials with pending upgrades burn their credit meanwhile"
subs=$FAULT_WORK/$SCENARIO-subs.txt
create_subscriptions wd "$TRIAL" "$SUBS" "$subs" upgrade
meter=$(token meter pipeline)
# 250 h of D2s v3 = 24 USD a call: 50/75/90 % thresholds, then exhausted at the 9th; the upgrade becomes due.
while read -r sub; do
    for i in $(seq 1 10); do
        curl -s -o /dev/null --max-time 20 -H "Authorization: Bearer $meter" -H 'Content-Type: application/json' \
            -d "{\"eventId\":\"wh-$i\",\"meterId\":\"vm-d2s-v3-hour\",\"quantity\":\"250\"}" \
            "$(url wd)/v1/subscriptions/$sub/usage"
    done
done <"$subs"
left=$((down_at + DOWN - $(date +%s)))
((left > 0)) && sleep "$left"
tried=$(sql -c "SELECT coalesce(sum(failed_attempts), 0) FROM webhook_delivery")
failed_down=$(count_deliveries FAILED)
down_for=$(($(date +%s) - down_at))
log "after $down_for s down: $(by_status), $tried failed attempts so far"
start_receiver "$RPORT" "$RECV"
up_at=$(date +%s)
wait_all_delivered 90 || true
drain_s=$(($(date +%s) - up_at))
stop_instance wd
total=$(count_deliveries)
delivered=$(count_deliveries DELIVERED)
per_sub=$(sql -c "SELECT min(n) || '-' || max(n) FROM (SELECT count(*) n FROM webhook_delivery
                   WHERE subscription_id IS NOT NULL GROUP BY subscription_id) s")
receiver_figures "$RECV"
result=PASS
((total > 0 && delivered == total && failed_down == 0 && tried > 0 && MISSING == 0 && ORDER_BAD == 0 \
    && ORDER_SUBS == SUBS && DUP_EXTRA == 0)) || result=FAIL
[[ $result == PASS ]] || overall=FAIL
summary "webhooks: receiver down ${down_for} s" "$result" \
    "$total deliveries for $SUBS subscriptions ($per_sub each), retry schedule $SCHEDULE; $tried failed attempts" \
    "while down, $failed_down FAILED; DELIVERED $delivered of $total ${drain_s} s after the receiver came back;" \
    "event id order kept for $((ORDER_SUBS - ORDER_BAD)) of $ORDER_SUBS subscriptions; duplicates $DUP_EXTRA"
stop_receiver

# --- 3. two instances on one backlog ----------------------------------------------------------------------------
SCENARIO=wh-two
scenario_start fault_wh_two
# The backlog: due upgrades finalized by an instance that does not deliver.
FINALIZER_EVERY=1s start_instance wgen "${WH_ENV[@]}" UPGRADES_WEBHOOKS_EVERY=off
register wgen "$RPORT"
seed_due_upgrades "$BACKLOG" both
wait_drained 120 || die "the backlog was not finalized"
# Both deliverers start before the endpoint is enabled, so neither gets a head start.
curl -sf -o /dev/null --max-time 20 -X PATCH -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' \
    -d '{"enabled":false}' "$(url wgen)/v1/webhook-endpoints/$ENDPOINT" || die "could not disable the endpoint"
stop_instance wgen
backlog=$(count_deliveries PENDING)
log "backlog of $backlog deliveries; two delivering instances"
ASYNC=1 start_instance wt1 "${WH_ENV[@]}"
ASYNC=1 start_instance wt2 "${WH_ENV[@]}"
wait_instances wt1 wt2
curl -sf -o /dev/null --max-time 20 -X PATCH -H "Authorization: Bearer $ops" -H 'Content-Type: application/json' \
    -d '{"enabled":true}' "$(url wt1)/v1/webhook-endpoints/$ENDPOINT" || die "could not enable the endpoint"
t0=$(date +%s%N)
wait_all_delivered 120 || true
secs=$(awk -v ns=$(($(date +%s%N) - t0)) 'BEGIN { printf "%.1f", ns / 1e9 }')
sleep 0.3 # the last pass's debug line
shares=$(delivered_by wt1 wt2)
stop_instance wt1
stop_instance wt2
total=$(count_deliveries)
delivered=$(count_deliveries DELIVERED)
receiver_figures "$RECV"
result=PASS
((total > 0 && delivered == total && MISSING == 0 && DUP_EXTRA == 0 && ORDER_BAD == 0)) || result=FAIL
[[ $result == PASS ]] || overall=FAIL
summary "webhooks: two instances, one backlog" "$result" \
    "$backlog deliveries in the backlog, DELIVERED $delivered of $total in $secs s; receiver: $RECEIVED 2xx receipts," \
    "duplicates $DUP_EXTRA, never received $MISSING; delivered per instance: ${shares% }; order broken for $ORDER_BAD" \
    "of $ORDER_SUBS subscriptions"
stop_receiver
[[ $overall == PASS ]]
