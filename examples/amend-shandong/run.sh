#!/bin/sh
# The worked example of docs/impact.md: check the amended pack, show what changed (with witnesses),
# generate a seeded year of requests and show which decisions change, explain a fourth inspection. Run from anywhere:
#   sh examples/amend-shandong/run.sh
# zhunru diff and zhunru impact exit 1 when they find differences: that is the expected result here.
set -e
cd "$(dirname "$0")/../.."
out="${TMPDIR:-/tmp}/amend-shandong-requests.ndjson"
npx tsx src/cli/main.ts lint examples/amend-shandong
npx tsx src/cli/main.ts diff cn-shandong examples/amend-shandong --witness || [ $? -eq 1 ]
npx tsx scripts/gen-requests.ts 20000 --seed 2027 --out "$out"
npx tsx src/cli/main.ts impact --before cn-shandong --after examples/amend-shandong "$out" --no-rows || [ $? -eq 1 ]
npx tsx src/cli/main.ts impact --before cn-shandong --after examples/amend-shandong "$out" --format html > "${out%.ndjson}.html" || [ $? -eq 1 ]
npx tsx src/cli/main.ts explain --pack examples/amend-shandong examples/requests/fourth-inspection.json
echo "HTML report: ${out%.ndjson}.html"
