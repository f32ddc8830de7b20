#!/usr/bin/env bash
# The whole test suite: sets everything up (scripts/bootstrap.sh), type-checks, then runs
# every test, the engine tests included (real Pulumi CLI against the emulators).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
cd "$ROOT"
node node_modules/typescript/bin/tsc -p tsconfig.json --noEmit
exec node node_modules/jest/bin/jest.js --ci "$@"
