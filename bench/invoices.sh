# Sourced by run.sh once the service has the invoices (docs/design.md §17 and §13). Two figures:
#  1. finalization: $INV_DUE DRAFT invoices of a period long past finalized by one POST /v1/jobs/invoice-finalization
#     (batches of $BATCH_SIZE), against the same SQL raw (pgbench, one client, one transaction a batch); then both
#     again with $INV_FILLER FINALIZED invoices already in the table: the cost follows the invoices due.
#  2. GET /v1/subscriptions/{id}/invoices/upcoming p99 with $INV_SUBS subscriptions owning 10,000 usage records in the
#     current month, then $INV_RECORDS (BENCH_INVOICE_RECORDS; default 10,000,000, --smoke 200,000; 0 skips the
#     large point): the invoice rows are the rollup, so the read must not grow with the records.
# Everything is seeded with SQL (bench/sql/invoices.sql: usage records, then the invoices and lines from them with
# V10's GROUP BY) and stays in the bench database, which run.sh drops at the end.
if ((SMOKE)); then
    INV_DUE=${BENCH_INVOICE_DUE:-1000} INV_FILLER=${BENCH_INVOICE_FILLER:-10000} INV_RECORDS=${BENCH_INVOICE_RECORDS:-200000}
else
    INV_DUE=${BENCH_INVOICE_DUE:-100000} INV_FILLER=${BENCH_INVOICE_FILLER:-1000000} INV_RECORDS=${BENCH_INVOICE_RECORDS:-10000000}
