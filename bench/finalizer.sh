# Sourced by run.sh once the service has the finalization job: drains $UPGRADES due upgrade requests with one
# instance, then the same SQL raw (pgbench, one client, batches of $BATCH_SIZE), then two instances at once,
# and checks that every request was completed exactly once. Each run gets its own freshly seeded set.
# seed_due_upgrade_set SET: $UPGRADES due upgrade requests as finalizer set SET (bench/sql/upgrades.sql, the ids
# bench.sub_id(SET, n) that check_set counts); the fault scripts' seed_due_upgrades (faults/lib.sh) has random ids.
seed_due_upgrade_set() { psql -X -q -v ON_ERROR_STOP=1 -v set="$1" -v count="$UPGRADES" -f "$BENCH/sql/upgrades.sql"; }
# check_set SET: "<COMPLETED requests> <upgrade.completed events> <subscriptions with more than one such event>"
check_set() {
    q "WITH ev AS (SELECT subscription_id, count(*) AS n FROM event WHERE type = 'upgrade.completed'
                     AND subscription_id BETWEEN bench.sub_id($1, 1) AND bench.sub_id($1, $UPGRADES) GROUP BY 1)
       SELECT (SELECT count(*) FROM upgrade_request WHERE status = 'COMPLETED'
                 AND id BETWEEN bench.sub_id(48 + $1, 1) AND bench.sub_id(48 + $1, $UPGRADES)),
              (SELECT coalesce(sum(n), 0) FROM ev), (SELECT count(*) FROM ev WHERE n > 1)" | tr '|' ' '
}

# One instance, the job endpoint called until nothing is left.
seed_due_upgrade_set 1
t0=$(now_ms)
done1=$(finalize "$PORT")
t1=$(now_ms)
F1_RATE=$(awk -v n="$UPGRADES" -v ms=$((t1 - t0)) 'BEGIN { printf "%.0f", n * 1000 / ms }')
read -r c1 e1 d1 < <(check_set 1)
log "finalizer, 1 instance: $done1 finalized in $((t1 - t0)) ms ($F1_RATE/s); completed $c1, events $e1, duplicates $d1"

# raw_finalize SET NAME: seeds set SET's due requests and drains them with bench/pgbench/NAME.sql, one client, batch
# by batch; sets RAW_RATE (requests/s) and RAW_MS.
raw_finalize() {
    seed_due_upgrade_set "$1"
    local t0
    t0=$(now_ms)
    (cd "$WORK" && "${LOAD_PIN[@]}" pgbench -n -M prepared -c 1 -t $((UPGRADES / BATCH_SIZE + 1)) -D batch=$BATCH_SIZE \
        -f "$BENCH/pgbench/$2.sql" >"$WORK/pg-$2.pgbench" 2>&1) || {
        cat "$WORK/pg-$2.pgbench" >&2
        exit 1
    }
    RAW_MS=$(($(now_ms) - t0))
    RAW_RATE=$(awk -v n="$UPGRADES" -v ms="$RAW_MS" 'BEGIN { printf "%.0f", n * 1000 / ms }')
}

# The same claim-and-complete SQL, raw.
raw_finalize 2 finalize
F2_RATE=$RAW_RATE
read -r c2 e2 d2 < <(check_set 2)
log "finalizer SQL raw: $RAW_MS ms ($F2_RATE/s); completed $c2, events $e2"
r=$(ratio "$F1_RATE" "$F2_RATE")
ok=$(awk -v r="$r" -v c="$c1" -v e="$e1" -v d="$d1" -v n="$UPGRADES" -v c2="$c2" \
    'BEGIN { print (r >= 0.8 && c == n && e == n && d == 0 && c2 == n) ? "pass" : "FAIL" }')
row "finalizer draining $UPGRADES due requests, 1 instance (requests/s)" "$(fmt "$F1_RATE")" \
    "$(fmt "$F2_RATE") (same SQL raw, pgbench)" "$r" ">= 0.8" "$ok"

# The fixed minimal baseline (bench/pgbench/finalize-minimal.sql): what a completion cannot avoid.
raw_finalize 7 finalize-minimal
F7_RATE=$RAW_RATE
read -r c7 e7 d7 < <(check_set 7)
log "finalizer minimal SQL: $RAW_MS ms ($F7_RATE/s); completed $c7, events $e7"
r=$(ratio "$F1_RATE" "$F7_RATE")
ok=$(awk -v r="$r" -v c="$c7" -v n="$UPGRADES" 'BEGIN { print (r >= 0.8 && c == n) ? "pass" : "FAIL" }')
row "finalizer draining $UPGRADES due requests, 1 instance, against the fixed minimal baseline (requests/s)" \
    "$(fmt "$F1_RATE")" "$(fmt "$F7_RATE") (pgbench, finalize-minimal.sql: claim, complete, events)" "$r" ">= 0.8" "$ok"

# Two instances on one database, both running the job at once.
seed_due_upgrade_set 3
PORT2=$(free_port)
start_service svc2 "$PORT2"
SVC2=$SERVICE_PID
t0=$(now_ms)
finalize "$PORT" >"$WORK/fin-a.txt" &
fa=$!
finalize "$PORT2" >"$WORK/fin-b.txt" &
fb=$!
wait $fa
wait $fb
t1=$(now_ms)
F3_RATE=$(awk -v n="$UPGRADES" -v ms=$((t1 - t0)) 'BEGIN { printf "%.0f", n * 1000 / ms }')
read -r c3 e3 d3 < <(check_set 3)
log "finalizer, 2 instances: $(cat "$WORK/fin-a.txt") + $(cat "$WORK/fin-b.txt") in $((t1 - t0)) ms; completed $c3, events $e3, duplicates $d3"
ok=$(awk -v c="$c3" -v e="$e3" -v d="$d3" -v n="$UPGRADES" -v a="$(cat "$WORK/fin-a.txt")" -v b="$(cat "$WORK/fin-b.txt")" \
    'BEGIN { print (c == n && e == n && d == 0 && a + b == n) ? "pass" : "FAIL" }')
row "finalizer, 2 instances: requests/s; finalized by A + B; COMPLETED; upgrade.completed events; duplicates" \
    "$(fmt "$F3_RATE")/s; $(cat "$WORK/fin-a.txt") + $(cat "$WORK/fin-b.txt"); $c3; $e3; $d3" "" "" \
    "each of $UPGRADES exactly once" "$ok"
service_stop svc2
