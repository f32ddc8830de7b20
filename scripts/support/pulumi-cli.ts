// Drives the Pulumi CLI in a project folder, the way a user types it (`pulumi up --yes` in
// the project's directory), and reads what it prints: the "Resources:" summary and the
// policy violations. Used by the demo and by the folder-mode engine tests.
import { spawn } from "node:child_process";

export interface CliResult {
  /** The command as typed (for printing). */
  command: string;
  code: number;
  stdout: string;
  stderr: string;
}

export interface PulumiFolder {
  /** The project folder (where Pulumi.yaml is). */
  cwd: string;
  /** The environment every command gets (backend, passphrase, credentials). */
  env: NodeJS.ProcessEnv;
  /** Called with each command and then its output as it arrives (the demo prints it). */
  echo?: (text: string) => void;
}

/** Runs `pulumi <args>` in the folder; resolves with its exit code (never rejects on a non-zero one). */
export function pulumi(folder: PulumiFolder, args: string[], opts: { timeoutMs?: number } = {}): Promise<CliResult> {
  const command = `pulumi ${args.map((a) => (/[\s"'\\$]/.test(a) ? JSON.stringify(a) : a)).join(" ")}`;
  folder.echo?.(`\n$ ${command}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn("pulumi", args, { cwd: folder.cwd, env: folder.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 300_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      folder.echo?.(d.toString());
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      folder.echo?.(d.toString());
    });
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ command, code: code ?? -1, stdout, stderr });
    });
  });
}

/** Like `pulumi`, but a non-zero exit is an error carrying what the command printed. */
export async function pulumiOk(folder: PulumiFolder, args: string[], opts: { timeoutMs?: number } = {}): Promise<CliResult> {
  const result = await pulumi(folder, args, opts);
  if (result.code !== 0) throw new Error(`\`${result.command}\` exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** `pulumi config set` of each value, secret ones with `--secret` (what a user types for the emulators' config). */
export async function setConfig(folder: PulumiFolder, config: Record<string, { value: string; secret?: boolean }>): Promise<void> {
  for (const [key, { value, secret }] of Object.entries(config)) await pulumiOk(folder, ["config", "set", ...(secret ? ["--secret"] : []), key, value]);
}

export type ResourceCounts = Partial<Record<"create" | "update" | "delete" | "replace" | "same" | "read" | "import", number>>;

const SUMMARY_WORDS: Record<string, keyof ResourceCounts> = {
  "to create": "create",
  created: "create",
  "to update": "update",
  updated: "update",
  "to delete": "delete",
  deleted: "delete",
  "to replace": "replace",
  replaced: "replace",
  unchanged: "same",
  "to import": "import",
  imported: "import",
};

/** The counts of the last "Resources:" block a preview, up, refresh or destroy printed. */
export function resourceCounts(output: string): ResourceCounts {
  const start = output.lastIndexOf("Resources:");
  if (start < 0) return {};
  const counts: ResourceCounts = {};
  for (const line of output.slice(start).split("\n").slice(1)) {
    if (line.trim() === "") break;
    const m = /^\s+(?:[+~\-]+\s*)?(\d+)\s+(to create|created|to update|updated|to delete|deleted|to replace|replaced|unchanged|to import|imported)\b/.exec(line);
    if (m) counts[SUMMARY_WORDS[m[2]]] = Number(m[1]);
  }
  return counts;
}

export interface PolicyViolation {
  level: string;
  policy: string;
  /** The resource's name as the program names it. */
  resource: string;
  /** The violation's message lines. */
  message: string;
}

/**
 * The policy violations a preview or up printed, in either of the CLI's forms: the diff
 * display's `pack@vX [mandatory] [severity: high]  name  (type: resource)message` lines and the
 * "Policies:" block's `- [mandatory]  name  (type: resource)`; each once.
 */
export function policyViolations(output: string): PolicyViolation[] {
  const lines = output.split("\n");
  const found = new Map<string, PolicyViolation>();
  for (let i = 0; i < lines.length; i++) {
    const m = /\[(mandatory|advisory|remediate|disabled)\](?:\s+\[severity: \w+\])?\s+(\S+)\s+\(([^)]*)\)(.*)$/.exec(lines[i]);
    if (!m) continue;
    const message = [m[4].trim()];
    const next = lines[i + 1] ?? "";
    // The diff display prints the violation's detail on the next, unindented line (not a heading).
    if (m[4].trim() !== "" && next.trim() !== "" && !/^\s/.test(next) && !/^[A-Z][\w ]*:$/.test(next)) message.push(next.trim());
    const violation = { level: m[1], policy: m[2], resource: m[3].split(": ").pop() ?? m[3], message: message.filter(Boolean).join(" ") };
    const key = `${violation.level}|${violation.policy}|${violation.resource}|${violation.message}`;
    if (!found.has(key)) found.set(key, violation);
  }
  return [...found.values()];
}
