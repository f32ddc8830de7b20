// A Pulumi project in a temporary folder for the language host's tests, driven with the
// commands a user types through the CLI driver the demo uses (scripts/support/pulumi-cli.ts), so
// the CLI runs the program through the Node language host beside it. State goes to a file
// backend in the same temporary folder; folders use this repository's node_modules by symlink.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CliResult, pulumi, pulumiOk, PulumiFolder } from "../../scripts/support/pulumi-cli";

const REPO_NODE_MODULES = path.resolve(__dirname, "..", "..", "node_modules");
const PASSPHRASE = "language-host-test-passphrase";

/** stdout and stderr together: what a user sees. */
export function outputOf(res: CliResult): string {
  return `${res.stdout}\n${res.stderr}`;
}

/** How many times `needle` occurs in `text`. */
export function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

export class FolderProject implements PulumiFolder {
  private constructor(
    /** The temporary folder: `project/` (the program), `state/` (the backend), and others a test adds. */
    readonly root: string,
    readonly cwd: string,
    readonly env: NodeJS.ProcessEnv,
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
    };
    return new FolderProject(root, writeFolder(path.join(root, "project"), files, linkNodeModules), env);
  }

  /** Another folder in the same temporary root (a policy pack, say), with the same node_modules. */
  addFolder(name: string, files: Record<string, string>): string {
    return writeFolder(path.join(this.root, name), files, true);
  }

  /** `pulumi <args>` in the project folder; resolves with any exit code. */
  pulumi(args: string[]): Promise<CliResult> {
    return pulumi(this, args);
  }

  /** `pulumi <args>`; a non-zero exit fails the test with the CLI's output. */
  ok(args: string[]): Promise<CliResult> {
    return pulumiOk(this, args);
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
