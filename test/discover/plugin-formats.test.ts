// discover's writers for the plugin (--format yaml, --format import-file): every string a
// service returns reaches the file as an escaped literal, read back exactly, never as YAML
// structure, a comment's end or a Pulumi YAML expression.
import fc from "fast-check";
import { commvaultUserGroupDefinition } from "../../provider/commvault/definition";
import { wickrSecurityGroupDefinition } from "../../provider/wickr/definition";
import { renderImportFile } from "../../cli/discover/import-file";
import type { DiscoveredGroup } from "../../cli/discover/model";
import { parseDiscoverOptions } from "../../cli/discover/options";
import { isUnchangedOutput } from "../../cli/discover/program";
import { renderYamlProgram, yamlString, yamlValue } from "../../cli/discover/yaml";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require("js-yaml") as { load(text: string): any };

/** What Pulumi YAML makes of a string scalar: `$$` is `$` (and `${...}` would be an expression). */
const pulumiText = (s: string) => s.replace(/\$\$/g, "$");

function group(overrides: Partial<DiscoveredGroup>): DiscoveredGroup {
  return {
    service: "commvault",
    def: commvaultUserGroupDefinition,
    id: "600",
    groupName: "g",
    isDefault: false,
    args: { name: "g" },
    recorded: {},
    findings: [],
    unmanaged: [],
    resourceName: "g",
    ...overrides,
  };
}

const HOSTILE = ['a"b\\c', "line\nbreak\r\n", "${config.secret}", "$${x}", "fn::secret", "#not a comment", "\u2028\u0085\u2029", "tab\there", "\u0000\u001b[31m", "😀", "- item", "key: value", "'single'"];

describe("yamlString", () => {
  it.each(HOSTILE)("%j is read back exactly, as one printable-ASCII scalar", (s) => {
    const text = yamlString(s);
    expect(text).toMatch(/^"[\x20-\x7e]*"$/);
    expect(pulumiText(yaml.load(text))).toBe(s);
    expect(yaml.load(text)).not.toMatch(/(^|[^$])\$\{/);
  });

  it("reads back every string exactly (any Unicode)", () => {
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => pulumiText(yaml.load(yamlString(s))) === s));
  });
});

describe("yamlValue", () => {
  it("reads back nested objects, lists and scalars exactly", () => {
    const leaf = fc.oneof(fc.string({ unit: "binary" }), fc.integer(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(fc.string({ unit: "binary" }), tie("node"), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: "binary", minLength: 1 }), value, { minKeys: 1, maxKeys: 4 }), (obj) => {
        const back = yaml.load(`root:${yamlValue(obj, "  ")}\n`).root;
        const unescape = (v: unknown): unknown =>
          typeof v === "string" ? pulumiText(v) : Array.isArray(v) ? v.map(unescape) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [pulumiText(k), unescape(x)])) : v;
        expect(unescape(back)).toEqual(obj);
      }),
      { numRuns: 200 },
    );
  });
});

describe("renderYamlProgram", () => {
  it("writes each group as a plugin resource with its import id; a hostile name stays a value", () => {
    const text = renderYamlProgram(
      [
        group({ resourceName: "ops", args: { name: "x\n  evil: true", description: "${config.secret}", users: ["alice", { id: 1 }] } }),
        group({ service: "wickr", def: wickrSecurityGroupDefinition, id: "12345678/abc12345", resourceName: "12345678-team", args: { networkId: "12345678", name: "team" } }),
      ],
      "Discovered from x\n# injected",
    );
    const doc = yaml.load(text);
    // The seal, the header (one line, escaped) and three fixed lines: the injected line stays in the header.
    expect(text.split("\n").filter((l) => l.startsWith("#"))).toHaveLength(5);
    expect(isUnchangedOutput(text)).toBe(true);
    expect(isUnchangedOutput(text.replace("alice", "mallory"))).toBe(false);
    expect(doc.resources.ops).toEqual({
      type: "wickr-commvault:index:CommvaultUserGroup",
      properties: { name: "x\n  evil: true", description: "$${config.secret}", users: ["alice", { id: 1 }] },
      options: { import: "600" },
    });
    expect(doc.resources["12345678-team"].type).toBe("wickr-commvault:index:WickrSecurityGroup");
    expect(doc.resources["12345678-team"].options.import).toBe("12345678/abc12345");
  });
});

describe("renderImportFile", () => {
  it("lists type token, name and id of each written group", () => {
    const file = JSON.parse(renderImportFile([group({ resourceName: 'we"ird', id: "7" })]));
    expect(file).toEqual({ resources: [{ type: "wickr-commvault:index:CommvaultUserGroup", name: 'we"ird', id: "7" }] });
  });
});

describe("--format", () => {
  it("defaults the file per format and refuses what only the TypeScript program takes", () => {
    expect(parseDiscoverOptions(["--commvault", "--format", "yaml"]).out).toMatch(/discovered\.yaml$/);
    expect(parseDiscoverOptions(["--commvault", "--format", "import-file"]).out).toMatch(/discovered-import\.json$/);
    expect(() => parseDiscoverOptions(["--commvault", "--format", "toString"])).toThrow(/--format takes/);
    expect(() => parseDiscoverOptions(["--commvault", "--format", "yaml", "--import-into", "dev"])).toThrow(/takes neither/);
  });
});
