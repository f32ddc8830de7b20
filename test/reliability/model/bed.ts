// The model test's bed: both emulators, the Wickr front (front.ts) the stacks reach Wickr
// through, the groups the program never touches (bystanders), and a fresh stack per sequence.
import { EmulatorControl } from "../../../emulators/core/control-client";
import { startEmulators, RunningEmulators } from "../../../emulators/cli";
import { COMMVAULT_TEST_CREDENTIALS } from "../../../emulators/commvault";
import { TestStack } from "../../support/engine";
import { WickrFront } from "./front";
import { DISCOVERABLE_NAME, IMPORTABLE_NAME, IMPORTABLE_W_NAME } from "./model";
import { NETWORK } from "./program";

/** Every request times out after this; a "slow answer" fault holds an answer 2.5 times longer. */
export const REQUEST_TIMEOUT_MS = 2_000;

export interface ModelBed {
  emus: RunningEmulators;
  front: WickrFront;
  wickr: EmulatorControl;
  commvault: EmulatorControl;
  /** The credentials that must never appear in plaintext (with the encodings they travel in). */
  credentials: Record<string, string>;
  /** What `discover` logs in to the CommServe with (passed as its flags). */
  commvaultLogin: { url: string; username: string; password: string };
  /** Resets the services to the seeded bystanders and makes a fresh stack for one sequence. */
  fresh(): Promise<TestStack>;
  close(): Promise<void>;
}

/** The groups no program of the model ever declares or adopts (besides the emulators' own seeds). */
const WICKR_SEED = {
  networks: [
    {
      networkId: NETWORK,
      networkName: "model-test",
      accessLevel: "STANDARD",
      groups: [
        { id: "mtdef001", name: "default", isDefault: true, activeMembers: 3 },
        { id: "mtbys001", name: "bystander-w", securityGroupSettings: { lockoutThreshold: 17, presenceEnabled: false } },
        { id: "mtimp001", name: IMPORTABLE_W_NAME, securityGroupSettings: { lockoutThreshold: 16, presenceEnabled: true } },
      ],
    },
  ],
};
const COMMVAULT_SEED = {
  userGroups: [
    { id: 900, name: "bystander-c", description: "made by hand", users: [{ id: 12, name: "bob" }] },
    { id: 950, name: IMPORTABLE_NAME, description: "made by hand, to be imported", users: [{ id: 13, name: "carol" }] },
    {
      id: 960,
      name: DISCOVERABLE_NAME,
      description: "made by hand, to be discovered",
      users: [
        { id: 11, name: "alice" },
        { id: 14, name: "dave" },
      ],
      plan: { id: 202, name: "Laptop-Silver" },
    },
  ],
};
/** The default group the model adopts. */
export const ADOPTABLE = `w:${NETWORK}/mtdef001`;
/** The ids of the groups the import commands take over (`ci`, `wi`). */
export const IMPORTABLE_C_ID = "950";
export const IMPORTABLE_W_ID = `${NETWORK}/mtimp001`;
/** The pre-existing groups a program may take over (adopt, import, discover): every other one is a bystander. */
export const TAKEABLE: ReadonlySet<string> = new Set([ADOPTABLE, `c:${IMPORTABLE_C_ID}`, `w:${IMPORTABLE_W_ID}`, "c:960"]);

export async function modelBed(): Promise<ModelBed> {
  const emus = await startEmulators();
  const front = new WickrFront(emus.wickr.url);
  await front.listen();
  const info = emus.describe() as any;
  const password: string = info.commvault.credentials.password;
  const stacks: TestStack[] = [];
  const wickr = new EmulatorControl(emus.wickr.controlUrl);
  const commvault = new EmulatorControl(emus.commvault.controlUrl);
  return {
    emus,
    front,
    wickr,
    commvault,
    commvaultLogin: { url: emus.commvault.url, username: COMMVAULT_TEST_CREDENTIALS.username, password },
    credentials: {
      "Commvault password": password,
      "Commvault password (base64)": Buffer.from(password).toString("base64"),
      "AWS secret access key": info.wickr.credentials.secretAccessKey,
    },
    async fresh() {
      for (const s of stacks.splice(0)) await s.dispose();
      front.set(undefined);
      await wickr.reset();
      await commvault.reset();
      await wickr.service("seed", WICKR_SEED);
      await commvault.service("seed", COMMVAULT_SEED);
      const stack = await TestStack.create(async () => {}, {
        projectName: "model-test",
        config: {
          ...emus.stackConfig(),
          "wickr:endpoint": { value: front.url },
          "wickr:requestTimeoutMs": { value: String(REQUEST_TIMEOUT_MS) },
          "commvault:requestTimeoutMs": { value: String(REQUEST_TIMEOUT_MS) },
        },
        env: emus.stackEnv(),
      });
      stacks.push(stack);
      return stack;
    },
    async close() {
      for (const s of stacks.splice(0)) await s.dispose();
      await front.close();
      await emus.close();
    },
  };
}
