// Secrets: a full life cycle (create, update, a refused update, refresh, import-free destroy)
// with the engine's most verbose logs, for both ways of authenticating to Commvault. Then every
// credential value is searched for in everything that was written or said: the state and
// workspace files, the engine's stdout and stderr (its own logs and the provider's), the error
// messages, and the serialized provider code. The count of hits must be zero.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { CommandError, LocalWorkspace } from "@pulumi/pulumi/automation";
import { COMMVAULT_TEST_ACCESS_TOKEN } from "../../emulators/commvault";
import { CommvaultUserGroup, WickrSecurityGroup } from "../../provider";
import { DEFAULT_NETWORK_ID } from "../../emulators/wickr";
import type { TestStack } from "../support/engine";
import { Bed, testBed } from "./support";

const VERBOSE = { logVerbosity: 9, logToStdErr: true, debug: true } as const;

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((p) => fs.statSync(p).isFile());
}

function program(variant: number) {
  return async () => {
    new WickrSecurityGroup("w", { networkId: DEFAULT_NETWORK_ID, name: "secrets-w", securityGroupSettings: { lockoutThreshold: 8 + variant } });
    new CommvaultUserGroup("c", { name: "secrets-c", description: `v${variant}`, users: ["alice"] });
  };
}

/** The engine's own -v=9 trace of the Configure RPC: it prints the provider's config as marshaled. */
const ENGINE_CONFIGURE_TRACE = /Marshaling property for RPC\[Provider\[[^\]]*\]\.Configure\(\)\.inputs\]/;

async function lifeCycle(bed: Bed, stack: TestStack, said: string[], full: boolean): Promise<void> {
  const run = async (op: () => Promise<{ stdout: string; stderr: string }>) => {
    try {
      const r = await op();
      said.push(r.stdout, r.stderr);
    } catch (err) {
      said.push(String(err), err instanceof CommandError ? err.message : "");
    }
  };
  await run(() => stack.stack.up({ ...VERBOSE }));
  if (full) {
    stack.setProgram(program(1));
    await run(() => stack.stack.preview({ ...VERBOSE, diff: true }));
    await run(() => stack.stack.up({ ...VERBOSE }));
    // A refused update: its error message is searched too.
    await bed.commvault.faults([{ kind: "errorCode", errorCode: 2, message: "refused for the test", count: 1, match: { operation: "UpdateUserGroup" } }]);
    stack.setProgram(program(2));
    await run(() => stack.stack.up({ ...VERBOSE }));
    await bed.commvault.clearFaults();
    await run(() => stack.stack.refresh({ ...VERBOSE }));
  }
  await run(() => stack.stack.destroy({ ...VERBOSE }));
}

/**
 * The CLI's automatic logs (3.259.0 writes one per command under ~/.pulumi/logs, at debug
 * level whatever -v says) written since `since`: the stack operations' logs, encrypted with the
 * stack's secrets provider, decrypted with `pulumi logs decrypt`; the other commands' gzip logs.
 * Logs of other tests' stacks running meanwhile do not decrypt with these stacks and are skipped.
 */
function automaticLogs(stacks: TestStack[], since: number): { texts: string[]; decrypted: number } {
  const dir = path.join(process.env.PULUMI_HOME ?? path.join(os.homedir(), ".pulumi"), "logs");
  const recent = fs
    .readdirSync(dir)
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).mtimeMs >= since);
  const texts: string[] = [];
  let decrypted = 0;
  for (const file of recent) {
    const bytes = fs.readFileSync(file);
    if (bytes.subarray(0, 4).toString("latin1") === "PLOG") {
      if (!path.basename(file).startsWith("organization+engine-test+test-")) continue;
      for (const s of stacks) {
        try {
          const env = { ...process.env, ...(s.stack.workspace as LocalWorkspace).envVars };
          texts.push(execFileSync("pulumi", ["logs", "decrypt", file, "--stack", "organization/engine-test/test"], { env, encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] }));
          decrypted += 1;
          break;
        } catch {
          // another stack's log
        }
      }
    } else if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        texts.push(zlib.gunzipSync(bytes).toString("utf8"));
      } catch {
        // still being written by another test's command
      }
    }
  }
  return { texts, decrypted };
}

