// schema.json is generated from the zod schemas (tools/gen-schema.ts): it must not drift, and
// it must say what the provider does (replacements, secrets, the plugin's config keys).
import * as fs from "node:fs";
import { SCHEMA_FILE, schemaText } from "../../tools/gen-schema";

describe("schema.json", () => {
  const committed = fs.readFileSync(SCHEMA_FILE, "utf8");
  const schema = JSON.parse(committed);

  it("is what the generator makes from the zod schemas (run `node dist/tools/gen-schema.js --write`)", () => {
    expect(committed).toBe(schemaText());
  });

  it("names both resources under the package's tokens, with replace-on-change where the schema says so", () => {
    const wickr = schema.resources["wickr-commvault:index:WickrSecurityGroup"];
    const commvault = schema.resources["wickr-commvault:index:CommvaultUserGroup"];
    expect(wickr.inputProperties.networkId.replaceOnChanges).toBe(true);
    expect(wickr.requiredInputs).toEqual(["networkId"]);
    expect(commvault.inputProperties.users.type).toBe("array");
    expect(Object.keys(wickr.properties)).toEqual(expect.arrayContaining(["groupId", "reported", "adoptedState"]));
  });

  it("takes the dynamic provider's settings under the plugin's namespace, credentials secret", () => {
    const vars = schema.config.variables;
    expect(vars.wickrRegion.type).toBe("string");
    expect(vars.commvaultPassword.secret).toBe(true);
    expect(vars.commvaultToken.secret).toBe(true);
  });
});
