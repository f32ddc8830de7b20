// Issue 12 items 8, 10 and 11 through the real engine, against the emulators:
// - 8: a Retry-After above the cap (default 60 s, `<ns>:maxRetryAfterSeconds`) fails the
//   operation at once with a clear error instead of parking it for a day;
// - 10: a set naming a member twice, as the service compares members (Commvault names
//   case-insensitively, Wickr ids exactly), is refused at preview with its path, before any call;
// - 11: an input error prints once, naming the resource as the program names it, without
//   "Unhandled exception" or a provider stack trace; an error found at diff too.
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { CommvaultUserGroup, CommvaultUserGroupArgs, WickrSecurityGroup, WickrSecurityGroupArgs } from "../../provider";
import { Bed, failureText, testBed, writes } from "./support";

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe("issue 12 items 8, 10, 11 through the engine", () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await testBed();
  });
  afterAll(() => bed.close());
  beforeEach(async () => {
    await bed.wickr.clearFaults();
    await bed.commvault.clearFaults();
  });

  describe("Retry-After above the cap (item 8)", () => {
    it("Commvault: a 429 asking for a day fails the create within seconds, naming the cap; nothing is created", async () => {
      const stack = await bed.stack(async () => {
        new CommvaultUserGroup("slowed", { name: "ra-slowed" });
      });
      await bed.commvault.faults([{ kind: "rateLimit", retryAfterSeconds: 86_400, match: { operation: "CreateUserGroup" } }]);
      const started = Date.now();
      const text = await failureText(stack.up());
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(text).toContain("asks to wait 86400 s (Retry-After) before another try, longer than commvault:maxRetryAfterSeconds (60 s)");
      const state = (await bed.commvault.service<{ userGroups: Array<{ name: string }> }>("state")).userGroups;
      expect(state.filter((g) => g.name === "ra-slowed")).toEqual([]);
      // The next up (no fault) converges.
      await stack.up();
      await stack.destroy();
    }, 120_000);

    it("Wickr: the cap is configurable (wickr:maxRetryAfterSeconds)", async () => {
      const stack = await bed.stack(
        async () => {
          new WickrSecurityGroup("slowed", { networkId: DEFAULT_NETWORK_ID, name: "ra-slowed" });
        },
        { config: { "wickr:maxRetryAfterSeconds": { value: "1" } } },
      );
      await bed.wickr.faults([{ kind: "rateLimit", retryAfterSeconds: 5, match: { operation: "CreateSecurityGroup" } }]);
      const started = Date.now();
      const text = await failureText(stack.up());
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(text).toContain("asks to wait 5 s (Retry-After) before another try, longer than wickr:maxRetryAfterSeconds (1 s)");
      await stack.destroy();
    }, 120_000);
  });

  describe("sets naming a member twice (item 10)", () => {
    const commvault = (users: CommvaultUserGroupArgs["users"]) => async () => {
      new CommvaultUserGroup("team", { name: "dup-team", users });
    };
    const wickr = (settings: WickrSecurityGroupArgs["securityGroupSettings"]) => async () => {
      new WickrSecurityGroup("field", { networkId: DEFAULT_NETWORK_ID, name: "dup-field", securityGroupSettings: settings });
    };

    it.each([
      ["the same name twice", ["alice", "alice"]],
      ["names that differ only in case (Commvault compares names case-insensitively)", ["alice", "Alice"]],
      ["the same id twice", [11, { id: 11 }]],
    ] as Array<[string, CommvaultUserGroupArgs["users"]]>)("Commvault users: %s are refused at preview, at users[1], before any call", async (_what, users) => {
      const stack = await bed.stack(commvault(users));
      await bed.commvault.clearLog();
      const text = await failureText(stack.preview());
      expect(text).toMatch(/CommvaultUserGroup resource 'team': property users\[1\] value .* has a problem: repeats users\[0\]: a set names each member once \(Commvault compares ids exactly and names case-insensitively\)/);
      expect(writes(await bed.commvault.log())).toEqual([]);
    });

    it("Wickr permittedNetworks with a repeated id is refused; ids are compared exactly, and ordered lists may repeat", async () => {
      const stack = await bed.stack(wickr({ federationMode: 2, permittedNetworks: ["11111111", "22222222", "11111111"] }));
      await bed.wickr.clearLog();
      const text = await failureText(stack.preview());
      expect(text).toMatch(
        /WickrSecurityGroup resource 'field': property securityGroupSettings\.permittedNetworks\[2\] value .* has a problem: repeats securityGroupSettings\.permittedNetworks\[0\]: a set names each member once \(values compare exactly\)/,
      );
      expect(writes(await bed.wickr.log())).toEqual([]);
      // Distinct ids, and a repeated quick response (an ordered list, not a set), preview clean.
      stack.setProgram(wickr({ federationMode: 2, permittedNetworks: ["11111111", "11111112"], quickResponses: ["ok", "ok"] }));
      await stack.preview();
    });
  });

  describe("input errors print once, naming the resource as the program does (item 11)", () => {
    it("a bad value: one message, no 'Unhandled exception', no stack trace, no call", async () => {
      const stack = await bed.stack(async () => {
        new CommvaultUserGroup("ops", { name: "once-ops", quotaLimitInGB: -3, enforceFSQuota: true });
      });
      await bed.commvault.clearLog();
      const text = await failureText(stack.preview());
      expect(occurrences(text, "has a problem: Too small")).toBe(2); // the CLI's stderr, repeated once in the error's summary
      expect(text).toMatch(/CommvaultUserGroup resource 'ops': property quotaLimitInGB value \{-3\} has a problem: Too small/);
      expect(text).not.toContain("Unhandled exception");
      expect(text).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
      expect(writes(await bed.commvault.log())).toEqual([]);
    });

    it("an error found at diff names the resource as the program does, once, without a provider stack trace", async () => {
      const group = (calling: { canStart11Call?: boolean; canVideoCall?: boolean }) => async () => {
        new WickrSecurityGroup("guarded", { networkId: DEFAULT_NETWORK_ID, name: "once-guarded", securityGroupSettings: { calling } });
      };
      const stack = await bed.stack(group({ canStart11Call: false, canVideoCall: false }));
      await stack.up();
      const id = (await stack.state()).resources.find((r) => r.urn.endsWith("::guarded"))!.id!;
      stack.setProgram(group({ canVideoCall: true }));
      const text = await failureText(stack.preview());
      const problem = "securityGroupSettings.calling.canVideoCall: canVideoCall can only be enabled when calling.canStart11Call is enabled";
      expect(text).toContain(`WickrSecurityGroup "guarded" has invalid input:\n  - ${problem}`);
      expect(text).not.toContain(id);
      expect(occurrences(text, problem)).toBe(2); // the CLI's stderr, repeated once in the error's summary
      expect(text).not.toMatch(/\n\s+at .*\.(js|ts):\d+/);
      expect(text).not.toContain("InputError");
      stack.setProgram(group({ canStart11Call: false, canVideoCall: false }));
      await stack.destroy();
    });
  });
});
