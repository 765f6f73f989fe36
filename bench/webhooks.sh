# Sourced by run.sh: webhook deliveries per second from a backlog (docs/design.md §12), against a raw client POSTing
# the same kind of signed bodies to the same receiver with the same concurrency.
#
# The receiver: bench/webhook/WebhookBench.java `receive` (the JDK's HttpServer, 204 to everything, a POST counter) on
# the load generator's core. The backlog: $WH_SUBS subscriptions x $WH_EVENTS subscription.updated events, written
# with SQL (EventLog's insert, whose outbox trigger writes the deliveries; through the API it would take longer than the
# delivery), interleaved over the subscriptions as live traffic is. The service delivers it through
# POST /v1/jobs/webhook-delivery (one pass: claim 200, POST 32 at a time with the next batch claimed and queued, record, until nothing is due; the
# scheduler runs the same pass), timed until it answers, then checked: every delivery DELIVERED, each POSTed once.
# The raw baseline: `send` on the service's core, the same client library (Apache HttpClient 5, a pool of 32) and
# 32 threads, each building a body, signing it (HMAC-SHA256, Standard Webhooks) and POSTing it; no database.
if ((SMOKE)); then WH_SUBS=100 WH_EVENTS=5 WH_WARM=100; else WH_SUBS=10000 WH_EVENTS=10 WH_WARM=5000; fi
WH_N=$((WH_SUBS * WH_EVENTS))
WH_CONC=32
WH_CP=$(ls target/quarkus-app/lib/main/*.jar | grep -E '/org\.apache\.httpcomponents\.|/org\.slf4j\.slf4j-api-' | tr '\n' ':')
WH_PORT=$(free_port)
"${LOAD_PIN[@]}" "$JAVA" -Xmx256m -XX:+UseSerialGC -cp "$WH_CP" bench/webhook/WebhookBench.java receive "$WH_PORT" \
    >"$WORK/webhook-receiver.log" 2>&1 &
WH_RECV=$!
PIDS+=("$WH_RECV")
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$WH_PORT/count" && break; sleep 0.1; done
wh_received() { curl -sf "http://127.0.0.1:$WH_PORT/count"; }
wh_received >/dev/null || { cat "$WORK/webhook-receiver.log" >&2; echo "bench: the webhook receiver did not start" >&2; exit 1; }

curl -sf -H "Authorization: Bearer $OPERATOR" -H 'Content-Type: application/json' \
    -d "{\"url\":\"http://127.0.0.1:$WH_PORT/hook\",\"eventTypes\":[\"*\"],\"description\":\"bench receiver\"}" \
    "http://127.0.0.1:$PORT/v1/webhook-endpoints" >"$WORK/webhook-endpoint.json" || {
    echo "bench: could not register the webhook endpoint" >&2
    exit 1
}
WH_ENDPOINT=$(sed -n 's/.*"id":"\([^"]*\)".*/\1/p' "$WORK/webhook-endpoint.json")
WH_SECRET=$(sed -n 's/.*"secret":"\([^"]*\)".*/\1/p' "$WORK/webhook-endpoint.json")

# wh_backlog SUBS ROUNDS OFFSET: ROUNDS events for each of SUBS subscriptions (from OFFSET + 1), round after round,
# one transaction per round (a transaction may write at most 65,535 events), each with its delivery.
wh_backlog() {
    local k
    for ((k = 1; k <= $2; k++)); do
        # The event table's outbox trigger (migration V9) writes the deliveries, as for the service's own inserts.
        q "INSERT INTO event (type, subscription_id, owner_id, occurred_at, data)
                SELECT 'subscription.updated', bench.sub_id(0, i), 'acct-' || ((i - 1) / 5), now(),
                       jsonb_build_object('displayName', 'bench ' || i || ' v$k', 'previousDisplayName', 'bench ' || i)
                  FROM generate_series($3 + 1, $3 + $1) i ORDER BY i"
    done
}
wh_pass() {
    curl -sf -X POST --max-time 3600 -H "Authorization: Bearer $OPERATOR" "http://127.0.0.1:$PORT/v1/jobs/webhook-delivery"
}

# Warm-up: a small backlog (one event each for the first $WH_WARM subscriptions), delivered the same way.
wh_backlog "$WH_WARM" 1 0
wh_pass >/dev/null || { echo "bench: the webhook delivery job failed" >&2; exit 1; }
log "building a backlog of $WH_N webhook deliveries with SQL ($WH_SUBS subscriptions x $WH_EVENTS events)"
t0=$(now_ms)
wh_backlog "$WH_SUBS" "$WH_EVENTS" 0
# The table grew from a few thousand rows to 100,000 in a second: without fresh statistics (autovacuum analyzes it
# within its naptime, a minute) the claim is planned over webhook_delivery_pending_order and reads every pending
# row for each batch of 100 (165 ms a claim: 670 deliveries/s in bench/results/20261202-000653-webhooks.md).
q "ANALYZE webhook_delivery"
log "backlog written and analyzed in $(($(now_ms) - t0)) ms; delivering it (POST /v1/jobs/webhook-delivery)"
WH_BEFORE=$(wh_received)
t0=$(now_ms)
WH_ANSWER=$(wh_pass) || { echo "bench: the webhook delivery job failed" >&2; exit 1; }
WH_MS=$(($(now_ms) - t0))
WH_GOT=$(($(wh_received) - WH_BEFORE))
read -r WH_DELIVERED WH_NOT_DELIVERED < <(q "SELECT count(*) FILTER (WHERE status = 'DELIVERED'),
    count(*) FILTER (WHERE status <> 'DELIVERED') FROM webhook_delivery WHERE endpoint_id = '$WH_ENDPOINT'" | tr '|' ' ')
WH_RATE=$(awk -v n="$WH_N" -v ms="$WH_MS" 'BEGIN { printf "%.0f", n * 1000 / ms }')
log "webhooks: $WH_N deliveries in $WH_MS ms ($WH_RATE/s), job answered $WH_ANSWER; receiver got $WH_GOT;" \
    "$WH_DELIVERED DELIVERED, $WH_NOT_DELIVERED not (warm-up included)"
curl -sf -o /dev/null -X PATCH -H "Authorization: Bearer $OPERATOR" -H 'Content-Type: application/json' \
    -d '{"enabled":false}' "http://127.0.0.1:$PORT/v1/webhook-endpoints/$WH_ENDPOINT" || true

# The raw baseline, on the service's core, against the same receiver.
WH_RAW=$("${SVC_PIN[@]}" "$JAVA" -Xmx256m -cp "$WH_CP" bench/webhook/WebhookBench.java send \
    "http://127.0.0.1:$WH_PORT/hook" "$WH_SECRET" "$WH_N" "$WH_CONC" "$WH_WARM" 2>"$WORK/webhook-raw.log") || {
    cat "$WORK/webhook-raw.log" >&2
    echo "bench: the raw webhook client failed" >&2
    exit 1
}
read -r WH_RAW_MS WH_RAW_ERR <<<"$WH_RAW"
WH_RAW_RATE=$(awk -v n="$WH_N" -v ms="$WH_RAW_MS" 'BEGIN { printf "%.0f", n * 1000 / ms }')
log "webhooks raw: $WH_N signed POSTs in $WH_RAW_MS ms ($WH_RAW_RATE/s), $WH_RAW_ERR errors"
kill "$WH_RECV" 2>/dev/null || true
wait "$WH_RECV" 2>/dev/null || true
HTTP_ERRORS=$((HTTP_ERRORS + WH_RAW_ERR))
r=$(ratio "$WH_RATE" "$WH_RAW_RATE")
ok=$(awk -v r="$r" -v got="$WH_GOT" -v n="$WH_N" -v nd="$WH_NOT_DELIVERED" -v e="$WH_RAW_ERR" \
    'BEGIN { print (r >= 0.5 && got == n && nd == 0 && e == 0) ? "pass" : "FAIL" }')
row "webhook deliveries from a backlog of $(fmt "$WH_N") (SQL-built: $(fmt "$WH_SUBS") subscriptions x $WH_EVENTS events, then ANALYZE), concurrency $WH_CONC (deliveries/s)" \
    "$(fmt "$WH_RATE") ($(fmt "$WH_GOT") POSTs received, $WH_NOT_DELIVERED not DELIVERED)" \
    "$(fmt "$WH_RAW_RATE") (Java client: same library, pool and threads, same signed bodies, same receiver; no database)" \
    "$r" ">= 0.5" "$ok"
