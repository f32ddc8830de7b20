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

/** The project of this test's stacks: its automatic log files are named after it, apart from other tests'. */
const PROJECT = "secrets-test";
const VERBOSE = { logVerbosity: 9, logToStdErr: true, debug: true } as const;

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((p) => fs.statSync(p).isFile());
}

function program(variant: number) {
  return async () => {
    new WickrSecurityGroup("w", { networkId: DEFAULT_NETWORK_ID, name: "secrets-w", securityGroupSettings: { lockoutThreshold: 10 + variant } });
    new CommvaultUserGroup("c", { name: "secrets-c", description: `v${variant}`, users: ["alice"] });
  };
}

/** The engine's logs of a provider's config: its CheckConfig, DiffConfig and Configure calls, the provider resource's inputs. */
const ENGINE_PROVIDER_CONFIG =
  /Marshaling property for RPC\[Provider\[[^\]]*\]\.(CheckConfig|DiffConfig|Configure)\(|Planner decided (not )?to \w+ 'urn:pulumi:[^']*::pulumi:providers:/;

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
 * A log line with the property values the CLI logs as base64 protobuf decoded beside it, so that
 * a value is found wherever it sits in the encoding.
 */
function withDecodedValues(line: string): string {
  const blobs = line.match(/[A-Za-z0-9+/]{16,}={0,2}/g) ?? [];
  return blobs.length === 0 ? line : `${line} ${blobs.map((b) => Buffer.from(b, "base64").toString("latin1")).join(" ")}`;
}

/**
 * The CLI's automatic logs (3.259.0 writes one per command under ~/.pulumi/logs, at debug
 * level whatever -v says) written since `since`, line by line with logged property values
 * decoded: each stack's operation logs (named after PROJECT), encrypted with its secrets
 * provider, decrypted with `pulumi logs decrypt` by the stack whose key opens it; every other
 * command's gzip log, whatever test ran it, under `other`.
 */
function automaticLogs(stacks: TestStack[], since: number): { byStack: string[][]; other: string[] } {
  const dir = path.join(process.env.PULUMI_HOME ?? path.join(os.homedir(), ".pulumi"), "logs");
  // Another CLI (a parallel test) may remove an old log meanwhile: a file gone is skipped.
  const mtime = (f: string) => {
    try {
      return fs.statSync(f).mtimeMs;
    } catch {
      return -1;
    }
  };
  const recent = fs
    .readdirSync(dir)
    .map((f) => path.join(dir, f))
    .filter((f) => mtime(f) >= since);
  const byStack: string[][] = stacks.map(() => []);
  const other: string[] = [];
  const decodedLines = (text: string) => text.split("\n").map(withDecodedValues);
  for (const file of recent) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue;
    }
    if (bytes.subarray(0, 4).toString("latin1") === "PLOG") {
      if (!path.basename(file).startsWith(`organization+${PROJECT}+test-`)) continue;
      for (const [i, s] of stacks.entries()) {
        try {
          const env = { ...process.env, ...(s.stack.workspace as LocalWorkspace).envVars };
          const text = execFileSync("pulumi", ["logs", "decrypt", file, "--stack", `organization/${PROJECT}/test`], { env, encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] });
          byStack[i].push(...decodedLines(text));
          break;
        } catch {
          // another stack's log
        }
      }
    } else if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        other.push(...decodedLines(zlib.gunzipSync(bytes).toString("utf8")));
      } catch {
        // still being written by another test's command
      }
    }
  }
  return { byStack, other };
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
    const withPassword = await bed.stack(program(0), { projectName: PROJECT });
    await lifeCycle(bed, withPassword, fromConfig, true);
    const withToken = await bed.stack(program(0), { projectName: PROJECT, config: { ...noCommvaultConfig, "commvault:token": { value: COMMVAULT_TEST_ACCESS_TOKEN, secret: true } } });
    await lifeCycle(bed, withToken, fromConfig, false);
    // 3. Credentials only in the environment.
    const fromEnv: string[] = [];
    const withEnv = await bed.stack(program(0), {
      projectName: PROJECT,
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

    // The CLI's automatic logs (encrypted with each stack's secrets provider, written whatever -v
    // says): with credentials in the environment, zero. With credentials in stack config, the same
    // exception as above: the engine logs the provider's config (CheckConfig, Configure, and the
    // default provider's inputs) with the secrets' plaintext inside the encrypted file; nothing else.
    const automatic = automaticLogs([withPassword, withToken, withEnv], started);
    const [passwordLog, tokenLog, envLog] = automatic.byStack;
    for (const log of automatic.byStack) expect(log.filter((l) => l.includes("Configure")).length).toBeGreaterThan(0); // decrypted, decoded
    expect(hitsIn([...envLog, ...automatic.other], secrets)).toEqual(zeros(secrets));
    const configLog = [...passwordLog, ...tokenLog];
    if (process.env.SECRETS_DUMP) {
      for (const l of [...configLog, ...envLog]) if (Object.values(secrets).some((v) => l.includes(v))) fs.appendFileSync(process.env.SECRETS_DUMP, `auto: ${l.slice(0, 300)}\n`);
    }
    expect(hitsIn(configLog.filter((l) => !ENGINE_PROVIDER_CONFIG.test(l)), secrets)).toEqual(zeros(secrets));
    expect(hitsIn(configLog, secrets)["AWS secret access key"]).toBe(0);
    expect(hitsIn(passwordLog, secrets)["Commvault password"]).toBeGreaterThan(0); // the scan finds what is there

    // The scan is not vacuous: verbose engine logs, the refused update's message, the serialized provider, the state.
    const all = configLines.join("\n");
    expect(all).toContain("refused for the test");
    expect(all).toContain("__provider");
    // The engine's verbose trace of its provider calls is in the corpus (CLI 3.259 also traced
    // every marshaled property there; 3.276 no longer does at -v=9 on stderr).
    expect(all).toMatch(/Provider\[[^\]]*\]\.(CheckConfig|Configure)\(/);
    expect(all.length).toBeGreaterThan(100_000);
  });
});
