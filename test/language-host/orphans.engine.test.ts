// When the CLI dies (SIGKILL: it stops nothing), the language host it started notices the engine
// is gone and stops the program it runs for good: SIGINT, then SIGTERM, then SIGKILL after a
// grace period each, so a program that ignores SIGINT (and SIGTERM) does not outlive the run
// (issue 20). Also `stop` itself, on real Node children.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ENGINE_CHECK_MS } from "../../tools/language-host/main";
import { ChildRegister, exited, NODE_BIN, stop, STOP_GRACE_MS } from "../../tools/language-host/node-processes";
import { FolderProject } from "./folder-project";

/** A Node process that ignores SIGINT and SIGTERM (and prints "ready" once its handlers are set). */
const STUBBORN = 'process.on("SIGINT", () => {}); process.on("SIGTERM", () => {}); setInterval(() => {}, 1000); console.log("ready");';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The parent of a process (Linux /proc). */
function parentOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

function startStubborn(code = STUBBORN) {
  const child = spawn(NODE_BIN, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  const ready = new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()));
  return { child, ready };
}

describe("stop: SIGINT, then SIGTERM, then SIGKILL", () => {
  it("ends a child that ignores SIGINT and SIGTERM with SIGKILL, after two grace periods", async () => {
    const { child, ready } = startStubborn();
    await ready;
    const exit = exited(child);
    const started = Date.now();
    await stop(child, 300);
    expect(await exit).toEqual({ code: null, signal: "SIGKILL" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("ends a child that heeds SIGINT with SIGINT alone, and starts from SIGTERM when asked", async () => {
    const heeds = startStubborn('setInterval(() => {}, 1000); console.log("ready");');
    await heeds.ready;
    const exit = exited(heeds.child);
    await stop(heeds.child, 10_000);
    expect(await exit).toEqual({ code: null, signal: "SIGINT" });

    const ignoresInt = startStubborn('process.on("SIGINT", () => {}); setInterval(() => {}, 1000); console.log("ready");');
    await ignoresInt.ready;
    const started = Date.now();
    await stop(ignoresInt.child, 10_000, "SIGTERM");
    expect(ignoresInt.child.signalCode).toBe("SIGTERM");
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("ChildRegister.stopAll (what the host does when the engine is gone)", () => {
  it("stops every child it started, programs and policy packs alike, each by the gentlest signal that works", async () => {
    const register = new ChildRegister();
    const start = (code: string) => {
      const child = register.start(NODE_BIN, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
      return { child, ready: new Promise<void>((resolve) => child.stdout!.once("data", () => resolve())) };
    };
    const stubborn = start(STUBBORN);
    const heeding = start('setInterval(() => {}, 1000); console.log("ready");');
    await Promise.all([stubborn.ready, heeding.ready]);
    await register.stopAll(300);
    expect([stubborn.child.signalCode, heeding.child.signalCode]).toEqual(["SIGKILL", "SIGINT"]);
  });
});

describe("a program that ignores SIGINT, through the CLI", () => {
  let project: FolderProject | undefined;
  afterAll(() => project?.dispose());

  it("is gone soon after the CLI is killed, and so is the host", async () => {
    project = FolderProject.create({
      "Pulumi.yaml": "name: stubborn\nruntime: nodejs\n",
      "index.js": `
const fs = require("fs");
process.on("SIGINT", () => {});
process.on("SIGTERM", () => {});
fs.writeFileSync(process.env.STUBBORN_PID_FILE, String(process.pid));
setInterval(() => {}, 1000);
module.exports = new Promise(() => {});
`,
    });
    const pidFile = path.join(project.root, "program.pid");
    project.env.STUBBORN_PID_FILE = pidFile;
    await project.ok(["stack", "init", "dev"]);

    const cli = spawn("pulumi", ["up", "--yes", "--skip-preview"], { cwd: project.cwd, env: project.env, stdio: "ignore" });
    const cliExit = exited(cli);
    let programPid = 0;
    let hostPid = 0;
    try {
      expect(await until(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8") !== "", 120_000)).toBe(true);
      programPid = Number(fs.readFileSync(pidFile, "utf8"));
      hostPid = parentOf(programPid);
      expect(hostPid).not.toBe(cli.pid);

      cli.kill("SIGKILL");
      await cliExit;
      const killedAt = Date.now();
      // The host notices within two engine checks, then gives SIGINT and SIGTERM a grace period each.
      const bound = 3 * ENGINE_CHECK_MS + 2 * STOP_GRACE_MS + 5000;
      expect(await until(() => !alive(programPid), bound)).toBe(true);
      expect(Date.now() - killedAt).toBeLessThan(bound);
      expect(await until(() => !alive(hostPid), 5000)).toBe(true);
    } finally {
      for (const pid of [programPid, hostPid]) if (pid > 0 && alive(pid)) process.kill(pid, "SIGKILL");
      if (cli.exitCode === null && cli.signalCode === null) cli.kill("SIGKILL");
    }
  }, 240_000);
});
