// A Pulumi project in a temporary folder, driven with the commands a user types (`pulumi
// stack init`, `pulumi up`, ...) through the real CLI on PATH, so the CLI runs the program
// through the Node language host beside it. State goes to a file backend in the same folder;
// the project uses this repository's node_modules through a symlink.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO_NODE_MODULES = path.resolve(__dirname, "..", "..", "node_modules");
const PASSPHRASE = "language-host-test-passphrase";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together: what a user sees. */
  output: string;
}

/** How many times `needle` occurs in `text`. */
export function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

export class FolderProject {
  private constructor(
    /** The temporary folder: `project/` (the program), `state/` (the backend), and others a test adds. */
    readonly root: string,
    readonly dir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * A project folder holding `files` (path -> text) and, unless `linkNodeModules` is false, a
   * node_modules symlink (never run npm install in such a folder: it would rewrite the repository's).
   */
  static create(files: Record<string, string>, linkNodeModules = true): FolderProject {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-langhost-"));
    const state = path.join(root, "state");
    fs.mkdirSync(state);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PULUMI_BACKEND_URL: `file://${state}`,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_SKIP_UPDATE_CHECK: "1",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      NO_COLOR: "1",
    };
    return new FolderProject(root, writeFolder(path.join(root, "project"), files, linkNodeModules), env);
  }

  /** Another folder in the same temporary root (a policy pack, say), with the same node_modules. */
  addFolder(name: string, files: Record<string, string>): string {
    return writeFolder(path.join(this.root, name), files, true);
  }

  /** Runs `pulumi <args>` in the project folder; never throws for a non-zero exit. */
  pulumi(args: string[]): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      execFile("pulumi", [...args, "--non-interactive"], { cwd: this.dir, env: this.env, maxBuffer: 1 << 26, timeout: 180_000 }, (err, stdout, stderr) => {
        if (err && typeof err.code !== "number") return reject(err);
        const code = err ? (err.code as number) : 0;
        resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
      });
    });
  }

  /** Like `pulumi`, but a non-zero exit fails the test with the CLI's output. */
  async ok(args: string[]): Promise<CliResult> {
    const res = await this.pulumi(args);
    if (res.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${res.code}:\n${res.output}`);
    return res;
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function writeFolder(dir: string, files: Record<string, string>, linkNodeModules: boolean): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  if (linkNodeModules) fs.symlinkSync(REPO_NODE_MODULES, path.join(dir, "node_modules"), "dir");
  return dir;
}
