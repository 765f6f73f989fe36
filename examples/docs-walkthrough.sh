#!/usr/bin/env bash
# Runs the curl blocks of the docs as a reader would, so they cannot rot: the README's "Walkthrough with curl" (every
# ```bash block of that section, in order) and then the invoice example of docs/api.md ("Invoices"), in one bash with
# set -euo pipefail, against BASE_URL (their API=http://localhost:8080 becomes BASE_URL). Any HTTP error, any failed
# command fails the run; then a few of the outcomes their comments promise are checked.
#
#   BASE_URL=http://127.0.0.1:8080 examples/docs-walkthrough.sh
#
# Needs the service with the sandbox clock on and the dev keys (as examples/run-all.sh), bash, curl 7.76+, jq,
# openssl, python3 (to cut the blocks out of the Markdown) and pdftotext (poppler-utils).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${BASE_URL:?set BASE_URL to the service}"
for tool in curl jq openssl python3 pdftotext; do
    command -v "$tool" >/dev/null || { echo "$tool is needed" >&2; exit 1; }
done
work=$(mktemp -d -t docs-walkthrough.XXXXXX)
trap 'rm -rf "$work"' EXIT
# The blocks call scripts/dev-token.sh (which reads dev-keys/) from the repository's root, and write invoice.pdf where
# they run: a directory of their own that links both.
ln -s "$root/scripts" "$work/scripts"
ln -s "$root/dev-keys" "$work/dev-keys"

python3 - "$root/README.md" "$root/docs/api.md" >"$work/walkthrough.sh" <<'PY'
import re, sys
def blocks(path, start, stop):
    text = open(path, encoding="utf-8").read()
    section = text[text.index(start):]
    end = section.find(stop, len(start))
    section = section if end < 0 else section[:end]
    return re.findall(r"^```bash\n(.*?)^```", section, re.S | re.M)
readme = blocks(sys.argv[1], "\n## Walkthrough with curl\n", "\n## ")
invoices = blocks(sys.argv[2], "\n## Invoices\n", "\n## ")
if len(readme) < 3 or not invoices:
    sys.exit(f"expected the README's walkthrough blocks and api.md's invoice block, found {len(readme)} and {len(invoices)}")
print("set -euo pipefail")
for block in readme + invoices:
    print(block.replace("API=http://localhost:8080", 'API="$BASE_URL"'))
PY
grep -q '^API="$BASE_URL"$' "$work/walkthrough.sh" || { echo "no API=http://localhost:8080 in the README's walkthrough" >&2; exit 1; }

echo "docs walkthrough: README.md's and docs/api.md's curl blocks, $(grep -c . "$work/walkthrough.sh") lines, against $BASE_URL"
(cd "$work" && BASE_URL=$BASE_URL bash walkthrough.sh) >"$work/out.txt" 2>&1 || {
    cat "$work/out.txt"
    echo "docs walkthrough: FAILED (the blocks above stopped at their first error)" >&2
    exit 1
}
# What the comments say the calls answer.
failures=0
expect() { grep -qE -- "$1" "$work/out.txt" || { echo "docs walkthrough: no /$1/ in the output" >&2; failures=$((failures + 1)); }; }
expect '"completionReason":"CREDIT_EXHAUSTED"'
expect '"completionReason":"TRIAL_ENDED"'
expect '"offerId":"MS-AZR-0003P"'
expect '"status":"FINALIZED"'
grep -q 'INV-' "$work/invoice.txt" || { echo "docs walkthrough: the PDF's text has no invoice number" >&2; failures=$((failures + 1)); }
((failures == 0)) || { cat "$work/out.txt"; exit 1; }
echo "docs walkthrough: every block ran, outcomes as documented"
