#!/usr/bin/env bash
# Validates the Kubernetes manifests and the Helm chart that `./mvnw package` generated (target/kubernetes,
# target/helm) offline, then proves the check refuses broken copies. Needs Node.js and npm (packages pinned in
# k8s-check/package-lock.json); builds the manifests first if they are missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [[ ! -f ../target/kubernetes/kubernetes.yml || ! -f ../target/helm/kubernetes/subscription-upgrade-service/values.yaml ]]; then
    (cd .. && ./mvnw -B -q package -DskipTests)
fi
npm ci --no-audit --no-fund --silent
node check.mjs
node check.mjs --self-test
