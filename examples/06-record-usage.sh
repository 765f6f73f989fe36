#!/usr/bin/env bash
# The metering pipeline reports 1000 hours of a D2s v3 VM: 1000 x 0.096 = 96.00 USD, all covered by the credit.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need METER_TOKEN CUSTOMER_TOKEN SUBSCRIPTION_ID

step "POST /v1/subscriptions/$SUBSCRIPTION_ID/usage"
record=$(api -X POST "$BASE_URL/v1/subscriptions/$SUBSCRIPTION_ID/usage" \
    -H "Authorization: Bearer $METER_TOKEN" \
    -H 'Content-Type: application/json' \
    -d '{"eventId": "vm-42-hours-0001", "meterId": "vm-d2s-v3-hour", "quantity": "1000"}')
jq . <<<"$record"
jq -r '"cost: \(.cost.amount)", "coveredByCredit: \(.coveredByCredit.amount)", "billable: \(.billable.amount)"' <<<"$record"

step "GET /v1/subscriptions/$SUBSCRIPTION_ID/cost-summary"
api "$BASE_URL/v1/subscriptions/$SUBSCRIPTION_ID/cost-summary" -H "Authorization: Bearer $CUSTOMER_TOKEN" \
    | jq -r '"creditRemaining: \(.creditRemaining.amount)"'
