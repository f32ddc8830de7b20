// The language host's pure rules and small mechanisms, without the CLI: runtime options,
// config and stack environment, `cmd/run`'s command line, exit codes, the engine address in
// the host's arguments, the dependency listing, and Cancel reaching a running child.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { programDependencies } from "../../tools/language-host/dependencies";
import { engineAddressOf } from "../../tools/language-host/main";
import { ChildRegister, envFromList, exited, NODE_BIN } from "../../tools/language-host/node-processes";
import { outcomeOfExit, programArguments, PROGRAM_SHOWED_ITS_ERROR } from "../../tools/language-host/program";
import {
  legacyConfigKey,
  parseRuntimeOptions,
  policyPackStackEnv,
  programConfigEnv,
  typescriptEnv,
} from "../../tools/language-host/runtime-options";
import { languagePb } from "../../tools/language-host/sdk";
import type { LanguagePb } from "../../tools/language-host/sdk";

describe("runtime options", () => {
  test("defaults: TypeScript on, no tsconfig, no Node arguments, devDependencies installed", () => {
    expect(parseRuntimeOptions(undefined)).toEqual({ typescript: true, nodeargs: [], production: false });
    expect(typescriptEnv(parseRuntimeOptions({}))).toEqual({ PULUMI_NODEJS_TYPESCRIPT: "true" });
  });

  test("typescript off and a tsconfig reach the environment cmd/run reads", () => {
    expect(typescriptEnv(parseRuntimeOptions({ typescript: false }))).toEqual({});
    expect(typescriptEnv(parseRuntimeOptions({ tsconfig: "tsconfig.pulumi.json" }))).toEqual({
      PULUMI_NODEJS_TYPESCRIPT: "true",
      PULUMI_NODEJS_TSCONFIG_PATH: "tsconfig.pulumi.json",
    });
  });

  test("nodeargs split on whitespace; shell quoting refused rather than misread", () => {
    expect(parseRuntimeOptions({ nodeargs: " --max-old-space-size=4096  --enable-source-maps " }).nodeargs).toEqual([
      "--max-old-space-size=4096",
      "--enable-source-maps",
    ]);
    expect(() => parseRuntimeOptions({ nodeargs: "--title 'a b'" })).toThrow(/nodeargs.*shell quoting/);
  });

  test("a wrong type or an unsupported package manager is one error naming the option", () => {
    expect(() => parseRuntimeOptions({ typescript: "yes" })).toThrow('runtime option "typescript" must be a boolean, got "yes"');
    expect(() => parseRuntimeOptions({ tsconfig: 1 })).toThrow(/"tsconfig" must be a string/);
    expect(() => parseRuntimeOptions({ production: "true" })).toThrow(/"production" must be a boolean/);
    expect(() => parseRuntimeOptions({ packagemanager: "yarn" })).toThrow(/"packagemanager" must be "npm" or "auto"/);
    expect(parseRuntimeOptions({ packagemanager: "npm", production: true }).production).toBe(true);
  });
});

describe("config for programs and policy packs", () => {
  test("engine keys namespace:name become namespace:config:name; the old form stays; others are refused", () => {
    expect(legacyConfigKey("aws:region")).toBe("aws:config:region");
    expect(legacyConfigKey("proj:config:greeting")).toBe("proj:config:greeting");
    expect(() => legacyConfigKey("greeting")).toThrow(/"greeting" as a configuration key/);
    expect(() => legacyConfigKey("a:b:c")).toThrow(/configuration key/);
    expect(() => legacyConfigKey(":name")).toThrow(/configuration key/);
  });

  test("PULUMI_CONFIG and PULUMI_CONFIG_SECRET_KEYS are JSON", () => {
    const env = programConfigEnv(
      [
        ["proj:greeting", "hi"],
        ["proj:token", "s3"],
      ],
      ["proj:token"],
    );
    expect(JSON.parse(env.PULUMI_CONFIG)).toEqual({ "proj:config:greeting": "hi", "proj:config:token": "s3" });
    expect(JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS)).toEqual(["proj:token"]);
  });

  test("a policy pack gets the stack, project, organization, dry run and config; empty names are left to the SDK's defaults", () => {
    const env = policyPackStackEnv({
      stack: "dev",
      project: "infra",
      organization: "",
      dryRun: true,
      config: [["infra:greeting", "hello"]],
      secretKeys: [],
    });
    expect(env).toEqual({
      PULUMI_NODEJS_STACK: "dev",
      PULUMI_NODEJS_PROJECT: "infra",
      PULUMI_NODEJS_DRY_RUN: "true",
      PULUMI_CONFIG: JSON.stringify({ "infra:config:greeting": "hello" }),
      PULUMI_CONFIG_SECRET_KEYS: "[]",
    });
  });
});

