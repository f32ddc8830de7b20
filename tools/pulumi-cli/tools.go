//go:build tools

// Package tools pins the Pulumi CLI that the bootstrap builds when no suitable
// `pulumi` is on PATH. Nothing here is part of the provider.
package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
