#!/usr/bin/env bash
# The benchmarks: sets everything up (scripts/bootstrap.sh), then measures call economy,
# engine overhead and rate-limit behaviour against the emulators, and writes
# benchmarks/RESULTS.md. Run it on a quiet machine; it takes a few minutes.
# BENCH_ONLY=calls,engine,rate,discover runs a part (the first three write nothing); BENCH_SIZES=1,10 changes N;
# BENCH_REPEAT=3 is how many rounds each engine figure is the median of; BENCH_KINDS=wickr,wickr-floor
# measures those kinds only beside the stock and noop baselines (for profiling); the kinds wickr-plugin and
# commvault-plugin run the same resources on the provider plugin, installed from its archive (issue 22).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
node dist/benchmarks/run.js "$@"
# Discovery of 200 groups (issue 15): its section goes at the end of RESULTS.md.
if [ -z "${BENCH_ONLY:-}" ] || [[ ",$BENCH_ONLY," == *",discover,"* ]]; then node dist/benchmarks/discover.js; fi
