#!/usr/bin/env bash
# "What would happen if I upgraded now?" Changes nothing.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
need CUSTOMER_TOKEN SUBSCRIPTION_ID

step "GET /v1/subscriptions/$SUBSCRIPTION_ID/upgrade-preview?targetOfferId=MS-AZR-0003P"
preview=$(api "$BASE_URL/v1/subscriptions/$SUBSCRIPTION_ID/upgrade-preview?targetOfferId=MS-AZR-0003P" \
    -H "Authorization: Bearer $CUSTOMER_TOKEN")
jq . <<<"$preview"
jq -r '"eligible: \(.eligible)", "targetOfferId: \(.targetOfferId)", "completesImmediately: \(.completesImmediately)",
       (.changes[] | "change: \(.field) \(.from) -> \(.to)")' <<<"$preview"
