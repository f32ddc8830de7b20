#!/usr/bin/env bash
# Completes the compiled policy pack in dist/policy (tsc wrote index.js and baseline.js):
# its PulumiPolicy.yaml and a package.json whose main is the JavaScript, so the pack runs
# from an installed package (Node refuses TypeScript inside node_modules).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p dist/policy
cp policy/PulumiPolicy.yaml dist/policy/PulumiPolicy.yaml
sed -e 's/"main": *"index.ts"/"main": "index.js"/' policy/package.json > dist/policy/package.json
