// sdkgen generates the plugin's SDKs from schema.json with Pulumi's own generators (the Go
// module github.com/pulumi/pulumi/pkg/v3, the one the CLI is built from), offline:
//
//	go run . -schema ../../schema.json -out ../../sdk [-check]
//
// writes sdk/nodejs, sdk/python and sdk/go; with -check it writes nothing and exits 1 when a
// generated file differs from the committed one (the drift check of CI).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

const tool = "pulumi-wickr-commvault-sdkgen"

// noLoader: the schema refers to no other package (only pulumi.json#/Any).
type noLoader struct{}

var errNoPackages = errors.New("the wickr-commvault schema refers to no other package")

func (noLoader) LoadPackage(string, *semver.Version) (*schema.Package, error) { return nil, errNoPackages }
func (noLoader) LoadPackageV2(context.Context, *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, errNoPackages
}
func (noLoader) LoadPackageReference(string, *semver.Version) (schema.PackageReference, error) {
	return nil, errNoPackages
}
func (noLoader) LoadPackageReferenceV2(context.Context, *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, errNoPackages
}

func bind(path string) (*schema.Package, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, err
	}
	pkg, diags, err := schema.BindSpec(spec, noLoader{}, schema.ValidationOptions{})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return pkg, nil
}

func generate(schemaPath, lang string) (map[string][]byte, error) {
	// Each generator records its language's info in the package: bind afresh for each.
	pkg, err := bind(schemaPath)
	if err != nil {
		return nil, err
	}
	switch lang {
	case "nodejs":
		return nodejs.GeneratePackage(tool, pkg, nil, nil, false, noLoader{})
	case "python":
		return python.GeneratePackage(tool, pkg, nil, noLoader{})
	case "go":
		return gogen.GeneratePackage(tool, pkg, nil)
	}
	return nil, fmt.Errorf("unknown language %s", lang)
}

func main() {
	schemaPath := flag.String("schema", "schema.json", "the package schema")
	out := flag.String("out", "sdk", "the folder of the SDKs")
	check := flag.Bool("check", false, "only report SDK files that differ from the generated ones")
	flag.Parse()
	drift := []string{}
	for _, lang := range []string{"nodejs", "python", "go"} {
		files, err := generate(*schemaPath, lang)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", lang, err)
			os.Exit(2)
		}
		dir := filepath.Join(*out, lang)
		names := make([]string, 0, len(files))
		for name := range files {
			names = append(names, name)
		}
		sort.Strings(names)
		if *check {
			for _, name := range names {
				current, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil || !bytes.Equal(current, files[name]) {
					drift = append(drift, filepath.Join(dir, name))
				}
			}
			continue
		}
		// The Go SDK's module files are ours (go.mod, go.sum): kept across regenerations.
		kept := map[string][]byte{}
		for _, name := range []string{"go.mod", "go.sum"} {
			if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
				kept[name] = data
			}
		}
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for name, data := range kept {
			files[name] = data
			names = append(names, name)
		}
		for _, name := range names {
			path := filepath.Join(dir, name)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			if err := os.WriteFile(path, files[name], 0o644); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
		}
	}
	if len(drift) > 0 {
		fmt.Fprintf(os.Stderr, "the SDKs differ from schema.json (run `go run ./tools/sdkgen` from tools/sdkgen, see README):\n")
		for _, d := range drift {
			fmt.Fprintln(os.Stderr, "  "+d)
		}
		os.Exit(1)
	}
}
