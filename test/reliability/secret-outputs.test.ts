// Issue 12 item 3: a value the program marks secret stays encrypted in every output that carries
// it. Through the real engine: Commvault `description`, Wickr `name` and `quickResponses` as
// secrets; after up, an update, a refresh and an adoption, no plaintext anywhere in the stack's
// folder (state file, its backups and history), and `reported` / `adoptedState` are secret in
// the export and in the stack's outputs. A program without secrets keeps them in the clear.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CommvaultUserGroup, WickrSecurityGroup } from "../../provider";
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import { Bed, testBed } from "./support";

const SECRETS = {
  description: "cv-description-secret-5150",
  wickrName: "wickr-name-secret-8842",
  quickResponse: "quick-response-secret-3377",
  adoptedName: "adopted-name-secret-6021",
};
const ADOPT_NETWORK = "55667788";
const HAND_MADE = "hand0001";
const SECRET_MARK = "4dabf18193072939515e22adb298388d";

function program(variant: number, adoptedId?: string) {
  return async () => {
    const c = new CommvaultUserGroup("cv", { name: "secret-out-cv", description: pulumi.secret(`${SECRETS.description}-${variant}`), users: ["alice"] });
    const w = new WickrSecurityGroup("wk", {
      networkId: DEFAULT_NETWORK_ID,
      name: pulumi.secret(`${SECRETS.wickrName}-${variant}`),
      securityGroupSettings: { lockoutThreshold: 10 + variant, quickResponses: pulumi.secret([`${SECRETS.quickResponse}-${variant}`]) },
    });
    const out: Record<string, unknown> = { cvReported: c.reported, wkReported: w.reported, cvGroupId: c.groupId };
    if (adoptedId !== undefined) {
      const a = new WickrSecurityGroup("adopted", {
        networkId: ADOPT_NETWORK,
        adopt: { groupId: adoptedId },
        name: pulumi.secret(`${SECRETS.adoptedName}-${variant}`),
      });
      out.adoptedState = a.adoptedState;
      out.adoptedReported = a.reported;
    }
    return out;
  };
}

function plaintextHits(dir: string): string[] {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((p) => fs.statSync(p).isFile());
  const hits: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    for (const value of Object.values(SECRETS)) if (text.includes(value)) hits.push(`${path.relative(dir, file)}: ${value}`);
  }
  return hits;
}

describe("secret inputs stay secret in every output", () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await testBed();
  });
  afterAll(() => bed.close());

  it("no plaintext in state, backups or history after up, update, refresh and adoption; carriers exported as secrets", async () => {
    const stack = await bed.stack(program(0));
    await stack.up();
    // The service really holds the secret (the scan below is not vacuous).
    const held = (await bed.commvault.service<{ userGroups: Array<{ name: string; description: string }> }>("state")).userGroups;
    expect(held.find((g) => g.name === "secret-out-cv")?.description).toBe(`${SECRETS.description}-0`);
    expect(plaintextHits(stack.dir)).toEqual([]);

    // Adopt a hand-made group whose current name is then replaced by a secret one; update all.
    await bed.wickr.service("seed", {
      networks: [
        {
          networkId: ADOPT_NETWORK,
          groups: [
            { id: "adopt001", name: "default", isDefault: true },
            { id: HAND_MADE, name: "hand-made" },
          ],
        },
      ],
    });
    const adoptedId = HAND_MADE;
    stack.setProgram(program(1, adoptedId));
    await stack.up();
    expect(plaintextHits(stack.dir)).toEqual([]);
    await stack.refresh();
    expect(plaintextHits(stack.dir)).toEqual([]);

    const exported = await stack.state();
    const byName = (name: string) => exported.resources.find((r) => r.urn.endsWith(`::${name}`))!;
    for (const name of ["cv", "wk"]) {
      expect(byName(name).outputs.reported[SECRET_MARK]).toBeDefined();
    }
    if (adoptedId !== undefined) expect(byName("adopted").outputs.adoptedState[SECRET_MARK]).toBeDefined();

    const outputs = await stack.stack.outputs();
    expect(outputs.cvReported.secret).toBe(true);
    expect(outputs.wkReported.secret).toBe(true);
    expect(outputs.cvGroupId.secret).toBe(false); // only what carries a secret
    expect(outputs.cvReported.value.description).toBe(`${SECRETS.description}-1`); // still readable by the program
    if (adoptedId !== undefined) {
      expect(outputs.adoptedState.secret).toBe(true);
      expect(outputs.adoptedReported.secret).toBe(true);
    }
    await stack.destroy();
    expect(plaintextHits(stack.dir)).toEqual([]);
  });

  it("a value newly marked secret (unchanged) makes its outputs secret at the next up, sending nothing", async () => {
    const value = "marked-later-secret-9090";
    const declare = (secret: boolean) => async () => {
      const c = new CommvaultUserGroup("later", { name: "secret-out-later", description: secret ? pulumi.secret(value) : value });
      return { reported: c.reported };
    };
    const stack = await bed.stack(declare(false));
    await stack.up();
    stack.setProgram(declare(true));
    await bed.commvault.clearLog();
    await stack.up();
    expect((await bed.commvault.log()).filter((e) => e.method !== "GET" && e.operation !== "Login")).toEqual([]);
    const current = (await stack.state()).resources.find((r) => r.urn.endsWith("::later"))!;
    expect(current.outputs.reported[SECRET_MARK]).toBeDefined();
    expect(current.outputs.description[SECRET_MARK]).toBeDefined();
    expect((await stack.stack.outputs()).reported.secret).toBe(true);
    await stack.destroy();
  });

  it("without secret inputs, reported stays in the clear", async () => {
    const stack = await bed.stack(async () => {
      const c = new CommvaultUserGroup("plain", { name: "secret-out-plain", description: "plain words" });
      return { reported: c.reported };
    });
    await stack.up();
    const outputs = await stack.stack.outputs();
    expect(outputs.reported.secret).toBe(false);
    expect(outputs.reported.value.description).toBe("plain words");
    await stack.destroy();
  });
});
