// The create body: the local groups go in the POST, as Commvault's published "create user
// group" page lists them (one PUT fewer); a server that takes only the seed's four fields
// refuses them (the create is sent again without them, the PUT carries them), and one that
// accepts but skips them gets them by PUT after the create's read. Each through the engine,
// with the exact requests.
import { COMMVAULT_SEED, createCommvaultEmulator, type CommvaultVariants, type UserGroup } from "../../emulators/commvault";
import { EmulatorControl } from "../../emulators/core/control-client";
import { CommvaultUserGroup } from "../../provider/commvault/resource";
import { TestStack } from "../support/engine";
import { calls, groupState, passwordConfig, type Emulator } from "./helpers";

const { userGroups } = COMMVAULT_SEED;
/** The login, the reference listing the local group is resolved from, and the create's name probe. */
const LISTINGS = ["POST Login", "GET ListAllUserGroups", "GET ListUserGroups"];

const CASES: Array<[CommvaultVariants["createBody"], string[]]> = [
  ["published", [...LISTINGS, "POST CreateUserGroup", "GET GetUserGroup"]],
  ["seed", [...LISTINGS, "POST CreateUserGroup", "POST CreateUserGroup", "PUT UpdateUserGroup", "GET GetUserGroup"]],
  ["ignored", [...LISTINGS, "POST CreateUserGroup", "GET GetUserGroup", "PUT UpdateUserGroup", "GET GetUserGroup"]],
];

describe.each(CASES)("a create with local groups on a server whose create body is %s", (createBody, expected) => {
  let emu: Emulator;
  beforeAll(async () => {
    const server = createCommvaultEmulator({ variants: { createBody } });
    const url = await server.listen(0);
    emu = { server, control: new EmulatorControl(server.controlUrl), url };
  });
  afterAll(async () => {
    await emu?.server.close();
  });

  it("ends with the group holding them, in as few requests as that server allows", async () => {
    const stack = await TestStack.create(async () => ({ id: new CommvaultUserGroup("locals", { name: "with-locals", description: "d", associatedLocalGroups: ["View All"] }).groupId }), {
      config: passwordConfig(emu.url),
    });
    try {
      await emu.control.clearLog();
      const up = await stack.up();
      const log = await emu.control.log();
      expect(calls(log)).toEqual(expected);
      const group = (await groupState(emu.control, up.outputs?.id as number)) as UserGroup;
      expect(group.associatedLocalGroups.map((g) => g.id)).toEqual([userGroups.viewAll.id]);
      const posts = log.filter((e) => e.operation === "CreateUserGroup");
      expect((posts[0].body as Record<string, unknown>).localUserGroups).toEqual([userGroups.viewAll]);
      if (createBody === "seed") expect(posts[1].body).toEqual({ name: "with-locals", description: "d" });
      // Nothing left to do: the next preview is quiet.
      await emu.control.clearLog();
      const preview = await stack.preview();
      expect(preview.steps.filter((s) => s.op !== "same")).toEqual([]);
    } finally {
      await stack.destroy().catch(() => undefined);
      await stack.dispose();
    }
  });
});
