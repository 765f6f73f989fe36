#!/usr/bin/env bash
# The trial's 30 days are over: the upgrade is COMPLETED and the subscription is on Pay-As-You-Go, no spending limit.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need CUSTOMER_TOKEN SUBSCRIPTION_ID UPGRADE_REQUEST_ID

step "GET /v1/upgrade-requests/$UPGRADE_REQUEST_ID"
api "$BASE_URL/v1/upgrade-requests/$UPGRADE_REQUEST_ID" -H "Authorization: Bearer $CUSTOMER_TOKEN" \
    | jq -r '"upgrade status: \(.status)", "completionReason: \(.completionReason)", "effectiveAt: \(.effectiveAt)"'

step "GET /v1/subscriptions/$SUBSCRIPTION_ID"
api "$BASE_URL/v1/subscriptions/$SUBSCRIPTION_ID" -H "Authorization: Bearer $CUSTOMER_TOKEN" \
    | jq -r '"offerId: \(.offerId)", "state: \(.state)", "spendingLimit: \(.spendingLimit)"'

step "GET /v1/events?subscriptionId=$SUBSCRIPTION_ID"
api "$BASE_URL/v1/events?subscriptionId=$SUBSCRIPTION_ID&limit=100" -H "Authorization: Bearer $CUSTOMER_TOKEN" \
    | jq -r '.data[] | "event: \(.type)"'
