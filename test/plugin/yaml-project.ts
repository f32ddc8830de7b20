// A Pulumi YAML project driven through the real CLI, on the provider plugin installed from its
// archive (scripts/plugin-archive.sh → `pulumi plugin install resource ... --file`) into a
// PULUMI_HOME of the test's own, so nothing from the machine's plugin cache or PATH is used.
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { pluginKey } from "../../provider/plugin/config";
import { PACKAGE } from "../../provider/plugin/package";
import { isolatedAwsEnv } from "../support/aws-env";

const run = promisify(execFile);
export const ROOT = path.resolve(__dirname, "..", "..");
export const TOOLS_BIN = path.join(ROOT, ".tools", "bin");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Builds the plugin archive once per test file and returns its path. */
export function buildArchive(dir: string): string {
  return execFileSync("bash", [path.join(ROOT, "scripts", "plugin-archive.sh"), dir], { encoding: "utf8" }).trim().split("\n").pop()!;
}

export class YamlProject {
  private constructor(
    readonly dir: string,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  /** A project folder with its own PULUMI_HOME (the plugin installed from `archive`) and file backend. */
  static async create(archive: string, projectName: string, version: string): Promise<YamlProject> {
    if (!fs.existsSync(path.join(TOOLS_BIN, "pulumi-language-yaml"))) {
      throw new Error("no pulumi-language-yaml beside the CLI in .tools/bin: `source scripts/bootstrap.sh` builds it");
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-yaml-"));
    for (const sub of ["home", "state", "project"]) fs.mkdirSync(path.join(dir, sub));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...isolatedAwsEnv(),
      PATH: `${TOOLS_BIN}:${path.dirname(process.execPath)}:${process.env.PATH}`,
      PULUMI_HOME: path.join(dir, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "yaml-engine-test",
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      PULUMI_WICKR_COMMVAULT_NODE: process.execPath,
      NO_COLOR: "1",
    };
    const project = new YamlProject(dir, env);
    await project.cli(["plugin", "install", "resource", PACKAGE, version, "--file", archive], true);
    fs.writeFileSync(path.join(project.projectDir, "Pulumi.yaml"), `name: ${projectName}\nruntime: yaml\n`);
    await project.cli(["stack", "init", "test"], true);
    return project;
  }

  get projectDir(): string {
    return path.join(this.dir, "project");
  }

  /** Sets the stack config from the dynamic provider's keys (`wickr:region` → `wickr-commvault:wickrRegion`). */
  async configure(config: Record<string, { value: string; secret?: boolean }>): Promise<void> {
    for (const [key, { value, secret }] of Object.entries(config)) {
      await this.cli(["config", "set", ...(secret ? ["--secret"] : []), `${PACKAGE}:${pluginKey(key)}`, value], true);
    }
  }

  /** Writes the program: `resources` as a YAML mapping text (indented by the caller). */
  writeProgram(body: string): void {
    const name = fs.readFileSync(path.join(this.projectDir, "Pulumi.yaml"), "utf8").split("\n")[0];
    fs.writeFileSync(path.join(this.projectDir, "Pulumi.yaml"), `${name}\nruntime: yaml\n${body}`);
  }

  async cli(args: string[], check = false): Promise<CliResult> {
    try {
      const { stdout, stderr } = await run("pulumi", [...args, "--non-interactive"], {
        cwd: this.projectDir,
        env: this.env,
        maxBuffer: 64 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string; message: string };
      const result = { code: typeof e.code === "number" ? e.code : 1, stdout: e.stdout ?? "", stderr: e.stderr ?? e.message };
      if (check) throw new Error(`pulumi ${args.join(" ")} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
      return result;
    }
  }

  /** The stack's state as `pulumi stack export` prints it. */
  async state(): Promise<{ resources: Array<{ urn: string; type: string; id?: string; inputs?: any; outputs?: any }> }> {
    const { stdout } = await this.cli(["stack", "export"], true);
    return JSON.parse(stdout).deployment;
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
