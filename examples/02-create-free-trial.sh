#!/usr/bin/env bash
# Sign up for a Free Trial (MS-AZR-0044P): USD 200 of credit for 30 days, spending limit on.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need CUSTOMER_TOKEN

step "POST /v1/subscriptions"
subscription=$(api -X POST "$BASE_URL/v1/subscriptions" \
    -H "Authorization: Bearer $CUSTOMER_TOKEN" \
    -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $(new_key)" \
    -d '{"offerId": "MS-AZR-0044P", "displayName": "My free trial"}')
jq . <<<"$subscription"

remember SUBSCRIPTION_ID "$(jq -r .id <<<"$subscription")"
jq -r '"offerId: \(.offerId)", "state: \(.state)", "spendingLimit: \(.spendingLimit)"' <<<"$subscription"
