#!/usr/bin/env bash
# Run the scheduled jobs now (they also run every upgrades.finalizer.every): due upgrades complete.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need OPERATOR_TOKEN

step "POST /v1/jobs/upgrade-finalization"
result=$(api -X POST "$BASE_URL/v1/jobs/upgrade-finalization" \
    -H "Authorization: Bearer $OPERATOR_TOKEN" \
    -H "Idempotency-Key: $(new_key)")
jq -c . <<<"$result"
