#!/usr/bin/env bash
# Sourced by the README's commands: makes sure Node 22+, the Pulumi CLI (>= 3.259.0 on PATH, else 3.276.0 built here, with
# this project's Node language host beside it), the npm
# dependencies and the build are in place, provisioning only what is missing, then exports
# PATH so that `node`, `npm` and `pulumi` are the right ones. Everything it installs goes to
# the git-ignored .tools/ folder (and npm's and Go's usual caches).
# Idempotent: a second run with nothing missing takes a couple of seconds.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_VERSION="22.23.3"
PULUMI_VERSION="3.276.0"      # the CLI built here when none is found
PULUMI_MIN_VERSION="3.259.0"  # the oldest CLI on PATH that is used as it is

say() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] %s\n' "$*" >&2; exit 1; }

major_of() { "$1" --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'; }
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# npm's global config (for example the CA bundle of a TLS-inspecting proxy, `cafile`) belongs
# to the system Node's install prefix; npm run under another Node would not read it.
if [ -z "${npm_config_cafile:-}" ] && command -v npm >/dev/null 2>&1; then
  ca="$(npm config get cafile 2>/dev/null || true)"
  case "$ca" in ""|null|undefined) ;; *) export npm_config_cafile="$ca" ;; esac
fi

# --- Node 22+ -------------------------------------------------------------------------
NODE_BIN=""
if command -v node >/dev/null 2>&1 && [ "$(major_of node)" -ge 22 ] 2>/dev/null; then
  NODE_BIN="$(command -v node)"
elif [ -x "$TOOLS/node/node_modules/node/bin/node" ]; then
  NODE_BIN="$TOOLS/node/node_modules/node/bin/node"
