// CommvaultUserGroup failure paths through the real Pulumi engine against the Commvault emulator
// (issue 12): a create answered 5xx never takes over somebody else's group; a create served
// after the client's timeout records its own group; a mistyped URL never empties the state;
// concurrent 401s of one expiry log in once; a partial update records what the service holds.
import { COMMVAULT_SEED } from "../../emulators/commvault";
import { CommvaultUserGroup, type CommvaultUserGroupArgs } from "../../provider/commvault/resource";
import { changed, TestStack } from "../support/engine";
import { groupByName, groupResource, groupState, logins, passwordConfig, puts, startEmulator, tokenConfig, TYPE_TOKEN, writes, type Emulator } from "./helpers";

const { users } = COMMVAULT_SEED;

const program = (...groups: Array<[string, CommvaultUserGroupArgs]>) => async () => {
  const ids: Record<string, unknown> = {};
  for (const [name, args] of groups) ids[name] = new CommvaultUserGroup(name, args).groupId;
  return ids;
};

const failure = (p: Promise<unknown>) =>
  p.then(
    () => "succeeded",
    (e: Error) => e.message,
  );

const ids = (refs: Array<{ id: number }> | undefined) => (refs ?? []).map((r) => r.id).sort((a, b) => a - b);

describe("CommvaultUserGroup failure paths through the engine", () => {
  let emu: Emulator;

  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu?.server.close();
  });
  beforeEach(async () => {
    await emu.control.reset();
  });

  it("a create answered 503 never takes over a group of the same name made by hand (issue 12, item 1)", async () => {
    await emu.control.service("seed", { userGroups: [{ id: 501, name: "shared-team", users: [users.alice] }] });
    const stack = await TestStack.create(program(["shared", { name: "shared-team", users: ["bob"] }]), { config: tokenConfig(emu.url) });
    try {
      await emu.control.faults([{ kind: "error5xx", status: 503, match: { operation: "CreateUserGroup" } }]);
      await emu.control.clearLog();
      const message = await failure(stack.up());
      expect(message).toMatch(/CommvaultUserGroup "shared": a user group with the declared name already exists \(id 501\)/);
      expect(writes(await emu.control.log())).toEqual([]);
      expect((await stack.state()).resources.filter((r) => r.type === TYPE_TOKEN)).toEqual([]);
      // The hand-made group is untouched, and a destroy leaves it alone.
      await stack.destroy();
      const held = await groupState(emu.control, 501);
      expect([held?.name, ids(held?.users)]).toEqual(["shared-team", [users.alice.id]]);
    } finally {
      await stack.dispose();
    }
  });

  it.each([
    ["served after the timeout", "latency"],
    ["answered after the timeout", "appliedLatency"],
  ])("a create %s recognises its own group and records it (issue 12, item 2)", async (_label, kind) => {
    const config = { ...tokenConfig(emu.url), "commvault:requestTimeoutMs": { value: "1000" } };
    const stack = await TestStack.create(program(["slow", { name: "cv-slow", users: ["alice"] }]), { config });
    try {
      // The POST lands 1.2 s after it was sent: after the client gave up (1 s) and looked the
      // name up (not there yet), before its second POST (0.4 s later), which finds it taken.
      await emu.control.faults([{ kind, latencyMs: 1200, match: { operation: "CreateUserGroup" } }]);
      await emu.control.clearLog();
      await stack.up();
      const made = await emu.control.service<{ userGroups: Array<{ id: number; name: string }> }>("state");
      const slow = made.userGroups.filter((g) => g.name === "cv-slow");
      expect(slow).toHaveLength(1);
      const recorded = await groupResource(stack, "slow");
      expect(recorded.id).toBe(String(slow[0].id));
      expect(ids((await groupState(emu.control, slow[0].id))?.users)).toEqual([users.alice.id]);
      expect(changed((await stack.preview()).steps)).toEqual([]);
      await stack.destroy();
      expect(await groupByName(emu.control, "cv-slow")).toBeUndefined();
    } finally {
      await stack.dispose();
    }
  });

  it("a URL the API does not serve fails refresh and destroy clearly and keeps the state (issue 12, item 6)", async () => {
    const stack = await TestStack.create(program(["kept", { name: "cv-kept" }]), { config: tokenConfig(emu.url) });
    try {
      await stack.up();
      const before = await groupResource(stack, "kept");
      // A refresh configures the provider as the state records it: an up (which calls nothing
      // here) records the new URL first, as a run after a config change would.
      await stack.stack.setConfig("commvault:url", { value: `${emu.url}x` });
      expect(changed((await stack.up()).steps)).toEqual([]);
      const refreshed = await failure(stack.stack.refresh());
      expect(refreshed).toMatch(/CommvaultUserGroup "kept" \(id \d+\): commvault GetUserGroup failed: HTTP 404[^\n]*without Commvault's error body: the commvault:url this operation used/);
      expect(await failure(stack.destroy())).toMatch(/commvault DeleteUserGroup failed: HTTP 404[^\n]*commvault:url/);
      expect((await groupResource(stack, "kept")).outputs).toEqual(before.outputs);
      expect(await groupByName(emu.control, "cv-kept")).toBeDefined();
      // Commvault's own "no such group" still means gone.
      await stack.stack.setConfig("commvault:url", { value: emu.url });
      expect(changed((await stack.up()).steps)).toEqual([]);
      await emu.control.service("delete-group", { id: Number(before.id) });
      await stack.stack.refresh();
      expect((await stack.state()).resources.filter((r) => r.type === TYPE_TOKEN)).toEqual([]);
    } finally {
      await stack.dispose();
    }
  });

  it("concurrent 401s of one token expiry log in once (issue 12, item 9)", async () => {
    const names = ["c1", "c2", "c3", "c4"];
    const declare = (description: string) => program(...names.map((n): [string, CommvaultUserGroupArgs] => [n, { name: `cv-${n}`, description }]));
    const stack = await TestStack.create(declare("before"), { config: passwordConfig(emu.url) });
    try {
      const created = (await stack.up()).outputs as Record<string, number>;
      // The PUT of c1 expires the session at once; the others, sent with the same token, are held
      // 4 s before the service checks it, so they meet the expiry and are answered after c1's
      // retry went out with the new token. On a loaded machine the engine may send the others
      // only after the renewal (then with the new token, and nothing concurrent happened): the
      // round is then played again, up to three times; the promise is checked on a round where
      // at least two 401s came at once.
      let concurrent = false;
      for (let round = 1; round <= 3 && !concurrent; round++) {
        await emu.control.faults([
          { kind: "expireToken", match: { pathPrefix: `/V4/UserGroup/${created.c1}` } },
          { kind: "latency", latencyMs: 4000, count: names.length, match: { operation: "UpdateUserGroup" } },
        ]);
        await emu.control.clearLog();
        stack.setProgram(declare(`after ${round}`));
        await stack.up();
        const log = await emu.control.log();
        for (const n of names) expect((await groupState(emu.control, created[n]))?.description).toBe(`after ${round}`);
        expect(logins(log)).toHaveLength(2); // the run's login and one renewal
        concurrent = puts(log).filter((e) => e.status === 401).length >= 2;
      }
      expect(concurrent).toBe(true);
    } finally {
      await stack.dispose();
    }
  });

  it("a plan switch refused half-way on a server that wants DELETE first puts the old plan back (issue 14)", async () => {
    await emu.control.service("variants", { planSwitch: "deleteFirst" });
    const stack = await TestStack.create(program(["plan", { name: "cv-plan", laptopPlan: "Laptop-Gold" }]), { config: tokenConfig(emu.url) });
    try {
      await stack.up();
      const id = Number((await groupResource(stack, "plan")).id);
      // The ADD is refused by the server (a plan is set), the DELETE passes, the second ADD is refused.
      await emu.control.faults([
        { kind: "latency", latencyMs: 0, count: 2, match: { operation: "UpdateUserGroup" } },
        { kind: "errorCode", errorCode: 587, message: "Failed to update user group", match: { operation: "UpdateUserGroup" } },
      ]);
      await emu.control.clearLog();
      stack.setProgram(program(["plan", { name: "cv-plan", laptopPlan: "Laptop-Silver" }]));
      expect(await failure(stack.up())).toMatch(/Failed to update user group[^\n]*the old plan was added back; the group now has laptop plan "Laptop-Gold"/);
      const sent = puts(await emu.control.log()).map((e) => [(e.body as { planOperationType: string }).planOperationType, (e.body as { laptopPlan: { name: string } }).laptopPlan.name]);
      expect(sent).toEqual([
        ["ADD", "Laptop-Silver"],
        ["DELETE", "Laptop-Gold"],
        ["ADD", "Laptop-Silver"],
        ["ADD", "Laptop-Gold"],
      ]);
      expect((await groupState(emu.control, id))?.plan).toEqual(COMMVAULT_SEED.plans.gold);
      // Without the fault the next up switches.
      await stack.up();
      expect((await groupState(emu.control, id))?.plan).toEqual(COMMVAULT_SEED.plans.silver);
    } finally {
      await stack.dispose();
    }
  });

  it("a refused plan switch on a server where ADD replaces never removes the current plan (issue 19, defect 8)", async () => {
    const stack = await TestStack.create(program(["plan", { name: "cv-plan-keep", laptopPlan: "Laptop-Gold" }]), { config: tokenConfig(emu.url) });
    try {
      await stack.up();
      const id = Number((await groupResource(stack, "plan")).id);
      await emu.control.faults([{ kind: "errorCode", errorCode: 587, message: "Failed to update user group", match: { operation: "UpdateUserGroup" } }]);
      await emu.control.clearLog();
      stack.setProgram(program(["plan", { name: "cv-plan-keep", laptopPlan: "Laptop-Silver" }]));
      const message = await failure(stack.up());
      expect(message).toMatch(/CommvaultUserGroup "plan" \(id \d+\): commvault UpdateUserGroup failed: HTTP 200 errorCode 587: Failed to update user group[^\n(]*\(nothing was changed/);
      // One PUT, the refused ADD: no DELETE of the current plan, no window without a plan.
      expect(puts(await emu.control.log()).map((e) => e.body)).toEqual([{ laptopPlan: COMMVAULT_SEED.plans.silver, planOperationType: "ADD" }]);
      expect((await groupState(emu.control, id))?.plan).toEqual(COMMVAULT_SEED.plans.gold);
      expect((await groupResource(stack, "plan")).outputs.reported.laptopPlan).toEqual(COMMVAULT_SEED.plans.gold);
    } finally {
      await stack.dispose();
    }
  });

  it("a remove-first switch whose ADD and put-back both fail says what the group now holds and records only that (issue 19, defect 8)", async () => {
    await emu.control.service("variants", { planSwitch: "deleteFirst" });
    const stack = await TestStack.create(program(["plan", { name: "cv-plan-lost", laptopPlan: "Laptop-Gold" }]), { config: tokenConfig(emu.url) });
    try {
      await stack.up();
      const id = Number((await groupResource(stack, "plan")).id);
      // The ADD is refused by the server (remove the plan first), the DELETE passes, the ADD of
      // the new plan and the put-back of the old one are refused.
      await emu.control.faults([
        { kind: "latency", latencyMs: 0, count: 2, match: { operation: "UpdateUserGroup" } },
        { kind: "errorCode", errorCode: 587, message: "Failed to update user group", count: 2, match: { operation: "UpdateUserGroup" } },
      ]);
      await emu.control.clearLog();
      stack.setProgram(program(["plan", { name: "cv-plan-lost", laptopPlan: "Laptop-Silver" }]));
      const message = await failure(stack.up());
      expect(message).toMatch(/remove it first[^\n]*the old plan was removed, then the ADD of the new one failed; adding the old plan back failed too; the group now has no laptop plan/);
      expect((await groupState(emu.control, id))?.plan).toBeUndefined();
      // The state records what the service holds (no plan), so the next preview shows the plan to add.
      expect((await groupResource(stack, "plan")).outputs.reported.laptopPlan).toBeNull();
      await emu.control.clearFaults();
      await stack.up();
      expect((await groupState(emu.control, id))?.plan).toEqual(COMMVAULT_SEED.plans.silver);
    } finally {
      await stack.dispose();
    }
  });

  it('resumeCreates "*" is refused; a named resume takes a hand-made group over only with a warning naming it (issue 19, issue 20)', async () => {
    await emu.control.service("seed", { userGroups: [{ id: 601, name: "hand-made-team", users: [users.alice] }] });
    const stack = await TestStack.create(program(["team", { name: "hand-made-team", users: ["bob"] }]), {
      config: { ...tokenConfig(emu.url), "commvault:resumeCreates": { value: "*" } },
    });
    try {
      await emu.control.clearLog();
      const refused = await failure(stack.up());
      expect(refused).toMatch(/commvault:resumeCreates \(or COMMVAULT_RESUME_CREATES\) is "\*", which would take over any user group[^\n]*name each group/);
      expect(writes(await emu.control.log())).toEqual([]);
      expect(ids((await groupState(emu.control, 601))?.users)).toEqual([users.alice.id]);
      expect((await stack.state()).resources.filter((r) => r.type === TYPE_TOKEN)).toEqual([]);
      // Named exactly: never silent. The run says which group it takes over and what that means.
      await stack.stack.setConfig("commvault:resumeCreates", { value: "hand-made-team" });
      // (Plain `pulumi up`: the CLI's --diff display leaves the provider's warnings out.)
      const taken = await stack.stack.up();
      expect(taken.stdout).toMatch(/warning: CommvaultUserGroup "team": took over the existing user group id 601 named "hand-made-team" as the group an interrupted create made[^\n]*`pulumi destroy` deletes it/);
      expect((await groupResource(stack, "team")).id).toBe("601");
    } finally {
      await stack.dispose();
    }
  });

  it("a destroy after a corrected commvault:url says which URL it used and the way out (issue 19)", async () => {
    const stack = await TestStack.create(program(["kept", { name: "cv-kept-url" }]), { config: tokenConfig(emu.url) });
    try {
      await stack.up();
      const wrong = `${emu.url}x`;
      await stack.stack.setConfig("commvault:url", { value: wrong });
      expect(changed((await stack.up()).steps)).toEqual([]); // the wrong URL is now the recorded one
      await stack.stack.setConfig("commvault:url", { value: emu.url }); // corrected, not yet recorded
      const message = await failure(stack.destroy());
      expect(message).toContain(`the commvault:url this operation used, ${wrong},`);
      expect(message).toMatch(/configuration recorded at the last `pulumi up`[^\n]*run `pulumi up` first[^\n]*`pulumi destroy --run-program`/);
      expect(await groupByName(emu.control, "cv-kept-url")).toBeDefined();
      // The way out named in the message works: destroy with the program's (corrected) configuration.
      await stack.stack.destroy({ runProgram: true });
      expect(await groupByName(emu.control, "cv-kept-url")).toBeUndefined();
    } finally {
      await stack.dispose();
    }
  });

  it("a partial update records what the service holds, so the next preview shows what is left (issue 12, item 5)", async () => {
    const stack = await TestStack.create(program(["team", { name: "cv-team", users: ["alice", "bob"] }]), { config: tokenConfig(emu.url) });
    try {
      await stack.up();
      const id = Number((await groupResource(stack, "team")).id);
      // Two PUTs: the first is applied, the second refused.
      await emu.control.faults([
        { kind: "latency", latencyMs: 0, match: { operation: "UpdateUserGroup" } },
        { kind: "errorCode", errorCode: 587, message: "Failed to update user group", match: { operation: "UpdateUserGroup" } },
      ]);
      await emu.control.clearLog();
      stack.setProgram(program(["team", { name: "cv-team", users: ["carol"] }]));
      const message = await failure(stack.up());
      expect(message).toMatch(/CommvaultUserGroup "team" \(id \d+\): commvault UpdateUserGroup failed: HTTP 200 errorCode 587: Failed to update user group[^(]*\(the first 1 of 2 requests were applied/);
      // DELETE went first: half-way, the group has lost members and gained none.
      expect(puts(await emu.control.log()).map((e) => (e.body as { userOperationType: string }).userOperationType)).toEqual(["DELETE", "ADD"]);
      expect(ids((await groupState(emu.control, id))?.users)).toEqual([]);
      // The state holds the service's view: the next preview shows what is left to do, also
      // when the program goes back to its old members.
      const recorded = await groupResource(stack, "team");
      expect(recorded.outputs.reported).toMatchObject({ users: [] });
      expect(changed((await stack.preview()).steps).map((s) => [s.name, s.op, s.diffs])).toEqual([["team", "update", ["users"]]]);
      // Back to the old members: still an update (the engine keeps the old inputs after a partial
      // failure, so its property list stays empty; the diff against the recorded view finds it).
      stack.setProgram(program(["team", { name: "cv-team", users: ["alice", "bob"] }]));
      expect(changed((await stack.preview()).steps).map((s) => [s.name, s.op])).toEqual([["team", "update"]]);
      await stack.up();
      expect(ids((await groupState(emu.control, id))?.users)).toEqual([users.alice.id, users.bob.id]);
      expect(changed((await stack.preview()).steps)).toEqual([]);
    } finally {
      await stack.dispose();
    }
  });
});
