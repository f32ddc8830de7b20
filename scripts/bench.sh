#!/usr/bin/env bash
# The benchmarks: sets everything up (scripts/bootstrap.sh), then measures call economy,
# engine overhead and rate-limit behaviour against the emulators, and writes
# benchmarks/RESULTS.md. Run it on a quiet machine; it takes a few minutes.
# BENCH_ONLY=calls,engine,rate,discover,parallel,scale,discover-scale runs those parts, each but engine replacing its own section of RESULTS.md; BENCH_SIZES=1,10 changes N;
# BENCH_REPEAT=3 is how many rounds each engine figure is the median of; BENCH_KINDS=wickr,wickr-floor
# measures those kinds only beside the stock and noop baselines (for profiling); the kinds wickr-plugin and
# commvault-plugin run the same resources on the provider plugin, installed from its archive (issue 22).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
node dist/benchmarks/run.js "$@"
# Discovery of 200 groups (issue 15): its section goes at the end of RESULTS.md.
if [ -z "${BENCH_ONLY:-}" ] || [[ ",$BENCH_ONLY," == *",discover,"* ]]; then node dist/benchmarks/discover.js; fi
# Issue 23, each its own section at the end of RESULTS.md (after run.js, which rewrites the file):
# stacks in parallel against one shared rate limit (BENCH_PARALLEL=4x50, BENCH_PARALLEL_RPS=10),
# 1,000 groups in one stack (BENCH_SCALE_SIZES=200,1000, BENCH_SCALE_KINDS, BENCH_SCALE_CHECKPOINTS=on,skip),
# discovery of 10,000 groups (BENCH_DISCOVER_ESTATE=100x100+10000; BENCH_DISCOVER_IMPORT=1 adds --import-into).
part() { [ -z "${BENCH_ONLY:-}" ] || [[ ",$BENCH_ONLY," == *",$1,"* ]]; }
if part parallel; then node dist/benchmarks/scale.js parallel; fi
if part scale; then node dist/benchmarks/scale.js scale; fi
if part discover-scale; then node dist/benchmarks/discover-scale.js; fi
