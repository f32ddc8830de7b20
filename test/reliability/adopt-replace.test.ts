// Issue 12 item 12 through the real engine: removing or changing `adopt` replaces the resource.
// The preview says what happens (a replacement that releases the old resource first), the
// replacement never fails half-way with "name taken", and never deletes an adopted group nor
// the group a resource owned. Both resources.
import { CommvaultUserGroup, WickrSecurityGroup } from "../../provider";
import { changed } from "../support/engine";
import { Bed, failureText, testBed, writes } from "./support";

const NETWORK = "24682468";
/** The steps of a replacement that releases the old resource before the new one is made. */
const RELEASE_FIRST = ["delete-replaced", "replace", "create-replacement"];

describe("changing or removing adopt (item 12)", () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await testBed();
    await bed.commvault.service("seed", {
      userGroups: [
        { id: 60, name: "cv-adopt-hand", description: "made by hand", users: [{ id: 11, name: "alice" }] },
        { id: 61, name: "cv-adopt-other", description: "made by hand too" },
      ],
    });
    await bed.wickr.service("seed", {
      networks: [
        {
          networkId: NETWORK,
          groups: [
            { id: "def24680", name: "default", isDefault: true },
            { id: "hand2468", name: "hand-made", securityGroupSettings: { lockoutThreshold: 11 } },
          ],
        },
      ],
    });
  });
  afterAll(() => bed.close());

  const commvaultGroups = async () => (await bed.commvault.service<{ userGroups: Array<{ id: number; name: string; description: string }> }>("state")).userGroups;
  const wickrGroups = async () =>
    (await bed.wickr.service<{ networks: Array<{ networkId: string; groups: Array<{ id: string; name: string; securityGroupSettings: any }> }> }>("state")).networks.find(
      (n) => n.networkId === NETWORK,
    )!.groups;

  it("Commvault: removing adopt is refused at preview (the adopted group keeps the name), no call, the group untouched", async () => {
    const stack = await bed.stack(async () => {
      new CommvaultUserGroup("hand", { name: "cv-adopt-hand", adopt: "byName", description: "managed now" });
    });
    await stack.up();
    stack.setProgram(async () => {
      new CommvaultUserGroup("hand", { name: "cv-adopt-hand", description: "managed now" });
    });
    await bed.commvault.clearLog();
    const text = await failureText(stack.preview());
    expect(text).toContain(
      'CommvaultUserGroup "hand" has invalid input:\n  - adopt: removing adopt replaces the resource with a new group named "cv-adopt-hand", but the adopted group, which stays (an adopted group is never deleted), holds that name',
    );
    await expect(stack.up()).rejects.toThrow(/removing adopt replaces the resource/);
    expect(writes(await bed.commvault.log())).toEqual([]);
    expect((await commvaultGroups()).find((g) => g.id === 60)).toMatchObject({ name: "cv-adopt-hand", description: "managed now" });

    // Changing adopt's form (byName -> { id }) replaces: the old resource is released first,
    // the same group adopted again; it is never deleted.
    stack.setProgram(async () => {
      new CommvaultUserGroup("hand", { name: "cv-adopt-hand", adopt: { id: 60 }, description: "managed now" });
    });
    const preview = await stack.preview();
    // The preview says it: the old resource is released first (an adopted group is never
    // deleted), then the group is adopted again.
    expect(changed(preview.steps).map((s) => s.op)).toEqual(RELEASE_FIRST);
    expect(preview.stdout).toMatch(/\+-pulumi-nodejs:dynamic\/commvault:CommvaultUserGroup: \(replace\)[\s\S]*- adopt: "byName"/);
    const up = await stack.up();
    expect(changed(up.steps).map((s) => s.op)).toEqual(RELEASE_FIRST);
    expect(writes(await bed.commvault.log()).filter((e) => e.operation === "DeleteUserGroup")).toEqual([]);
    expect((await commvaultGroups()).find((g) => g.id === 60)).toBeDefined();
    await stack.destroy();
    expect((await commvaultGroups()).find((g) => g.id === 60)).toBeDefined(); // an adopted group is never deleted
  });

  it("Commvault: adopting the group this resource created is refused at preview; nothing is deleted", async () => {
    const stack = await bed.stack(async () => {
      new CommvaultUserGroup("own", { name: "cv-adopt-own" });
    });
    await stack.up();
    const id = (await commvaultGroups()).find((g) => g.name === "cv-adopt-own")!.id;
    stack.setProgram(async () => {
      new CommvaultUserGroup("own", { name: "cv-adopt-own", adopt: "byName" });
    });
    const text = await failureText(stack.preview());
    expect(text).toContain(`CommvaultUserGroup "own" has invalid input:\n  - adopt: group ${id} is this resource's own`);
    await expect(stack.up()).rejects.toThrow(/this resource's own/);
    expect((await commvaultGroups()).find((g) => g.id === id)).toBeDefined();
    stack.setProgram(async () => {
      new CommvaultUserGroup("own", { name: "cv-adopt-own" });
    });
    await stack.destroy();
  });

  it("Wickr: removing adopt gives the adopted group back (restored, not deleted) and creates the program's own", async () => {
    const stack = await bed.stack(async () => {
      new WickrSecurityGroup("hand", { networkId: NETWORK, adopt: { groupId: "hand2468" }, name: "wk-adopted", securityGroupSettings: { lockoutThreshold: 12 } });
    });
    await stack.up();
    expect((await wickrGroups()).find((g) => g.id === "hand2468")).toMatchObject({ name: "wk-adopted" });
    stack.setProgram(async () => {
      new WickrSecurityGroup("hand", { networkId: NETWORK, name: "wk-adopted", securityGroupSettings: { lockoutThreshold: 12 } });
    });
    // The group resource is replaced, released first; its adoption record goes (a no-op delete).
    const opsOf = (steps: ReturnType<typeof changed>, name: string) => steps.filter((s) => s.name === name).map((s) => s.op);
    const preview = await stack.preview();
    expect(opsOf(changed(preview.steps), "hand")).toEqual(RELEASE_FIRST);
    expect(opsOf(changed(preview.steps), "hand-adoption")).toEqual(["delete"]);
    const up = await stack.up();
    expect(opsOf(changed(up.steps), "hand")).toEqual(RELEASE_FIRST);
    expect(opsOf(changed(up.steps), "hand-adoption")).toEqual(["delete"]);
    const groups = await wickrGroups();
    // The adopted group is still there, with the name and settings it had when adopted.
    expect(groups.find((g) => g.id === "hand2468")).toMatchObject({ name: "hand-made", securityGroupSettings: expect.objectContaining({ lockoutThreshold: 11 }) });
    const own = groups.filter((g) => g.name === "wk-adopted");
    expect(own).toHaveLength(1);
    expect(own[0].securityGroupSettings.lockoutThreshold).toBe(12);
    await stack.destroy();
    expect((await wickrGroups()).map((g) => g.id).sort()).toEqual(["def24680", "hand2468"]);
  });

  it("Wickr: adopting the group this resource created is refused at preview; nothing is deleted", async () => {
    const stack = await bed.stack(async () => {
      new WickrSecurityGroup("own", { networkId: NETWORK, name: "wk-own" });
    });
    await stack.up();
    const id = (await wickrGroups()).find((g) => g.name === "wk-own")!.id;
    stack.setProgram(async () => {
      new WickrSecurityGroup("own", { networkId: NETWORK, name: "wk-own", adopt: { groupId: id } });
    });
    const text = await failureText(stack.preview());
    expect(text).toContain(`WickrSecurityGroup "own" has invalid input:\n  - adopt: group ${NETWORK}/${id} is this resource's own`);
    await expect(stack.up()).rejects.toThrow(/this resource's own/);
    expect((await wickrGroups()).find((g) => g.id === id)).toBeDefined();
    stack.setProgram(async () => {
      new WickrSecurityGroup("own", { networkId: NETWORK, name: "wk-own" });
    });
    await stack.destroy();
  });
});
