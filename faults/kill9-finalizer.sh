#!/usr/bin/env bash
# (a) kill -9 of an instance in the middle of finalizing N due upgrades, restart, wait until drained:
# every request COMPLETED exactly once, nothing half-upgraded.   faults/kill9-finalizer.sh [--short]
set -euo pipefail
[[ ${1:-} == --short ]] && SHORT=1
SCENARIO=kill9
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
standalone_setup

if [[ $SHORT == 1 ]]; then N=${N:-3000} BATCH=${BATCH:-50}; else N=${N:-100000} BATCH=${BATCH:-500}; fi
new_db fault_kill9
# The first start migrates the schema; it runs as production does (no sandbox): the clock endpoints are absent.
FINALIZER_EVERY=off start_instance migrate UPGRADES_SANDBOX_ENABLED=false
ops=$(token operator ops)
sandbox_get=$(curl -s -o "$FAULT_WORK/sandbox.json" -w '%{http_code} %{content_type}' --max-time 20 \
    -H "Authorization: Bearer $ops" "$(url migrate)/v1/sandbox/clock")
sandbox_post=$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 -H "Authorization: Bearer $ops" \
    -H 'Content-Type: application/json' -d '{"duration":"P30D"}' "$(url migrate)/v1/sandbox/clock/advance")
stop_instance migrate
sandbox_result=PASS
[[ $sandbox_get == "404 application/problem+json"* && $sandbox_post == 404 ]] || sandbox_result=FAIL
summary "prod mode: sandbox absent" "$sandbox_result" \
    "GET /v1/sandbox/clock -> $sandbox_get, POST /v1/sandbox/clock/advance -> $sandbox_post (operator token)"
log "seeding $N due PENDING upgrade requests"
seed_due_upgrades "$N" both

FINALIZER_EVERY=1s start_instance a UPGRADES_FINALIZER_BATCH_SIZE="$BATCH"
# Kill as soon as the first batches have committed, while the finalizer is still going.
for _ in $(seq 1 600); do
    done_now=$(completed_count)
    ((done_now >= BATCH)) && break
    sleep 0.1
done
stop_instance a KILL
at_kill=$(completed_count)
log "kill -9 with $at_kill of $N completed"
((at_kill < N)) || die "the finalizer finished before the kill; raise N"

FINALIZER_EVERY=1s start_instance a2 UPGRADES_FINALIZER_BATCH_SIZE="$BATCH"
wait_drained $((SHORT == 1 ? 90 : 900)) || true
stop_instance a2
completed=$(completed_count)
events=$(sql -c "SELECT count(*) FROM event WHERE type = 'upgrade.completed'")
check_consistency "upgrades" "$UPGRADE_SQL"
result=PASS
((completed == N && events == N && VIOLATIONS == 0)) || result=FAIL
summary "kill -9 mid-finalization" "$result" \
    "N=$N due requests, batch $BATCH; killed at $at_kill completed; after restart $completed COMPLETED," \
    "$events upgrade.completed events (duplicates $((events - completed))), $VIOLATIONS inconsistencies"
[[ $result == PASS && $sandbox_result == PASS ]]
