// Golden tests of what `pulumi preview --diff` prints for representative changes, through the
// real engine against the emulators: one stack brought up once, then one preview per change
// (previews change nothing, so every case starts from the same state). The normalized engine
// text is compared with test/previews/golden/<case>.txt; `UPDATE_GOLDEN=1` rewrites them.
// Every preview is also checked to have sent no write to either service.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { COMMVAULT_TEST_CREDENTIALS } from "../../emulators/commvault";
import type { LogEntry } from "../../emulators/core/server";
import { DEFAULT_NETWORK_ID, SSO_NETWORK_ID, WICKR_TEST_REGION } from "../../emulators/wickr";
import { CommvaultUserGroup, CommvaultUserGroupArgs, WickrSecurityGroup, WickrSecurityGroupArgs } from "../../provider";
import { changed, TestStack } from "../support/engine";
import { isolatedAwsEnv } from "../support/aws-env";

const GOLDEN_DIR = path.join(__dirname, "golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const REPO = path.resolve(__dirname, "..", "..");

const SECRET_DESCRIPTION = "ops-description-secret-4711";
const SECRET_DESCRIPTION_CHANGED = "ops-description-secret-4712";

interface Variant {
  wickr?: Partial<WickrSecurityGroupArgs>;
  commvault?: Partial<CommvaultUserGroupArgs>;
}

/** The baseline both resources start from; each case changes one thing. */
function program(variant: Variant = {}): PulumiFn {
  return async () => {
    new WickrSecurityGroup("field-team", {
      networkId: DEFAULT_NETWORK_ID,
      name: "field-team",
      securityGroupSettings: {
        lockoutThreshold: 12,
        forceDeviceLockout: 3,
        calling: { canStart11Call: true, canVideoCall: true },
        permittedNetworks: ["11223344"],
        federationMode: 2,
      },
      ...variant.wickr,
    });
    new CommvaultUserGroup("ops", {
      name: "ops-team",
      description: pulumi.secret(SECRET_DESCRIPTION),
      enabled: true,
      users: ["alice", "bob"],
      restrictConsoleTypes: ["COMMCELLCONSOLE"],
      ...variant.commvault,
    });
  };
}

const BASE_SETTINGS = {
  lockoutThreshold: 12,
  forceDeviceLockout: 3,
  calling: { canStart11Call: true, canVideoCall: true },
  permittedNetworks: ["11223344"],
  federationMode: 2 as const,
};

interface Case {
  name: string;
  variant: Variant;
  /**
   * The resource that must show a change: its steps (a replacement is three: create the new
   * one, replace, delete the old one) and the property paths of the main step's detailed diff.
   */
  expect: { resource: string; ops: string[]; keys: string[] };
}

const CASES: Case[] = [
  {
    name: "scalar",
    variant: { wickr: { securityGroupSettings: { ...BASE_SETTINGS, lockoutThreshold: 15 } } },
    expect: { resource: "field-team", ops: ["update"], keys: ["securityGroupSettings.lockoutThreshold"] },
  },
  {
    name: "nested-field",
    variant: { wickr: { securityGroupSettings: { ...BASE_SETTINGS, calling: { canStart11Call: true, canVideoCall: false } } } },
    expect: { resource: "field-team", ops: ["update"], keys: ["securityGroupSettings.calling.canVideoCall"] },
  },
  {
    name: "set-add",
    variant: { commvault: { users: ["alice", "bob", "carol"] } },
    expect: { resource: "ops", ops: ["update"], keys: ["users[2]"] },
  },
  {
    name: "set-remove",
    variant: { commvault: { users: ["alice"] } },
    expect: { resource: "ops", ops: ["update"], keys: ["users[1]"] },
  },
  {
    name: "rename",
    variant: { wickr: { name: "field-operations" } },
    expect: { resource: "field-team", ops: ["update"], keys: ["name"] },
  },
  {
    name: "replace",
    variant: { wickr: { networkId: SSO_NETWORK_ID } },
    expect: { resource: "field-team", ops: ["create-replacement", "replace", "delete-replaced"], keys: ["networkId"] },
  },
  {
    name: "secret",
    variant: { commvault: { description: pulumi.secret(SECRET_DESCRIPTION_CHANGED) } },
    expect: { resource: "ops", ops: ["update"], keys: ["description"] },
  },
];

/** The engine's text without what changes from run to run. */
function normalize(text: string, dirs: string[]): string {
  let out = text.replace(/\r\n/g, "\n");
  for (const dir of dirs.filter((d) => d.length > 1).sort((a, b) => b.length - a.length)) out = out.split(dir).join("<dir>");
  return (
    out
      .replace(/\[id=[^\]\n]*\]/g, "[id=<id>]")
      .replace(/\[urn=[^\]\n]*\]/g, "[urn=<urn>]")
      .replace(/urn:pulumi:[^\s"'\]]+/g, "<urn>")
      .replace(/\[provider=[^\]\n]*\]/g, "[provider=<provider>]")
      .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>")
      .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
      .replace(/^(\s*Duration:\s*).*$/gm, "$1<duration>")
      .replace(/\b\d+(\.\d+)?(ms|s)\b/g, "<duration>")
      .replace(/[ \t]+$/gm, "")
      .replace(/\n{3,}/g, "\n\n")
      .trim() + "\n"
  );
}

