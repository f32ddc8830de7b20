// Issue 19, defect 10: an import never writes a value the program marks secret in plaintext to
// any state file (the stack file, its .bak, .pulumi/backups and .pulumi/history). Through the
// paths users import with: importCommvaultUserGroup, importWickrSecurityGroup (the helpers, with
// the value given in args and without), all with the real engine (the import command and discover --import-into go through the same importResources).
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { EmulatorControl } from "../../emulators/core/control-client";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { CommvaultUserGroup, importCommvaultUserGroup, importWickrSecurityGroup, WickrSecurityGroup } from "../../provider";
import { changed, TestStack } from "../support/engine";

const CV_SECRET = "cv-secret-description-7777";
const WICKR_SECRET = "wickr-secret-name-8888";
const CV_SECRET_2 = "cv-secret-description-9999";

/** Every file under `dir` whose content holds `text`. */
function filesHolding(dir: string, text: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (fs.readFileSync(p).includes(text)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

describe("an import records what the program marks secret as secret, in every state file", () => {
  let emus: RunningEmulators;
  let stack: TestStack;
  beforeAll(async () => {
    emus = await startEmulators();
    await new EmulatorControl(emus.commvault.controlUrl).service("seed", {
      userGroups: [
        { id: 6001, name: "cv-secret-group", description: CV_SECRET },
        { id: 6002, name: "cv-secret-group-2", description: CV_SECRET_2 },
      ],
    });
    await new EmulatorControl(emus.wickr.controlUrl).service("seed", {
      networks: [{ networkId: DEFAULT_NETWORK_ID, groups: [{ id: "secret01", name: WICKR_SECRET, securityGroupSettings: { maxBor: 30 } }] }],
    });
    stack = await TestStack.create(
      async () => {
        new CommvaultUserGroup("cv", { name: "cv-secret-group", description: pulumi.secret(CV_SECRET) });
        new CommvaultUserGroup("cv2", { name: "cv-secret-group-2", description: pulumi.secret(CV_SECRET_2) });
        new WickrSecurityGroup("wk", { networkId: DEFAULT_NETWORK_ID, name: pulumi.secret(WICKR_SECRET), securityGroupSettings: { maxBor: 30 } });
      },
      { config: emus.stackConfig(), env: emus.stackEnv() },
    );
  });
  afterAll(async () => {
    await stack?.dispose();
    await emus?.close();
  });

  it("importCommvaultUserGroup (value in args, and no args) and importWickrSecurityGroup (no args): no plaintext in any state file", async () => {
    await importCommvaultUserGroup(stack.stack, "cv", 6001, { args: { name: "cv-secret-group", description: CV_SECRET } });
    await importWickrSecurityGroup(stack.stack, "wk", `${DEFAULT_NETWORK_ID}/secret01`);
    await importCommvaultUserGroup(stack.stack, "cv2", 6002);
    const state = path.join(stack.dir, "state");
    expect(filesHolding(state, CV_SECRET)).toEqual([]);
    expect(filesHolding(state, CV_SECRET_2)).toEqual([]);
    expect(filesHolding(state, WICKR_SECRET)).toEqual([]);
    // The imports manage the groups: the program previews with no change.
    expect(changed((await stack.preview()).steps)).toEqual([]);
  }, 300_000);
});
