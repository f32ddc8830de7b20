// The conformance check itself (support/conformance.ts): what it lets through and what it flags,
// so that the engine suites' "every request conforms" cannot pass by accident.
import { conformanceProblems, KNOWN_EXTRAS, MODEL } from "./support/conformance";

const NET = "12345678";

describe("the conformance check against the official model", () => {
  it("uses the newest model: 36 settings with maxNonSsoSessionMinutes", () => {
    expect(Object.keys(MODEL.shapes.SecurityGroupSettings.members ?? {})).toHaveLength(36);
    expect(MODEL.shapes.SecurityGroupSettings.members).toHaveProperty("maxNonSsoSessionMinutes");
  });

  it("lets conforming requests through, the evidence's extras included", () => {
    const ok: Array<{ method: string; path: string; query: Record<string, string>; body: unknown }> = [
      { method: "GET", path: `/networks/${NET}`, query: {}, body: undefined },
      { method: "GET", path: "/networks", query: { maxResults: "100" }, body: undefined },
      { method: "GET", path: `/networks/${NET}/security-groups`, query: { maxResults: "100", nextToken: "abc" }, body: undefined },
      { method: "POST", path: `/networks/${NET}/security-groups`, query: {}, body: { name: "g", securityGroupSettings: { lockoutThreshold: 12, permittedNetworks: ["11112222"] } } },
      {
        method: "PATCH",
        path: `/networks/${NET}/security-groups/abc`,
        query: {},
        body: {
          name: "n",
          securityGroupSettings: {
            CALLING: { canStart11Call: true, canAddtoCall: false },
            passwordRequirements: { minLength: 8, regex: "" },
            shredder: { intensity: 20, canProcessInBackground: false },
            maxNonSsoSessionMinutes: 60,
          },
        },
      },
      { method: "DELETE", path: `/networks/${NET}/security-groups/abc`, query: {}, body: undefined },
    ];
    for (const r of ok) expect(conformanceProblems(r)).toEqual([]);
    expect(Object.keys(KNOWN_EXTRAS).every((k) => k.startsWith("UpdateSecurityGroup."))).toBe(true);
  });

  it("flags an unknown route, members and query parameters, wrong types, ranges, patterns and a missing required member", () => {
    expect(conformanceProblems({ method: "PUT", path: `/networks/${NET}`, query: {}, body: {} })).toEqual([expect.stringMatching(/no operation/)]);
    const problems = conformanceProblems({
      method: "POST",
      path: `/networks/${NET}/security-groups`,
      query: { bogus: "1" },
      body: { securityGroupSettings: { lockoutThreshold: "3", permittedNetworks: ["123"], maxBor: 1, CALLING: {} } },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/query bogus: not a query parameter/),
        expect.stringMatching(/lockoutThreshold: "3" is not a integer/),
        expect.stringMatching(/permittedNetworks\[0\]: length 3/),
        expect.stringMatching(/securityGroupSettings.maxBor: not a member of SecurityGroupSettingsRequest/),
        expect.stringMatching(/securityGroupSettings.CALLING: not a member of SecurityGroupSettingsRequest/),
        expect.stringMatching(/name: required by CreateSecurityGroupRequest/),
      ]),
    );
    expect(problems).toHaveLength(6);
    const update = conformanceProblems({
      method: "PATCH",
      path: `/networks/${NET}/security-groups/abc`,
      query: {},
      body: { securityGroupSettings: { maxNonSsoSessionMinutes: 525601, calling: { canFly: true } } },
    });
    expect(update).toEqual([expect.stringMatching(/maxNonSsoSessionMinutes: 525601 is outside 0..525600/), expect.stringMatching(/calling.canFly: not a member of CallingSettings/)]);
  });
});
