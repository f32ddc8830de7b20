// The plugin's SDKs: generated from schema.json by Pulumi's own generators (scripts/gen-sdk.sh,
// tools/sdkgen), committed, and checked for drift; the Python SDK byte-compiles, the Node SDK
// type-checks, the Go SDK and the Go example build against the Go SDK the proxy serves.
// (Python's and Go's language hosts are not served here: these SDKs are built, not run.)
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

jest.setTimeout(900_000);
const ROOT = path.resolve(__dirname, "..", "..");
const env = { ...process.env, GOSUMDB: "off", GOFLAGS: "-mod=readonly" };

function run(cmd: string, args: string[], cwd = ROOT, extra: NodeJS.ProcessEnv = {}) {
  return spawnSync(cmd, args, { cwd, env: { ...env, ...extra }, encoding: "utf8" });
}

describe("the plugin's SDKs", () => {
  it("are what the generators make of schema.json (bash scripts/gen-sdk.sh regenerates them)", () => {
    const check = run("bash", ["scripts/gen-sdk.sh", "--check"]);
    expect(check.stderr).not.toContain("differ");
    expect(check.status).toBe(0);
  });

  it("the drift check fails on a hand edit", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-sdk-"));
    try {
      fs.cpSync(path.join(ROOT, "sdk"), copy, { recursive: true });
      fs.appendFileSync(path.join(copy, "nodejs", "wickrSecurityGroup.ts"), "// edited\n");
      const check = run("bash", ["scripts/gen-sdk.sh", "--check"], ROOT, { SDK_OUT: copy });
      expect(check.status).toBe(1);
      expect(check.stderr).toContain("wickrSecurityGroup.ts");
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it("the Python SDK byte-compiles", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-pyc-"));
    try {
      const result = run("python3", ["-m", "compileall", "-q", "sdk/python"], ROOT, { PYTHONPYCACHEPREFIX: out });
      expect(result.stdout + result.stderr).toBe("");
      expect(result.status).toBe(0);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it("the Node SDK type-checks", () => {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "sdk/nodejs/tsconfig.json", "--noEmit"], { cwd: ROOT });
  });

  it("the Go SDK and the Go example build with go build", () => {
    // The SDK's packages are libraries (nothing written); the example's binary is discarded.
    for (const [dir, args] of [["sdk/go", ["build", "./..."]], ["examples/go-plugin", ["build", "-o", os.devNull, "."]]] as const) {
      const result = run("go", [...args], path.join(ROOT, dir));
      expect(`${dir}: ${result.stderr}`).toBe(`${dir}: `);
      expect(result.status).toBe(0);
    }
  });
});
