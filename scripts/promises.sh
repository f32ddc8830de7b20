#!/usr/bin/env bash
# The long run of the model-based test of the provider's promises (issue 19):
#   bash scripts/promises.sh SEED COUNT [MAX_COMMANDS]
# runs COUNT random sequences (seed SEED) of up to MAX_COMMANDS commands (default 12) through the
# real engine against both emulators, and shrinks a failure to a minimal sequence printed with
# its seed and path (replay it: MODEL_SEED=<seed> MODEL_PATH=<path> npx jest test/reliability/promises.model.test.ts).
# A seed of "date" takes today's date (YYYYMMDD) and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: bash scripts/promises.sh SEED COUNT [MAX_COMMANDS]" >&2
  exit 2
fi
seed="$1"
[ "$seed" = "date" ] && seed="$(date -u +%Y%m%d)"
count="$2"
max="${3:-12}"
source scripts/bootstrap.sh
echo "promises: seed $seed, $count sequences of up to $max commands" >&2
# About 2.5 minutes per sequence on a quiet 2-core machine; shrinking gets up to 30 minutes.
MODEL_SEED="$seed" MODEL_RUNS="$count" MODEL_MAX_COMMANDS="$max" \
  MODEL_SHRINK_MS="${MODEL_SHRINK_MS:-1800000}" \
  MODEL_TIMEOUT_MS="${MODEL_TIMEOUT_MS:-$((count * 300000 + 2400000))}" \
  npx jest test/reliability/promises.model.test.ts --runInBand
