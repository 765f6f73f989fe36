#!/usr/bin/env bash
# (e) Two, then three instances finalizing and ingesting concurrently on one database: due requests seeded
# with SQL plus trials whose pending upgrades become due as usage burns their credit; every eventId is
# replayed once on another instance. Afterwards totals and balances reconcile exactly, each request is
# completed exactly once, every acknowledged write is stored once.   faults/multi-instance.sh [--short]
set -euo pipefail
[[ ${1:-} == --short ]] && SHORT=1
SCENARIO=multi
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
standalone_setup

if [[ $SHORT == 1 ]]; then N=${N:-2000} SECS=14 WORKERS=4 TRIALS=6; else N=${N:-20000} SECS=60 WORKERS=6 TRIALS=20; fi
new_db fault_multi
ASYNC=1 FINALIZER_EVERY=1s start_instance e1 UPGRADES_FINALIZER_BATCH_SIZE=50
ASYNC=1 FINALIZER_EVERY=1s start_instance e2 UPGRADES_FINALIZER_BATCH_SIZE=50
wait_instances e1 e2
subs=$FAULT_WORK/$SCENARIO-subs.txt
create_subscriptions e1 "$TRIAL" "$TRIALS" "$subs.upg" upgrade
create_subscriptions e2 "$TRIAL" $((TRIALS / 2)) "$subs.trial"
create_subscriptions e1 "$PAYG" 2 "$subs.payg"
cat "$subs".* >"$subs"
# 250 h of D2s v3 = 24.00 USD per call: a 200 USD credit runs out after 9 calls (then billable or disabled).
start_load "$WORKERS" "$SECS" "$subs" 250 e1 e2
log "seeding $((N / 2)) due requests while two instances finalize and ingest"
seed_due_upgrades $((N / 2)) ended
log "third instance joins"
FINALIZER_EVERY=1s start_instance e3 UPGRADES_FINALIZER_BATCH_SIZE=50
first_pids=("${LOAD_PIDS[@]}") first_files=("${LOAD_FILES[@]}")
# New workers include the third instance; more due requests for the three.
SCENARIO=multi3 start_load 2 "$SECS" "$subs" 250 e1 e2 e3
log "seeding $((N / 2)) more due requests for three instances"
seed_due_upgrades $((N / 2)) ended
wait_load
LOAD_PIDS=("${first_pids[@]}")
wait_load
LOAD_FILES+=("${first_files[@]}")
wait_drained 120 || true
# Who completed what: the completions per instance from the logs.
per_instance=$(for n in e1 e2 e3; do
    printf '%s=%s ' "$n" "$(grep -o 'Upgrade jobs: [0-9]* finalized' "$FAULT_WORK/$n.log" | awk '{s += $3} END {print s + 0}')"
done)
stop_all_instances
analyse_load
replays=$(awk '{print $1}' "$FAULT_WORK/$SCENARIO-all.txt" | sort | uniq -d | wc -l)
check_consistency "usage" "$RECONCILE_SQL"
v1=$VIOLATIONS
check_consistency "upgrades" "$UPGRADE_SQL"
VIOLATIONS=$((v1 + VIOLATIONS))
completed=$(completed_count)
events=$(sql -c "SELECT count(*) FROM event WHERE type = 'upgrade.completed'")
requests=$(sql -c "SELECT count(*) FROM upgrade_request")
totals=$(sql -F ' ' -c "SELECT count(*), sum(cost), sum(covered_by_credit), sum(billable), sum(not_charged) FROM usage_record")
burnt=$(sql -c "SELECT sum(original_amount - remaining_amount) FROM benefit_balance")
result=PASS
((S500 == 0 && NOTPROBLEM == 0 && MISSING == 0 && VIOLATIONS == 0 && completed == events)) || result=FAIL
summary "2 then 3 instances" "$result" \
    "$REQ calls ($replays eventIds replayed on another instance), acknowledged $ACKED, found $FOUND, missing $MISSING;" \
    "records/cost/credit/billable/notCharged = $totals, credit burnt $burnt; $requests requests, $completed COMPLETED," \
    "$events upgrade.completed events (duplicates $((events - completed))), finalized per instance: $per_instance; $VIOLATIONS inconsistencies"
[[ $result == PASS ]]