fi
INV_SUBS=100 INV_SMALL=10000
# Subscription kinds (bench.sub_id): 96 the GET targets, 98 the warm-up set, 99..102 the measured due sets, 103 the
# FINALIZED filler; each set's usage records are of kind + 16 (bench.hex_id).
# seed_invoice_set KIND SUBS CREATE FROM TO M_FROM M_TO STATUS: usage records of kind KIND + 16 for SUBS subscriptions
# of kind KIND (CREATE=1 creates them), records FROM..TO a month for months M_FROM..M_TO back, and the invoices and lines
# built from them with status STATUS (bench/sql/invoices.sql). The fault scripts' seed_due_invoices
# (faults/invoices.sh) writes due invoices without usage behind them, on random ids.
seed_invoice_set() {
    # ~100,000 records a transaction: one long seed would stall this database's event feed for minutes, and those of
    # the server's other databases (and their tests) where they still run a service before migration V16, whose feed
    # horizon is server-wide
    local chunk=$((100000 / (($5 - $4 + 1) * ($7 - $6 + 1)))) a
    ((chunk > 0)) || chunk=1
    for ((a = 1; a <= $2; a += chunk)); do
        psql -X -q -v ON_ERROR_STOP=1 -v kind="$1" -v sub_from=$a -v sub_to=$((a + chunk - 1 < $2 ? a + chunk - 1 : $2)) \
            -v create="$3" -v rec_kind=$(($1 + 16)) -v from="$4" -v to="$5" -v m_from="$6" -v m_to="$7" -v status="$8" \
            -f "$BENCH/sql/invoices.sql"
    done
    q "ANALYZE subscription, usage_record, invoice, invoice_line"
}
# inv_consistent KIND SUBS: "ok" when every invoice of those subscriptions sums exactly its usage records and its
# lines, and every record has its invoice; else how many differ (read in slices of ~100,000 records, as seeded)
inv_consistent() {
    local per chunk a bad=0
    per=$(q "SELECT count(*) FROM usage_record WHERE subscription_id = bench.sub_id($1, 1)")
    chunk=$((100000 / (per > 0 ? per : 1)))
    ((chunk > 0)) || chunk=1
    for ((a = 1; a <= $2; a += chunk)); do
        bad=$((bad + $(inv_differ "$1" $a $((a + chunk - 1 < $2 ? a + chunk - 1 : $2)))))
    done
    ((bad == 0)) && echo ok || echo "$bad invoices differ from their usage"
}
inv_differ() { # inv_differ KIND FROM TO: how many invoices of those subscriptions differ from their usage
    q "WITH r AS (SELECT subscription_id, date_trunc('month', recorded_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS p,
                         sum(cost) AS cost, sum(billable) AS billable, sum(quantity) AS quantity FROM usage_record
                  WHERE subscription_id BETWEEN bench.sub_id($1, $2) AND bench.sub_id($1, $3) GROUP BY 1, 2),
            i AS (SELECT i.subscription_id, i.period_start AS p, min(i.subtotal) AS subtotal, min(i.total) AS total,
                         sum(l.amount) AS amount, sum(l.quantity) AS quantity
                  FROM invoice i LEFT JOIN invoice_line l ON l.invoice_id = i.id
                  WHERE i.subscription_id BETWEEN bench.sub_id($1, $2) AND bench.sub_id($1, $3) GROUP BY 1, 2)
       SELECT count(*) FROM r FULL JOIN i USING (subscription_id, p)
       WHERE r.cost IS DISTINCT FROM i.subtotal OR r.cost IS DISTINCT FROM i.amount OR r.billable IS DISTINCT FROM i.total
          OR r.quantity IS DISTINCT FROM i.quantity"
}
# inv_check KIND: "<FINALIZED invoices of the set> <invoice.finalized events of the set> <numbering ok: 1/0>"
# (numbering ok: the numbers are 1..counter without a gap or a duplicate, over the whole table)
inv_check() {
    q "SELECT (SELECT count(*) FROM invoice WHERE status = 'FINALIZED'
                 AND subscription_id BETWEEN bench.sub_id($1, 1) AND bench.sub_id($1, $INV_DUE)),
              (SELECT count(*) FROM event WHERE type = 'invoice.finalized'
                 AND subscription_id BETWEEN bench.sub_id($1, 1) AND bench.sub_id($1, $INV_DUE)),
              (SELECT (count(number_sequence) = count(DISTINCT number_sequence)
                       AND coalesce(max(number_sequence), 0) = count(number_sequence)
                       AND count(number_sequence) = (SELECT last_value FROM invoice_number))::int FROM invoice)" | tr '|' ' '
}
# seed_due_invoice_set KIND COUNT: COUNT subscriptions with one DRAFT invoice each, two months back (its grace long over)
seed_due_invoice_set() { seed_invoice_set "$1" "$2" 1 1 1 2 2 DRAFT; }
# inv_finalize: one job call, prints what it finalized
inv_finalize() {
    curl -sf -X POST --max-time 3600 -H "Authorization: Bearer $OPERATOR" "http://127.0.0.1:$PORT/v1/jobs/invoice-finalization" |
        sed -n 's/.*"finalized":\([0-9]*\).*/\1/p'
}
# inv_service KIND: seeds a due set, finalizes it through the service; sets INV_MS and INV_CHECK
inv_service() {
    local t0 n
    seed_due_invoice_set "$1" "$INV_DUE"
    t0=$(now_ms)
    n=$(inv_finalize)
    INV_MS=$(($(now_ms) - t0))
    INV_CHECK="$n $(inv_check "$1")"
    log "invoice finalization, service: $n finalized in $INV_MS ms; (finalized, FINALIZED, events, numbering ok) $INV_CHECK"
}
# inv_raw KIND: the same, with pgbench running the same SQL (one client, a transaction a batch, one more for the
# empty claim that ends the service's loop); sets INV_MS and INV_CHECK
inv_raw() {
    local t0
    seed_due_invoice_set "$1" "$INV_DUE"
    t0=$(now_ms)
    (cd "$WORK" && "${LOAD_PIN[@]}" pgbench -n -M prepared -c 1 -t $((INV_DUE / BATCH_SIZE + 1)) -D batch=$BATCH_SIZE \
        -f "$BENCH/pgbench/invoice-finalize.sql" >"$WORK/pg-invoice-finalize-$1.pgbench" 2>&1) || {
        cat "$WORK/pg-invoice-finalize-$1.pgbench" >&2
        exit 1
    }
    INV_MS=$(($(now_ms) - t0))
    INV_CHECK="$INV_DUE $(inv_check "$1")"
    log "invoice finalization, same SQL raw: $INV_MS ms; (due, FINALIZED, events, numbering ok) $INV_CHECK"
}
inv_ok() { # inv_ok CHECK...: pass when each check is "<n> <n> <n> 1" with n = INV_DUE
    local c
    for c in "$@"; do [[ $c == "$INV_DUE $INV_DUE $INV_DUE 1" ]] || { echo FAIL; return; }; done
    echo pass
}
inv_rate() { awk -v n="$INV_DUE" -v ms="$1" 'BEGIN { printf "%.0f", n * 1000 / ms }'; }

INV_WEBHOOKS=$(q "SELECT count(*) FROM webhook_endpoint WHERE enabled")
((INV_WEBHOOKS == 0)) || log "warning: $INV_WEBHOOKS enabled webhook endpoints; invoice.finalized events write deliveries"