describe("running a program", () => {
  function request(dryRun: boolean, entryPoint: string): LanguagePb.RunRequest {
    const info = new languagePb.ProgramInfo();
    info.setRootDirectory("/work/infra");
    info.setProgramDirectory("/work/infra/app");
    info.setEntryPoint(entryPoint);
    const req = new languagePb.RunRequest();
    req.setInfo(info);
    req.setMonitorAddress("127.0.0.1:4001");
    req.setOrganization("organization");
    req.setProject("infra");
    req.setStack("dev");
    req.setDryrun(dryRun);
    req.setParallel(16);
    req.setArgsList(["extra"]);
    return req;
  }

  test("cmd/run's command line: the engine's addresses, the stack, the folders, then the entry point and its arguments", () => {
    expect(programArguments(request(true, "index.ts"), "/sdk/cmd/run", "127.0.0.1:4000")).toEqual([
      "/sdk/cmd/run",
      "--monitor", "127.0.0.1:4001",
      "--engine", "127.0.0.1:4000",
      "--organization", "organization",
      "--project", "infra",
      "--root-directory", "/work/infra",
      "--stack", "dev",
      "--pwd", "/work/infra/app",
      "--dry-run",
      "--parallel", "16",
      "index.ts",
      "extra",
    ]);
    const up = programArguments(request(false, ""), "/sdk/cmd/run", "127.0.0.1:4000");
    expect(up).not.toContain("--dry-run");
    expect(up.slice(-2)).toEqual([".", "extra"]);
  });

  test("exit codes: 0 is success, 32 means the program showed its error (bail), others are an error message", () => {
    expect(outcomeOfExit(0, null)).toEqual({ error: "", bail: false });
    expect(outcomeOfExit(PROGRAM_SHOWED_ITS_ERROR, null)).toEqual({ error: "", bail: true });
    expect(outcomeOfExit(3, null)).toEqual({ error: "Program exited with non-zero exit code: 3", bail: false });
    expect(outcomeOfExit(null, "SIGKILL")).toEqual({ error: "Program was stopped by signal SIGKILL", bail: false });
  });

  test("the engine address is the last plain argument, after the CLI's logging and tracing flags", () => {
    expect(engineAddressOf(["127.0.0.1:4000"])).toBe("127.0.0.1:4000");
    expect(engineAddressOf(["--logtostderr", "-v=9", "--tracing", "http://127.0.0.1:9411", "127.0.0.1:4000"])).toBe("127.0.0.1:4000");
    expect(engineAddressOf([])).toBe("");
  });

  test("the engine's environment list becomes an object; values may hold '='", () => {
    expect(envFromList(["A=1", "B=x=y", "broken"])).toEqual({ A: "1", B: "x=y" });
  });

  test("Cancel interrupts every running child", async () => {
    const children = new ChildRegister();
    const child = children.start(NODE_BIN, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    await new Promise((resolve) => child.once("spawn", resolve));
    children.interruptAll();
    expect(await exited(child)).toEqual({ code: null, signal: "SIGINT" });
  });
});

describe("program dependencies", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pwc-langhost-deps-"));
    const pkg = (where: string, name: string, version: string) => {
      fs.mkdirSync(path.join(where, "node_modules", name), { recursive: true });
      fs.writeFileSync(path.join(where, "node_modules", name, "package.json"), JSON.stringify({ name, version }));
    };
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ dependencies: { "@pulumi/pulumi": "^3", "not-installed": "1" }, devDependencies: { typescript: "^5" } }),
    );
    pkg(dir, "@pulumi/pulumi", "3.276.0");
    pkg(dir, "typescript", "5.9.3");
    pkg(dir, "only-transitive", "0.1.0");
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("direct ones: those package.json names, at their installed versions; uninstalled ones left out", () => {
    expect(programDependencies(dir, false)).toEqual([
      { name: "@pulumi/pulumi", version: "3.276.0" },
      { name: "typescript", version: "5.9.3" },
    ]);
  });

  test("transitive: every installed package, scoped ones included", () => {
    expect(programDependencies(dir, true).map((d) => d.name).sort()).toEqual(["@pulumi/pulumi", "only-transitive", "typescript"]);
  });
});