else
  command -v npm >/dev/null 2>&1 || die "Node.js 22 or later is needed: install Node.js 22+ (with npm) and run this again."
  say "Node $(node --version 2>/dev/null || echo none) is older than 22: installing the npm package node@$NODE_VERSION into .tools/node"
  mkdir -p "$TOOLS/node"
  [ -f "$TOOLS/node/package.json" ] || echo '{"private":true}' > "$TOOLS/node/package.json"
  (cd "$TOOLS/node" && npm install --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" >&2) \
    || die "could not install node@$NODE_VERSION from the npm registry."
  NODE_BIN="$TOOLS/node/node_modules/node/bin/node"
  [ -x "$NODE_BIN" ] || die "the npm package node@$NODE_VERSION did not provide a Node binary."
fi
export PATH="$(dirname "$NODE_BIN"):$PATH"

# --- Pulumi CLI -----------------------------------------------------------------------
PULUMI_BIN=""
if command -v pulumi >/dev/null 2>&1; then
  have="$(pulumi version 2>/dev/null | sed -E 's/^v//')"
  if [ -n "$have" ] && version_ge "$have" "$PULUMI_MIN_VERSION"; then PULUMI_BIN="$(command -v pulumi)"; fi
fi
if [ -n "$PULUMI_BIN" ] && [ ! -x "$(dirname "$(readlink -f "$PULUMI_BIN")")/pulumi-language-nodejs" ]; then
  say "note: $PULUMI_BIN has no pulumi-language-nodejs beside it, so \`pulumi up\` in a project folder will not run (this project's own host is installed only beside the CLI it builds)"
fi
if [ -z "$PULUMI_BIN" ]; then
  PULUMI_BIN="$TOOLS/bin/pulumi"
  if [ ! -x "$PULUMI_BIN" ] || [ "$("$PULUMI_BIN" version 2>/dev/null)" != "v$PULUMI_VERSION" ]; then
    command -v go >/dev/null 2>&1 || die "No Pulumi CLI $PULUMI_MIN_VERSION+ on PATH and no Go to build one: install the Pulumi CLI ($PULUMI_MIN_VERSION or later) or Go 1.24+, then run this again."
    say "building the Pulumi CLI v$PULUMI_VERSION from the Go module proxy (pinned by tools/pulumi-cli/go.sum; several minutes the first time)"
    mkdir -p "$TOOLS/bin"
    (cd "$ROOT/tools/pulumi-cli" && GOSUMDB=off GOFLAGS=-mod=readonly go build -trimpath \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
      -o "$PULUMI_BIN.partial" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2) || die "building the Pulumi CLI failed (see the Go output above)."
    mv "$PULUMI_BIN.partial" "$PULUMI_BIN"
  fi
  # Writes the executable .tools/bin/$1 from stdin, replacing it only when it changed.
  write_tool() {
    cat > "$TOOLS/bin/$1.tmp" && chmod +x "$TOOLS/bin/$1.tmp"
    if ! cmp -s "$TOOLS/bin/$1.tmp" "$TOOLS/bin/$1"; then mv "$TOOLS/bin/$1.tmp" "$TOOLS/bin/$1"; else rm -f "$TOOLS/bin/$1.tmp"; fi
  }
  # Dynamic providers: Node 22 on the SDK's own entry point (from the program's folder, else
  # from this project).
  write_tool pulumi-resource-pulumi-nodejs <<SHIM
#!/bin/sh
entry="\$("$NODE_BIN" -e 'const n="@pulumi/pulumi/cmd/dynamic-provider";let p;try{p=require.resolve(n,{paths:[process.cwd()]})}catch{p=require.resolve(n,{paths:["$ROOT"]})}process.stdout.write(p)')" || exit 1
exec "$NODE_BIN" "\$entry" "\$@"
SHIM
  # The Node language host (tools/language-host, built into dist/ below): programs in a project
  # folder (`pulumi up`, `install`, `about`) and policy packs, which the CLI runs through the
  # host's RunPlugin once a host is beside it (so the former `pulumi-analyzer-policy-nodejs`
  # shim is gone). Beside this CLI only: a user's own CLI keeps its own host.
  write_tool pulumi-language-nodejs <<SHIM
#!/bin/sh
exec "$NODE_BIN" "$ROOT/dist/tools/language-host/main.js" "\$@"
SHIM
  rm -f "$TOOLS/bin/pulumi-analyzer-policy-nodejs"
  unset -f write_tool
  # The Pulumi YAML language host (`runtime: yaml` projects, the plugin's engine tests), built
  # from github.com/pulumi/pulumi-yaml v1.25.0 (pinned by tools/pulumi-yaml/go.sum) when missing:
  # about 3 minutes on a busy 2-core machine with the CLI's module cache warm (45 MB download
  # cold). Without Go it is skipped with a note: only the YAML tests need it.
  if [ ! -x "$TOOLS/bin/pulumi-language-yaml" ]; then
    if command -v go >/dev/null 2>&1; then
      say "building pulumi-language-yaml v1.25.0 from the Go module proxy (pinned by tools/pulumi-yaml/go.sum; a few minutes the first time)"
      (cd "$ROOT/tools/pulumi-yaml" && GOSUMDB=off GOFLAGS=-mod=readonly go build -trimpath -ldflags "-s -w" \
        -o "$TOOLS/bin/pulumi-language-yaml.partial" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml >&2) \
        && mv "$TOOLS/bin/pulumi-language-yaml.partial" "$TOOLS/bin/pulumi-language-yaml" \
        || say "note: building pulumi-language-yaml failed; Pulumi YAML projects (and test/plugin/yaml.engine.test.ts) will not run"
    else
      say "note: no Go to build pulumi-language-yaml; Pulumi YAML projects (and test/plugin/yaml.engine.test.ts) will not run"
    fi
  fi
  export PATH="$TOOLS/bin:$PATH"
fi
export PULUMI_SKIP_UPDATE_CHECK=1

# --- npm dependencies -----------------------------------------------------------------
# `npm install --no-save` installs the versions package-lock.json pins without rewriting it
# (npm 11's `npm ci` refuses lock files whose other-platform optional packages were pruned).
stamp="$ROOT/node_modules/.bootstrap-lock"
if [ ! -f "$stamp" ] || ! cat "$ROOT/package.json" "$ROOT/package-lock.json" | cmp -s - "$stamp"; then
  say "installing npm dependencies (npm install, as package-lock.json pins them)"
  (cd "$ROOT" && npm install --no-save --no-audit --no-fund --loglevel=error >&2) || die "npm install failed."
  cat "$ROOT/package.json" "$ROOT/package-lock.json" > "$stamp"
fi

# --- build ----------------------------------------------------------------------------
build_stamp="$ROOT/dist/.build-stamp"
if [ ! -f "$build_stamp" ] || [ -n "$(cd "$ROOT" && find provider cli emulators examples benchmarks policy scripts test/support tools tsconfig.json tsconfig.build.json package.json -newer "$build_stamp" -type f 2>/dev/null | head -n1)" ]; then
  say "building (tsc)"
  (cd "$ROOT" && node node_modules/typescript/bin/tsc -p tsconfig.build.json >&2 && bash scripts/policy-dist.sh) || die "the TypeScript build failed."
  touch "$build_stamp"
fi

say "node $(node --version), pulumi $(pulumi version) ($(command -v pulumi))"
