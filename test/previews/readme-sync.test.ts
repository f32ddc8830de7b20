// The resource reference (docs/reference.md) is generated from the schemas (scripts/gen-readme.ts):
// this fails as soon as the committed text and the schemas disagree, so the docs cannot drift.
import * as fs from "node:fs";
import { BEGIN_MARKER, END_MARKER, README, currentSection, generateSection, inputRows, outputRows, RESOURCES, withSection } from "../../scripts/gen-readme";
import { commvaultUserGroupDefinition } from "../../provider/commvault/definition";
import { wickrSecurityGroupDefinition } from "../../provider/wickr/definition";

const FIX = "docs/reference.md's resource reference is out of date: run `node dist/scripts/gen-readme.js --write` (or `npm run readme`) after `source scripts/bootstrap.sh`";

describe("docs/reference.md (the generated reference)", () => {
  const readme = fs.readFileSync(README, "utf8");

  it("has the generated section right after the Configuration section", () => {
    expect(readme.split(BEGIN_MARKER)).toHaveLength(2);
    expect(readme.split(END_MARKER)).toHaveLength(2);
    const config = readme.indexOf("\n## Configuration\n");
    const begin = readme.indexOf(BEGIN_MARKER);
    expect(config).toBeGreaterThanOrEqual(0);
    // Nothing but the Configuration section between its heading and the markers.
    expect(readme.slice(config + 1, begin)).not.toMatch(/\n## /);
  });

  it("matches what the generator makes from the schemas", () => {
    const section = currentSection(readme);
    const generated = generateSection();
    if (section !== generated) {
      // Says what drifted, and the command that fixes it.
      const have = (section ?? "").split("\n");
      const want = generated.split("\n");
      let i = 0;
      while (i < have.length && i < want.length && have[i] === want[i]) i += 1;
      throw new Error(
        `${FIX}\nfirst difference at line ${i + 1} of the section:\n  docs:      ${have[i] ?? "(end of section)"}\n  generated: ${want[i] ?? "(end of section)"}`,
      );
    }
  });

  it("replacing the section is stable and touches nothing else", () => {
    expect(withSection(readme, generateSection())).toBe(withSection(withSection(readme, "\nstale\n"), generateSection()));
    const outside = (text: string) => text.slice(0, text.indexOf(BEGIN_MARKER)) + text.slice(text.indexOf(END_MARKER));
    expect(outside(withSection(readme, "\nstale\n"))).toBe(outside(readme));
  });

  it("documents every input path with its facts", () => {
    const wickr = new Map(inputRows(wickrSecurityGroupDefinition).map((r) => [r.path, r]));
    expect(wickr.get("securityGroupSettings.calling.canVideoCall")).toMatchObject({ type: "boolean", replaces: false, set: false, required: false });
    expect(wickr.get("networkId")).toMatchObject({ replaces: true, required: true });
    expect(wickr.get("securityGroupSettings.shredder.intensity")?.type).toBe("0 \\| 20 \\| 60 \\| 100");
    expect(wickr.get("securityGroupSettings.lockoutThreshold")?.type).toBe("integer 0..2147483647");
    expect(wickr.get("securityGroupSettings.permittedNetworks")).toMatchObject({ set: true });
    expect(wickr.get("securityGroupSettings.quickResponses")).toMatchObject({ set: false, type: "list of string" });
    expect(wickr.get("securityGroupSettings.permittedWickrAwsNetworks[].region")).toMatchObject({ required: true, type: "string (≥ 1 char)" });
    expect(wickr.get("adopt.groupId")).toMatchObject({ replaces: true });

    const commvault = new Map(inputRows(commvaultUserGroupDefinition).map((r) => [r.path, r]));
    expect(commvault.get("users")).toMatchObject({ set: true });
    expect(commvault.get("users[].id")?.type).toBe("integer 1..2147483647");
    expect(commvault.get("enableTwoFactorAuthentication")?.type).toBe('"ON" \\| "OFF"');
    expect(commvault.get("laptopPlan")?.description).toMatch(/null removes it/);
    expect(commvault.get("adopt")).toMatchObject({ replaces: true });

    // Every top-level input is there, in the schema's order.
    for (const def of [wickrSecurityGroupDefinition, commvaultUserGroupDefinition]) {
      const top = inputRows(def).filter((r) => !r.path.includes(".") && !r.path.includes("["));
      expect(top.map((r) => r.path)).toEqual(Object.keys(def.inputs.shape));
    }
  });

  it("lists each resource's outputs from its OUTPUTS constant", () => {
    for (const r of RESOURCES) {
      const outputs = outputRows(r.source, r.className).map((o) => o.name);
      expect(outputs).toContain("groupId");
      expect(outputs).toContain("reported");
    }
  });
});
