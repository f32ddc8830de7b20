// `Run`: one Pulumi program, started as the official host starts it: Node on the program's
// own `@pulumi/pulumi/cmd/run`, the engine's addresses and the stack as arguments, the
// config and the TypeScript switches in the environment. Its output goes straight to the
// host's own stdout and stderr, which the engine shows.
import type { LanguagePb } from "./sdk";
import { ChildRegister, exited, NODE_BIN, resolveFrom, withNodeOnPath } from "./node-processes";
import { folderOf, optionsOf } from "./program-info";
import { programConfigEnv, typescriptEnv } from "./runtime-options";

/** `cmd/run` exits with this code after the program's error was shown to the user. */
export const PROGRAM_SHOWED_ITS_ERROR = 32;

/** What `Run` answers: `bail` stops the engine without printing anything more. */
export interface RunOutcome {
  error: string;
  bail: boolean;
}

export function outcomeOfExit(code: number | null, signal: NodeJS.Signals | null): RunOutcome {
  if (code === 0) return { error: "", bail: false };
  if (code === PROGRAM_SHOWED_ITS_ERROR) return { error: "", bail: true };
  if (code === null) return { error: `Program was stopped by signal ${signal ?? "unknown"}`, bail: false };
  return { error: `Program exited with non-zero exit code: ${code}`, bail: false };
}

/** `cmd/run`'s command line for the request (after Node's own arguments). */
export function programArguments(req: LanguagePb.RunRequest, runPath: string, engineAddress: string): string[] {
  const info = req.getInfo();
  const args = [runPath];
  const flag = (name: string, value: string) => {
    if (value) args.push(`--${name}`, value);
  };
  flag("monitor", req.getMonitorAddress());
  flag("engine", engineAddress);
  flag("organization", req.getOrganization());
  flag("project", req.getProject());
  flag("root-directory", info?.getRootDirectory() ?? "");
  flag("stack", req.getStack());
  flag("pwd", folderOf(info, req.getPwd()));
  if (req.getDryrun()) args.push("--dry-run");
  flag("parallel", String(req.getParallel()));
  args.push(info?.getEntryPoint() || req.getProgram() || ".");
  args.push(...req.getArgsList());
  return args;
}

export async function runProgram(req: LanguagePb.RunRequest, engineAddress: string, children: ChildRegister): Promise<RunOutcome> {
  const dir = folderOf(req.getInfo(), req.getPwd());
  const runPath = resolveFrom(dir, "@pulumi/pulumi/cmd/run");
  if (!runPath) {
    return { error: `It looks like the Pulumi SDK has not been installed in ${dir}. Have you run pulumi install?`, bail: false };
  }
  let env: NodeJS.ProcessEnv;
  let nodeArgs: string[];
  try {
    const options = optionsOf(req.getInfo());
    nodeArgs = options.nodeargs;
    env = withNodeOnPath(process.env, {
      ...programConfigEnv(req.getConfigMap().toArray(), req.getConfigsecretkeysList()),
      ...typescriptEnv(options),
    });
  } catch (err) {
    return { error: (err as Error).message, bail: false };
  }
  const child = children.start(NODE_BIN, [...nodeArgs, ...programArguments(req, runPath, engineAddress)], {
    cwd: dir,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  try {
    const { code, signal } = await exited(child);
    return outcomeOfExit(code, signal);
  } catch (err) {
    return { error: `Problem executing program (could not start Node): ${(err as Error).message}`, bail: false };
  }
}
