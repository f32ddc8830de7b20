// The summary's pure parts: reading both JSON forms, a replacement's steps as one change, and
// values from the program or a service written as inert Markdown (no cell split, no HTML, no
// code span closed early, no secret).
import { readPreview } from "../../cli/summary/input";
import { inert, renderSummary } from "../../cli/summary/markdown";

const WICKR = "pulumi-nodejs:dynamic/wickr:WickrSecurityGroup";
const urn = (name: string, type = WICKR) => `urn:pulumi:prod::infra::${type}::${name}`;
const SECRET_WIRE = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "plain-secret-value-1212" };

describe("summary", () => {
  it("makes a replacement's three steps one change that says why", () => {
    const inputs = (networkId: string) => ({ networkId, name: "g", securityGroupSettings: { lockoutThreshold: 10 } });
    const steps = ["create-replacement", "replace", "delete-replaced"].map((op) => ({
      op,
      urn: urn("g"),
      oldState: { type: WICKR, inputs: inputs("12345678") },
      newState: { type: WICKR, inputs: inputs("87654321") },
      detailedDiff: { networkId: { kind: "update-replace" } },
    }));
    const md = renderSummary(readPreview(JSON.stringify({ steps })));
    expect(md.match(/### \+- replace/g)).toHaveLength(1);
    expect(md).toContain("replaced because networkId changed");
    expect(md).toContain('| <code>networkId</code> | <code>"12345678"</code> | <code>"87654321"</code> |');
    expect(md).toContain("1 to replace;");
  });

  it("shows a secret in the wire form as [secret], and never its value", () => {
    const steps = [{ op: "update", urn: urn("g"), oldState: { type: WICKR, inputs: { name: SECRET_WIRE } }, newState: { type: WICKR, inputs: { name: "[secret]" } }, detailedDiff: { name: { kind: "update" } } }];
    const md = renderSummary(readPreview(JSON.stringify({ steps })));
    expect(md).toContain("| <code>name</code> | [secret] | [secret] |");
    expect(md).not.toContain("plain-secret-value-1212");
  });

  it("leaves out a secret the engine does not name as changed", () => {
    const steps = [{ op: "update", urn: urn("g"), oldState: { type: WICKR, inputs: { name: "[secret]", networkId: "1" } }, newState: { type: WICKR, inputs: { name: "[secret]", networkId: "2" } }, detailedDiff: { networkId: { kind: "update" } } }];
    expect(renderSummary(readPreview(JSON.stringify({ steps })))).not.toContain("<code>name</code>");
  });

  it.each([
    ["a | pipe", "a &#124; pipe"],
    ["line\nbreak\u2028", "line\\u000abreak\\u2028"],
    ["</code><script>x</script>", "&#60;/code&#62;&#60;script&#62;x&#60;/script&#62;"],
    ["`tick` *bold* [link](http://x)", "&#96;tick&#96; &#42;bold&#42; &#91;link&#93;(http://x)"],
  ])("writes %j inert", (text, expected) => {
    expect(inert(text)).toBe(expected);
  });

  it("names a hostile group name only inertly, in the heading and in a value", () => {
    const hostile = "ops | </code>\n# injected";
    const steps = [{ op: "create", urn: urn(hostile), newState: { type: WICKR, inputs: { name: hostile, networkId: "12345678" } } }];
    const md = renderSummary(readPreview(JSON.stringify({ steps })));
    expect(md).not.toContain("\n# injected");
    expect(md).not.toContain("ops | </code>");
    for (const line of md.split("\n").filter((l) => l.startsWith("| <code>name"))) expect(line.split(" | ")).toHaveLength(3);
  });

  it("reads the event stream line by line and refuses what is not JSON", () => {
    const events = [
      { resourcePreEvent: { metadata: { op: "create", urn: urn("g"), type: WICKR, new: { inputs: { name: "g" } } } } },
      { policyEvent: { resourceUrn: urn("g"), policyName: "p", enforcementLevel: "mandatory", message: "Desc.\nviolation" } },
      { summaryEvent: { result: "failed" } },
    ];
    const record = readPreview(events.map((e) => JSON.stringify(e)).join("\n"));
    expect(record).toMatchObject({ stack: "infra/prod", failed: true, carriesViolations: true, violations: [{ policy: "p", level: "mandatory" }] });
    expect(() => readPreview("{\n not json")).toThrow(/line 1 of the preview output is not JSON/);
    expect(() => readPreview("  ")).toThrow(/empty/);
  });
});

describe("the example pipeline (examples/ci)", () => {
  it("previews with the streaming JSON and the shipped pack, and runs the summary command the tests run", () => {
    const text = require("node:fs").readFileSync(require("node:path").join(__dirname, "..", "..", "examples", "ci", "pulumi-preview.yml"), "utf8") as string;
    expect(text).toMatch(/PULUMI_ENABLE_STREAMING_JSON_PREVIEW=1 pulumi preview --stack "\$STACK" --json \\\n\s+--policy-pack node_modules\/pulumi-wickr-commvault\/dist\/policy > preview\.jsonl/);
    expect(text).toContain('npx pulumi-wickr-commvault summary --input preview.jsonl >> "$GITHUB_STEP_SUMMARY"');
  });
});
