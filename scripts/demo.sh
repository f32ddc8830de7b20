#!/usr/bin/env bash
# The main job: sets everything up (scripts/bootstrap.sh), then runs the example stack
# through the real Pulumi engine against the emulators (see examples/demo.ts).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
exec node dist/examples/demo.js "$@"