const isWrite = (e: LogEntry) => e.method !== "GET" && e.operation !== "Login";

describe("golden previews (real engine, emulators)", () => {
  let emulators: RunningEmulators;
  let stack: TestStack;
  let dirs: string[];

  beforeAll(async () => {
    emulators = await startEmulators();
    stack = await TestStack.create(program(), {
      projectName: "golden-previews",
      config: {
        "wickr:region": { value: WICKR_TEST_REGION },
        "wickr:endpoint": { value: emulators.wickr.url },
        "commvault:url": { value: emulators.commvault.url },
        "commvault:username": { value: COMMVAULT_TEST_CREDENTIALS.username },
        "commvault:password": { value: COMMVAULT_TEST_CREDENTIALS.password, secret: true },
      },
      env: isolatedAwsEnv(),
    });
    dirs = [stack.dir, fs.realpathSync(stack.dir), REPO, os.tmpdir(), os.homedir()];
    const up = await stack.up();
    expect(changed(up.steps).map((s) => [s.name, s.op]).sort()).toEqual([
      ["field-team", "create"],
      ["ops", "create"],
    ]);
    if (UPDATE) fs.mkdirSync(GOLDEN_DIR, { recursive: true });
  });

  afterAll(async () => {
    // No destroy: the groups live only in these emulators, which go with the stack.
    await stack?.dispose();
    await emulators?.close();
  });

  function clearLogs(): void {
    emulators.wickr.clearLog();
    emulators.commvault.clearLog();
  }

  function writesSinceClear(): string[] {
    return [...emulators.wickr.requestLog(), ...emulators.commvault.requestLog()].filter(isWrite).map((e) => `${e.operation} ${e.method} ${e.path}`);
  }

  it("a preview with no change shows none and sends no write", async () => {
    stack.setProgram(program());
    clearLogs();
    const res = await stack.preview();
    expect(changed(res.steps)).toEqual([]);
    expect(writesSinceClear()).toEqual([]);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (name, c) => {
    stack.setProgram(program(c.variant));
    clearLogs();
    const res = await stack.preview();

    // What changes, by the engine's events (independent of the text).
    const steps = changed(res.steps);
    expect(steps.map((s) => [s.name, s.op])).toEqual(c.expect.ops.map((op) => [c.expect.resource, op]));
    const main = steps.find((s) => s.op === "update" || s.op === "replace")!;
    expect(Object.keys(main.detailedDiff).sort()).toEqual([...c.expect.keys].sort());

    // A preview never writes (logging in to read is allowed).
    expect(writesSinceClear()).toEqual([]);

    const text = normalize(res.stdout, dirs);
    if (name === "secret") {
      expect(text).toContain("[secret]");
      expect(res.stdout).not.toContain(SECRET_DESCRIPTION);
      expect(res.stdout).not.toContain(SECRET_DESCRIPTION_CHANGED);
    }
    const file = path.join(GOLDEN_DIR, `${name}.txt`);
    if (UPDATE) {
      fs.writeFileSync(file, text);
      return;
    }
    if (!fs.existsSync(file)) throw new Error(`no golden file ${path.relative(REPO, file)}: run the test with UPDATE_GOLDEN=1 to write it`);
    const golden = fs.readFileSync(file, "utf8");
    if (text !== golden) {
      const rel = path.relative(REPO, file);
      throw new Error(
        `the preview of "${name}" differs from ${rel} (if the change is intended, run again with UPDATE_GOLDEN=1 and review the diff)\n` +
          `--- ${rel}\n${golden}+++ this preview\n${text}`,
      );
    }
  });
});
