//go:build tools

// Pins the Pulumi YAML language host (pulumi-language-yaml) that scripts/bootstrap.sh builds
// into .tools/bin when it is missing: go.sum records every module it is built from.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
