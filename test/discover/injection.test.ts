// Issue 19, defect 1: a group name or id from a service reaches the written program only as an
// escaped literal. Through the path it was found on: the emulators hold groups whose name or id
// carries a line terminator (U+2028, U+2029, a lone CR) followed by code; `discover` writes the
// program, and evaluating it (as the next preview would) runs nothing but the resource
// constructors, with the names and ids exactly as the services hold them.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import * as ts from "typescript";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { EmulatorControl } from "../../emulators/core/control-client";
import { COMMVAULT_TEST_CREDENTIALS } from "../../emulators/commvault";
import { WICKR_TEST_REGION } from "../../emulators/wickr";
import { discoverCommand } from "../../cli/discover/command";
import { isolatedAwsEnv } from "../support/aws-env";

const NETWORK = "55550001";

/** Runs the program in a fresh vm context whose package import records each constructor call. */
function evaluate(program: string): { calls: Array<{ type: string; name: string; args: unknown }>; sandbox: Record<string, unknown> } {
  const js = ts.transpileModule(program, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const calls: Array<{ type: string; name: string; args: unknown }> = [];
  const recorder = (type: string) =>
    class {
      constructor(name: string, args: unknown) {
        calls.push({ type, name, args });
      }
    };
  const stubs = { WickrSecurityGroup: recorder("WickrSecurityGroup"), CommvaultUserGroup: recorder("CommvaultUserGroup") };
  const sandbox: Record<string, unknown> = { exports: {}, require: (id: string) => (id === "pulumi-wickr-commvault" ? stubs : undefined) };
  vm.runInNewContext(js, sandbox, { timeout: 1000 });
  return { calls, sandbox };
}

describe("discover writes hostile names and ids as escaped literals only", () => {
  let emulators: RunningEmulators;
  let dir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    emulators = await startEmulators();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-discover-inject-"));
    Object.assign(process.env, { ...isolatedAwsEnv(), COMMVAULT_PASSWORD: COMMVAULT_TEST_CREDENTIALS.password });
  });
  afterAll(async () => {
    process.env = saved;
    await emulators?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a name with U+2028 or U+2029 and an id with a lone CR run nothing at the next evaluation", async () => {
    const cvName = "ops\u2028globalThis.x=1; //";
    const wickrName = "ops\u2029globalThis.y=1; //";
    const wickrId = "g1\rglobalThis.z=1;";
    await new EmulatorControl(emulators.commvault.controlUrl).service("seed", { userGroups: [{ id: 4242, name: cvName, description: "d\u2028globalThis.w=1; // */" }] });
    await new EmulatorControl(emulators.wickr.controlUrl).service("seed", {
      networks: [{ networkId: NETWORK, accessLevel: "PREMIUM", groups: [{ id: wickrId, name: wickrName, securityGroupSettings: { lockoutThreshold: 7 } }] }],
    });
    const out = path.join(dir, "discovered.ts");
    let text = "";
    const code = await discoverCommand(
      [
        "--wickr:region", WICKR_TEST_REGION, "--wickr:endpoint", emulators.wickr.url, "--networks", NETWORK,
        "--commvault:url", emulators.commvault.url, "--commvault:username", COMMVAULT_TEST_CREDENTIALS.username,
        "--filter", "/^ops/", "--out", out,
      ],
      { out: (t) => (text += t) },
    );
    expect(code).toBe(0);
    const program = fs.readFileSync(out, "utf8");
    const { calls, sandbox } = evaluate(program);
    for (const key of ["x", "y", "z", "w"]) expect(sandbox[key]).toBeUndefined();
    expect((globalThis as Record<string, unknown>).x).toBeUndefined();
    expect(calls.map((c) => c.type).sort()).toEqual(["CommvaultUserGroup", "WickrSecurityGroup"]);
    const cv = calls.find((c) => c.type === "CommvaultUserGroup")!.args as Record<string, unknown>;
    const wickr = calls.find((c) => c.type === "WickrSecurityGroup")!.args as Record<string, unknown>;
    expect(cv.name).toBe(cvName);
    expect(cv.description).toBe("d\u2028globalThis.w=1; // */");
    expect(wickr.name).toBe(wickrName);
    // Nothing but printable ASCII and newlines in the written file.
    expect(program).toMatch(/^[\x20-\x7e\n]*$/);

    // The summary printed the names with the separators shown escaped, never raw.
    expect(text).not.toMatch(/[\u2028\u2029\r]/);
  }, 120_000);
});
