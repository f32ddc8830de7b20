#!/usr/bin/env bash
# Regenerates the plugin's SDKs (sdk/nodejs, sdk/python, sdk/go) from schema.json with Pulumi's
# own generators (tools/sdkgen, over github.com/pulumi/pulumi/pkg/v3 v3.276.0, pinned by its
# go.sum; built once into .tools/bin, about 4.5 minutes on a busy 2-core machine with the CLI's
# module cache warm).
#
#   bash scripts/gen-sdk.sh           regenerate
#   bash scripts/gen-sdk.sh --check   exit 1 when a committed SDK file differs (CI's drift check)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="$ROOT/.tools/bin/wickr-commvault-sdkgen"
STAMP="$ROOT/.tools/bin/.wickr-commvault-sdkgen.sum"
want="$(cat "$ROOT/tools/sdkgen/main.go" "$ROOT/tools/sdkgen/go.mod" "$ROOT/tools/sdkgen/go.sum" | sha256sum | cut -d' ' -f1)"
if [ ! -x "$BIN" ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$want" ]; then
  command -v go >/dev/null 2>&1 || { echo "gen-sdk: Go 1.24+ is needed to build tools/sdkgen" >&2; exit 2; }
  echo "gen-sdk: building tools/sdkgen (pinned by tools/sdkgen/go.sum)" >&2
  mkdir -p "$ROOT/.tools/bin"
  (cd "$ROOT/tools/sdkgen" && GOSUMDB=off GOFLAGS=-mod=readonly go build -o "$BIN.partial" .) && mv "$BIN.partial" "$BIN"
  echo "$want" > "$STAMP"
fi
"$BIN" -schema "$ROOT/schema.json" -out "${SDK_OUT:-$ROOT/sdk}" ${1:+"$1"}
