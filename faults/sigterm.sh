#!/usr/bin/env bash
# (d) SIGTERM under load: in-flight calls finish or fail cleanly (no 500), nothing half-written: every
# acknowledged write is stored and usage reconciles with the credit grants.   faults/sigterm.sh [--short]
set -euo pipefail
[[ ${1:-} == --short ]] && SHORT=1
SCENARIO=sigterm
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
standalone_setup

if [[ $SHORT == 1 ]]; then BEFORE=5 WORKERS=4; else BEFORE=20 WORKERS=6; fi
new_db fault_sigterm
start_instance d
subs=$FAULT_WORK/$SCENARIO-subs.txt
# Free Trials (credit burns down; half of them with a pending upgrade) and Pay-As-You-Go.
create_subscriptions d "$TRIAL" 4 "$subs.trial"
create_subscriptions d "$TRIAL" 4 "$subs.upg" upgrade
create_subscriptions d "$PAYG" 2 "$subs.payg"
cat "$subs".* >"$subs"
start_load "$WORKERS" $((BEFORE + 8)) "$subs" 37.5 d
sleep "$BEFORE"
log "SIGTERM"
t0=$(date +%s.%N)
kill -TERM "${PID_OF[d]}"
rc=0
wait "${PID_OF[d]}" || rc=$?
stop_secs=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
unset "PID_OF[d]"
log "instance exited with $rc after $stop_secs s"
wait_load
analyse_load
check_consistency "usage" "$RECONCILE_SQL"
v1=$VIOLATIONS
# The finalizer is off here, so requests made due by usage legitimately stay PENDING: count the rest.
upgrade_violations=$(sql -c "$UPGRADE_SQL" | grep -v '^due request still pending' | grep -c . || true)
VIOLATIONS=$((v1 + upgrade_violations))
result=PASS
((S500 == 0 && NOTPROBLEM == 0 && MISSING == 0 && VIOLATIONS == 0 && CUT == 0)) || result=FAIL
summary "SIGTERM under load" "$result" \
    "$REQ requests, exit code $rc after ${stop_secs} s; connections refused after shutdown $REFUSED, in-flight calls cut $CUT, 503 $S503, other 5xx $S500;" \
    "acknowledged $ACKED, found $FOUND, missing $MISSING, $VIOLATIONS inconsistencies"
[[ $result == PASS ]]