function hitsIn(corpus: string[], secrets: Record<string, string>): Record<string, number> {
  return Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, corpus.reduce((n, text) => n + text.split(value).length - 1, 0)]));
}

const zeros = (secrets: Record<string, string>) => Object.fromEntries(Object.keys(secrets).map((k) => [k, 0]));

describe("no credential anywhere", () => {
  let bed: Bed;
  beforeAll(async () => {
    bed = await testBed();
  });
  afterAll(() => bed.close());

  it("credentials as stack config or environment: zero hits in state, logs, errors and provider code", async () => {
    const started = Date.now() - 1000;
    const creds = bed.info;
    const secrets: Record<string, string> = {
      "AWS secret access key": creds.wickr.credentials.secretAccessKey,
      "Commvault password": creds.commvault.credentials.password,
      "Commvault password (base64)": Buffer.from(creds.commvault.credentials.password).toString("base64"),
      "Commvault access token": COMMVAULT_TEST_ACCESS_TOKEN,
      "any Commvault session token (QSDK prefix)": "QSDK ",
    };
    const noCommvaultConfig = {
      "commvault:username": { value: "" },
      "commvault:password": { value: "", secret: true },
    };

    // 1. Credentials in stack config (secrets), a full life cycle; 2. a ready token in config.
    const fromConfig: string[] = [];
    const withPassword = await bed.stack(program(0));
    await lifeCycle(bed, withPassword, fromConfig, true);
    const withToken = await bed.stack(program(0), { config: { ...noCommvaultConfig, "commvault:token": { value: COMMVAULT_TEST_ACCESS_TOKEN, secret: true } } });
    await lifeCycle(bed, withToken, fromConfig, false);
    // 3. Credentials only in the environment.
    const fromEnv: string[] = [];
    const withEnv = await bed.stack(program(0), {
      config: noCommvaultConfig,
      env: { COMMVAULT_USERNAME: creds.commvault.credentials.username, COMMVAULT_PASSWORD: creds.commvault.credentials.password },
    });
    await lifeCycle(bed, withEnv, fromEnv, false);

    const files = (s: TestStack) => filesUnder(s.dir).map((f) => fs.readFileSync(f, "utf8"));
    const lines = (texts: string[]) => texts.flatMap((t) => t.split("\n"));
    const configLines = [...lines(fromConfig), ...[withPassword, withToken].flatMap(files)];
    const envLines = [...lines(fromEnv), ...files(withEnv)];

    if (process.env.SECRETS_DUMP) {
      for (const line of [...configLines, ...envLines]) {
        for (const [name, value] of Object.entries(secrets)) if (line.includes(value)) fs.appendFileSync(process.env.SECRETS_DUMP, `${name}: ${line.slice(0, 600)}\n`);
      }
    }

    // Everything the provider controls: zero, whatever the source of the credentials.
    expect(hitsIn(configLines.filter((l) => !ENGINE_CONFIGURE_TRACE.test(l)), secrets)).toEqual(zeros(secrets));
    // With credentials in the environment: zero in everything, the engine's -v=9 trace included.
    expect(hitsIn(envLines, secrets)).toEqual(zeros(secrets));
    // The one exception, outside the provider's reach (README, Security): the engine's -v=9 trace
    // of the Configure RPC prints stack config that a dynamic provider receives (the Node dynamic
    // provider host does not accept secrets, so the engine marshals them in plaintext).
    const traced = hitsIn(configLines.filter((l) => ENGINE_CONFIGURE_TRACE.test(l)), secrets);
    expect(traced["AWS secret access key"]).toBe(0);

    // The CLI's automatic logs of every command of the three life cycles: zero, config credentials included.
    const automatic = automaticLogs([withPassword, withToken, withEnv], started);
    expect(automatic.decrypted).toBeGreaterThanOrEqual(9); // every stack operation above has one
    expect(hitsIn(lines(automatic.texts), secrets)).toEqual(zeros(secrets));
    expect(automatic.texts.join("\n")).toContain("Configure");

    // The scan is not vacuous: verbose engine logs, the refused update's message, the serialized provider, the state.
    const all = configLines.join("\n");
    expect(all).toContain("refused for the test");
    expect(all).toContain("__provider");
    expect(all).toContain("Marshaling property for RPC");
    expect(all.length).toBeGreaterThan(100_000);
  });
});
