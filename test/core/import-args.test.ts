// The import helpers take the resource classes' Args types; values that only a program run
// can resolve (Outputs, Promises) are refused, naming the path, before the stack is touched.
import * as pulumi from "@pulumi/pulumi";
import type { Stack } from "@pulumi/pulumi/automation";
import { CommvaultUserGroupArgs, importCommvaultUserGroup, importWickrSecurityGroup, InputError, WickrSecurityGroupArgs } from "../../provider";

/** A stack whose every use fails the test: the refusal must come first. */
const untouchedStack = new Proxy({}, { get: (_t, prop) => { throw new Error(`the stack was used (${String(prop)})`); } }) as unknown as Stack;

describe("import helpers' args", () => {
  it("accept the Args types and refuse an Output, naming the path, before any stack call", async () => {
    const commvault: CommvaultUserGroupArgs = { name: pulumi.output("ops"), users: ["alice", Promise.resolve("bob")] };
    const err = await importCommvaultUserGroup(untouchedStack, "ops", 42, { args: commvault }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain('CommvaultUserGroup "ops"');
    expect((err as InputError).problems.map((p) => p.path)).toEqual(["name", "users[1]"]);

    const wickr: WickrSecurityGroupArgs = { networkId: "12345678", name: "team", securityGroupSettings: { lockoutThreshold: pulumi.output(12) } };
    const werr = await importWickrSecurityGroup(untouchedStack, "team", "12345678/abc", { args: wickr }).catch((e: unknown) => e);
    expect((werr as InputError).problems.map((p) => p.path)).toEqual(["securityGroupSettings.lockoutThreshold"]);
  });

  it("refuse to import an adopting WickrSecurityGroup (issue 20: an import cannot know the original destroy gives back), before any stack call", async () => {
    const wickr: WickrSecurityGroupArgs = { networkId: "12345678", adopt: "default", securityGroupSettings: { lockoutThreshold: 12 } };
    const err = await importWickrSecurityGroup(untouchedStack, "default-group", "12345678/abc", { args: wickr }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain('WickrSecurityGroup "default-group"');
    expect((err as InputError).problems.map((p) => p.path)).toEqual(["adopt"]);
    expect((err as InputError).message).toContain("`pulumi up` adopts it");
  });
});
