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
FINALIZER_EVERY=off start_instance migrate
stop_instance migrate
log "seeding $N due PENDING upgrade requests"
seed_due "$N" both

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
[[ $result == PASS ]]