# --- finalization ---------------------------------------------------------------------------------------------------
seed_due_invoice_set 98 $((INV_DUE / 10))
log "invoice finalization warm-up: $(inv_finalize) finalized"
inv_service 99
IS_SMALL_MS=$INV_MS IS_SMALL_CHECK=$INV_CHECK
inv_raw 100
IR_SMALL_MS=$INV_MS IR_SMALL_CHECK=$INV_CHECK
INV_TABLE_SMALL=$(q "SELECT count(*) FROM invoice")
IS_LARGE_MS="" IR_LARGE_MS=""
if ((INV_FILLER > 0)); then
    log "seeding $INV_FILLER FINALIZED invoices ($((INV_FILLER / 10)) subscriptions x 10 months, a usage record and a line each)"
    t0=$(now_ms)
    seed_invoice_set 103 $((INV_FILLER / 10)) 1 1 1 3 12 FINALIZED
    INV_FILLER_S=$(awk -v ms=$(($(now_ms) - t0)) 'BEGIN { printf "%.0f", ms / 1000 }')
    log "seeded in $INV_FILLER_S s; consistent: $(inv_consistent 103 $((INV_FILLER / 10)))"
    inv_service 101
    IS_LARGE_MS=$INV_MS IS_LARGE_CHECK=$INV_CHECK
    inv_raw 102
    IR_LARGE_MS=$INV_MS IR_LARGE_CHECK=$INV_CHECK
    INV_TABLE_LARGE=$(q "SELECT count(*) FROM invoice")
fi
r=$(ratio "$(inv_rate "$IS_SMALL_MS")" "$(inv_rate "$IR_SMALL_MS")")
ok=$(awk -v r="$r" -v c="$(inv_ok "$IS_SMALL_CHECK" "$IR_SMALL_CHECK")" 'BEGIN { print (r >= 0.8 && c == "pass") ? "pass" : "FAIL" }')
row "invoice finalization, $INV_DUE due DRAFT invoices, 1 instance, one job call (invoices/s; $INV_TABLE_SMALL invoices in the table)" \
    "$(fmt "$(inv_rate "$IS_SMALL_MS")") ($IS_SMALL_MS ms)" "$(fmt "$(inv_rate "$IR_SMALL_MS")") ($IR_SMALL_MS ms; same SQL raw, pgbench)" \
    "$r" ">= 0.8, each exactly once, numbers gapless" "$ok"
if [[ -n $IS_LARGE_MS ]]; then
    r=$(ratio "$(inv_rate "$IS_LARGE_MS")" "$(inv_rate "$IR_LARGE_MS")")
    ok=$(awk -v r="$r" -v c="$(inv_ok "$IS_LARGE_CHECK" "$IR_LARGE_CHECK")" 'BEGIN { print (r >= 0.8 && c == "pass") ? "pass" : "FAIL" }')
    row "invoice finalization, $INV_DUE due, with $INV_TABLE_LARGE invoices in the table ($INV_FILLER FINALIZED) (invoices/s)" \
        "$(fmt "$(inv_rate "$IS_LARGE_MS")") ($IS_LARGE_MS ms)" "$(fmt "$(inv_rate "$IR_LARGE_MS")") ($IR_LARGE_MS ms; same SQL raw)" \
        "$r" ">= 0.8" "$ok"
    r=$(ratio "$IS_LARGE_MS" "$IS_SMALL_MS")
    row "invoice finalization of $INV_DUE due (ms), $INV_TABLE_LARGE vs $INV_TABLE_SMALL invoices in the table" \
        "$IS_LARGE_MS" "$IS_SMALL_MS (raw SQL: $IR_LARGE_MS vs $IR_SMALL_MS)" "$r" "<= 1.5" "$(pass_le "$r" 1.5)"
fi

