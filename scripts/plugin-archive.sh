#!/usr/bin/env bash
# Builds the provider plugin archive that `pulumi plugin install resource wickr-commvault <version>
# --file <archive>` installs: the launcher `pulumi-resource-wickr-commvault` (a shell script that
# runs Node 22+ on the compiled server), package.json, schema.json, the compiled provider and the
# runtime packages it loads (the package's dependencies and @pulumi/pulumi's, no dev tools).
#
#   bash scripts/plugin-archive.sh [OUT_DIR]    default OUT_DIR: .tools/plugin
# Prints the archive's path. Run after the build (source scripts/bootstrap.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/.tools/plugin}"
NAME="wickr-commvault"
VERSION="$(node -p 'require(process.argv[1]).version' "$ROOT/package.json")"
OS="$(uname -s | tr '[:upper:]' '[:lower:]')"
case "$(uname -m)" in x86_64) ARCH=amd64 ;; aarch64|arm64) ARCH=arm64 ;; *) ARCH="$(uname -m)" ;; esac
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT

mkdir -p "$STAGE/dist" "$OUT"
cp "$ROOT/package.json" "$ROOT/schema.json" "$STAGE/"
(cd "$ROOT/dist" && find provider -name '*.js' | tar -cf - -T -) | tar -xf - -C "$STAGE/dist"
# The runtime packages: the dependency closure of the package and of @pulumi/pulumi, as installed.
node - "$ROOT" > "$STAGE/.files" <<'JS'
const path = require("node:path"), fs = require("node:fs");
const root = process.argv[2];
const seen = new Set();
function visit(name, from) {
  // Node's lookup: node_modules/<name> in the folder, then in each folder above it.
  let dir;
  for (let at = from; ; at = path.dirname(at)) {
    const d = path.join(at, "node_modules", name);
    if (fs.existsSync(path.join(d, "package.json"))) { dir = d; break; }
    if (at === path.dirname(at) || path.relative(root, at).startsWith("..")) return;
  }
  if (seen.has(dir)) return;
  seen.add(dir);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep, dir);
}
const pkg = require(path.join(root, "package.json"));
for (const dep of [...Object.keys(pkg.dependencies), "@pulumi/pulumi"]) visit(dep, root);
for (const dir of seen) {
  const rel = path.relative(root, dir);
  for (const f of require("node:child_process").execFileSync("find", [rel, "-type", "f", "-not", "-name", "*.map", "-not", "-name", "*.ts"], { cwd: root, encoding: "utf8" }).split("\n")) if (f) console.log(f);
}
JS
(cd "$ROOT" && tar -cf - -T "$STAGE/.files") | tar -xf - -C "$STAGE"
rm "$STAGE/.files"
cat > "$STAGE/pulumi-resource-$NAME" <<'SH'
#!/bin/sh
# The wickr-commvault provider plugin: Node 22 or later (PULUMI_WICKR_COMMVAULT_NODE, else `node` on PATH).
dir="$(cd "$(dirname "$0")" && pwd)"
exec "${PULUMI_WICKR_COMMVAULT_NODE:-node}" "$dir/dist/provider/plugin/main.js" "$@"
SH
chmod +x "$STAGE/pulumi-resource-$NAME"
ARCHIVE="$OUT/pulumi-resource-$NAME-v$VERSION-$OS-$ARCH.tar.gz"
tar -C "$STAGE" -czf "$ARCHIVE.partial" . && mv "$ARCHIVE.partial" "$ARCHIVE"
echo "$ARCHIVE"
