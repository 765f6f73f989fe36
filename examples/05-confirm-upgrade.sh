#!/usr/bin/env bash
# Confirm the upgrade. The credit and the rest of the 30 days are kept, so the request waits (PENDING)
# until they are used up. Retrying with the same Idempotency-Key replays the first answer.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need CUSTOMER_TOKEN SUBSCRIPTION_ID

key=$(new_key)
step "POST /v1/subscriptions/$SUBSCRIPTION_ID/upgrade-requests (Idempotency-Key: $key)"
request=$(api -X POST "$BASE_URL/v1/subscriptions/$SUBSCRIPTION_ID/upgrade-requests" \
    -H "Authorization: Bearer $CUSTOMER_TOKEN" \
    -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $key" \
    -d '{"targetOfferId": "MS-AZR-0003P", "confirm": true}')
jq . <<<"$request"

remember UPGRADE_REQUEST_ID "$(jq -r .id <<<"$request")"
jq -r '"upgrade status: \(.status)"' <<<"$request"
