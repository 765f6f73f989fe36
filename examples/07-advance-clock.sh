#!/usr/bin/env bash
# Sandbox only (upgrades.sandbox.enabled=true): move the business clock 30 days on, past the trial's end.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need OPERATOR_TOKEN

step "GET /v1/sandbox/clock"
api "$BASE_URL/v1/sandbox/clock" -H "Authorization: Bearer $OPERATOR_TOKEN" | jq -c .

step "POST /v1/sandbox/clock/advance"
api -X POST "$BASE_URL/v1/sandbox/clock/advance" \
    -H "Authorization: Bearer $OPERATOR_TOKEN" \
    -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $(new_key)" \
    -d '{"duration": "P30D"}' | jq -c .
echo "clock advanced: P30D"