# --- the upcoming invoice against the usage behind it ---------------------------------------------------------------
log "seeding $INV_SUBS subscriptions with $INV_SMALL usage records this month and their invoices"
seed_invoice_set 96 $INV_SUBS 1 1 $((INV_SMALL / INV_SUBS)) 0 0 DRAFT
INV_OK_SMALL=$(inv_consistent 96 $INV_SUBS)
q "SELECT bench.sub_id(96, i) FROM generate_series(1, $INV_SUBS) i" >"$WORK/invoice-ids.txt"
# One answer looked at: 200, and the subtotal the invoice row holds.
INV_PROBE=$(head -n 1 "$WORK/invoice-ids.txt")
upcoming_subtotal() {
    curl -sf -H "Authorization: Bearer $OPERATOR" "http://127.0.0.1:$PORT/v1/subscriptions/$INV_PROBE/invoices/upcoming" |
        sed -n 's/.*"subtotal":{"amount":"\([^"]*\)".*/\1/p'
}
log "upcoming invoice of $INV_PROBE: subtotal $(upcoming_subtotal) (usage: $(q "SELECT sum(cost) FROM usage_record WHERE subscription_id = '$INV_PROBE'")); consistent: $INV_OK_SMALL"
for round in 1 2; do
    wrk_run "warm-upcoming-$round" get.lua "$WARM" $CONNS 2 "$PORT" BENCH_IDS="$WORK/invoice-ids.txt" \
        BENCH_TOKEN="$OPERATOR" BENCH_MODE=upcoming
done
wrk_run upcoming-small get.lua "$DUR" $CONNS 2 "$PORT" BENCH_IDS="$WORK/invoice-ids.txt" BENCH_TOKEN="$OPERATOR" \
    BENCH_MODE=upcoming
HTTP_ERRORS=$((HTTP_ERRORS + ERRORS))
UP_S_RPS=$RPS UP_S_P50=$P50 UP_S_P99=$P99
if ((INV_RECORDS > INV_SMALL)); then
    log "seeding up to $INV_RECORDS usage records for the same $INV_SUBS subscriptions ($((INV_RECORDS / INV_SUBS)) each), rebuilding their invoices"
    size0=$(q "SELECT pg_database_size(current_database())")
    t0=$(now_ms)
    seed_invoice_set 96 $INV_SUBS 0 $((INV_SMALL / INV_SUBS + 1)) $((INV_RECORDS / INV_SUBS)) 0 0 DRAFT
    t1=$(now_ms)
    # What autovacuum would otherwise do during the measurement (the insert threshold of a 10M-row insert).
    q "VACUUM (ANALYZE) usage_record" >/dev/null
    t2=$(now_ms)
    INV_SEED="$(((t1 - t0) / 1000)) s + $(((t2 - t1) / 1000)) s VACUUM, $(q "SELECT pg_size_pretty(($(q "SELECT pg_database_size(current_database())") - $size0)::bigint)")"
    INV_OK_LARGE=$(inv_consistent 96 $INV_SUBS)
    log "seeded in $INV_SEED more on disk; consistent: $INV_OK_LARGE; upcoming invoice of $INV_PROBE: subtotal $(upcoming_subtotal)"
    wrk_run warm-upcoming-large get.lua "$WARM" $CONNS 2 "$PORT" BENCH_IDS="$WORK/invoice-ids.txt" \
        BENCH_TOKEN="$OPERATOR" BENCH_MODE=upcoming
    wrk_run upcoming-large get.lua "$DUR" $CONNS 2 "$PORT" BENCH_IDS="$WORK/invoice-ids.txt" BENCH_TOKEN="$OPERATOR" \
        BENCH_MODE=upcoming
    HTTP_ERRORS=$((HTTP_ERRORS + ERRORS))
    r=$(ratio "$P99" "$UP_S_P99")
    ok=$(awk -v r="$r" -v a="$INV_OK_SMALL" -v b="$INV_OK_LARGE" 'BEGIN { print (r != "n/a" && r + 0 <= 1.5 && a == "ok" && b == "ok") ? "pass" : "FAIL" }')
    row "upcoming-invoice GET p99, $CONNS connections, $INV_SUBS subscriptions with $(fmt "$INV_RECORDS") vs $(fmt "$INV_SMALL") usage records this month (ms)" \
        "$P99" "$UP_S_P99" "$r" "<= 1.5" "$ok"
    row "upcoming-invoice GET p50 (ms); req/s, $(fmt "$INV_RECORDS") vs $(fmt "$INV_SMALL") records" \
        "$P50; $(fmt "$RPS")" "$UP_S_P50; $(fmt "$UP_S_RPS")" "$(ratio "$P50" "$UP_S_P50")" "" ""
    row "seeding $(fmt "$((INV_RECORDS - INV_SMALL))") usage records and rebuilding their invoices (SQL)" "$INV_SEED" "" "" "" ""
else
    row "upcoming-invoice GET p50 / p99 (ms), $INV_SUBS subscriptions with $(fmt "$INV_SMALL") usage records (large point skipped)" \
        "$UP_S_P50 / $UP_S_P99" "" "" "" "$([[ $INV_OK_SMALL == ok ]] && echo pass || echo FAIL)"
fi
