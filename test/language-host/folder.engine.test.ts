// The Node language host through the real CLI in folder mode: `pulumi up` and friends in a
// project folder, as a user types them. The CLI starts the `pulumi-language-nodejs` beside it
// (the bootstrap writes this project's own there), which runs the program, `pulumi install`,
// `pulumi about` and policy packs. Programs use a ComponentResource, so no emulator is needed.
import * as fs from "node:fs";
import * as path from "node:path";
import { policyViolations, resourceCounts } from "../../scripts/support/pulumi-cli";
import { FolderProject, occurrences, outputOf } from "./folder-project";

const yaml = (name: string, runtime: string) => `name: ${name}\nruntime: ${runtime}\n`;

/** A component with one output: a resource the engine records, with no provider process. */
const JS_PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const config = new pulumi.Config();
class Greeting extends pulumi.ComponentResource {
  constructor(name, message) {
    super("langhost:test:Greeting", name, {}, {});
    this.message = pulumi.output(message);
    this.registerOutputs({ message: this.message });
  }
}
const greeting = new Greeting("hello", config.require("greeting"));
exports.greeting = greeting.message;
exports.token = config.requireSecret("token");
`;

/** The same in TypeScript, type-checked under the tsconfig Pulumi.yaml names (strict). */
const TS_PROGRAM = `
import * as pulumi from "@pulumi/pulumi";

interface GreetingArgs {
  message: pulumi.Input<string>;
}

class Greeting extends pulumi.ComponentResource {
  readonly message: pulumi.Output<string>;
  constructor(name: string, args: GreetingArgs) {
    super("langhost:test:Greeting", name, {}, {});
    this.message = pulumi.output(args.message);
    this.registerOutputs({ message: this.message });
  }
}

const config = new pulumi.Config();
const greeting = new Greeting("hello", { message: config.require("greeting") });
export const greeting_ = greeting.message;
export const token = config.requireSecret("token");
`;

const TS_RUNTIME = "\n  name: nodejs\n  options:\n    typescript: true\n    tsconfig: tsconfig.pulumi.json";
const TS_CONFIG = JSON.stringify({ compilerOptions: { strict: true } });

interface LifecycleCase {
  project: FolderProject;
  greetingOutput: string;
  greeting: string;
  secret: string;
}

/** stack init, config set (plain and secret), preview, up, the outputs, destroy. */
async function lifecycle({ project, greetingOutput, greeting, secret }: LifecycleCase): Promise<void> {
  await project.ok(["stack", "init", "dev"]);
  await project.ok(["config", "set", "greeting", greeting]);
  await project.ok(["config", "set", "--secret", "token", secret]);

  const preview = await project.ok(["preview"]);
  expect(resourceCounts(preview.stdout)).toEqual({ create: 2 });
  expect(preview.stdout).toContain("langhost:test:Greeting");

  const up = await project.ok(["up", "--yes"]);
  expect(resourceCounts(up.stdout)).toEqual({ create: 2 });
  expect(up.stdout).not.toContain(secret);

  const outputs = JSON.parse((await project.ok(["stack", "output", "--json"])).stdout);
  expect(outputs).toEqual({ [greetingOutput]: greeting, token: "[secret]" });
  const revealed = JSON.parse((await project.ok(["stack", "output", "--json", "--show-secrets"])).stdout);
  expect(revealed).toEqual({ [greetingOutput]: greeting, token: secret });
  expect((await project.ok(["stack", "export"])).stdout).not.toContain(secret);

  const destroy = await project.ok(["destroy", "--yes"]);
  expect(resourceCounts(destroy.stdout)).toEqual({ delete: 2 });
}

describe("Node language host: programs in a project folder through the CLI", () => {
  const projects: FolderProject[] = [];
  const make = (files: Record<string, string>, linkNodeModules = true) => {
    const p = FolderProject.create(files, linkNodeModules);
    projects.push(p);
    return p;
  };
  afterAll(() => projects.forEach((p) => p.dispose()));

  test("a JavaScript program: config and secret config, preview, up, outputs (secret stays secret), destroy", async () => {
    const project = make({ "Pulumi.yaml": yaml("lh-js", "nodejs"), "package.json": '{ "name": "lh-js", "main": "index.js" }', "index.js": JS_PROGRAM });
    await lifecycle({ project, greetingOutput: "greeting", greeting: "hello from js", secret: "js-secret-4711" });
  });

  test("a TypeScript program under the tsconfig Pulumi.yaml names: the same lifecycle; a strict-mode error stops it", async () => {
    const project = make({
      "Pulumi.yaml": yaml("lh-ts", TS_RUNTIME),
      "package.json": '{ "name": "lh-ts", "main": "index.ts" }',
      "tsconfig.pulumi.json": TS_CONFIG,
      "index.ts": TS_PROGRAM,
    });
    await lifecycle({ project, greetingOutput: "greeting_", greeting: "hello from ts", secret: "ts-secret-0815" });

    // The named tsconfig is the one in force: with it (strict), an implicitly-any parameter is an error.
    fs.appendFileSync(path.join(project.cwd, "index.ts"), "\nexport function untyped(x) { return x; }\n");
    const strict = await project.pulumi(["preview"]);
    expect(strict.code).not.toBe(0);
    expect(outputOf(strict)).toContain("TS7006");
  });

  test("a program that throws: its error shown once, nothing more, and the CLI exits 1", async () => {
    const message = "thrown-by-the-program-5e1f";
    const project = make({ "Pulumi.yaml": yaml("lh-throw", "nodejs"), "package.json": '{ "name": "lh-throw" }', "index.js": `throw new Error("${message}");\n` });
    await project.ok(["stack", "init", "dev"]);
    const res = await project.pulumi(["preview"]);
    expect(res.code).toBe(1);
    expect(occurrences(outputOf(res), message)).toBe(1);
    // The host answered `bail`: no second, generic error about the program's exit code.
    expect(outputOf(res)).not.toMatch(/non-zero exit code|unhandled error occurred/);
  });

  test("a folder without the SDK installed: one error naming the folder and `pulumi install`", async () => {
    const project = make({ "Pulumi.yaml": yaml("lh-nosdk", "nodejs"), "package.json": '{ "name": "lh-nosdk" }', "index.js": JS_PROGRAM }, false);
    await project.ok(["stack", "init", "dev"]);
    const res = await project.pulumi(["preview"]);
    expect(res.code).toBe(1);
    const complaint = `It looks like the Pulumi SDK has not been installed in ${project.cwd}. Have you run pulumi install?`;
    // One diagnostic (the CLI also echoes it on the stack's progress line).
    const diagnostics = res.stdout.slice(res.stdout.indexOf("Diagnostics:"), res.stdout.indexOf("Resources:"));
    expect(occurrences(diagnostics, complaint)).toBe(1);
  });

  test("pulumi preview --policy-pack: the pack sees the stack's name, project and config; its mandatory violation fails the preview", async () => {
    const project = make({ "Pulumi.yaml": yaml("lh-policy", "nodejs"), "package.json": '{ "name": "lh-policy" }', "index.js": JS_PROGRAM });
    const pack = project.addFolder("pack", {
      "PulumiPolicy.yaml": "runtime: nodejs\n",
      "package.json": '{ "name": "lh-pack", "version": "0.0.1", "main": "index.js" }',
      "index.js": `
const { PolicyPack } = require("@pulumi/policy");
const pulumi = require("@pulumi/pulumi");
new PolicyPack("langhost-test-pack", {
  policies: [{
    name: "stack-reaches-the-pack",
    description: "Reports the stack and config the pack sees.",
    enforcementLevel: "mandatory",
    validateStack: (_stack, reportViolation) => {
      const config = new pulumi.Config(pulumi.getProject());
      reportViolation("seen: stack=" + pulumi.getStack() + " project=" + pulumi.getProject() + " greeting=" + config.get("greeting") + " dryRun=" + pulumi.runtime.isDryRun());
    },
  }],
});
`,
    });
    await project.ok(["stack", "init", "dev"]);
    await project.ok(["config", "set", "greeting", "policy-sees-this-value"]);
    await project.ok(["config", "set", "--secret", "token", "policy-secret"]);
    const res = await project.pulumi(["preview", "--policy-pack", pack]);
    expect(res.code).not.toBe(0);
    expect(policyViolations(res.stdout)).toEqual([
      { level: "mandatory", policy: "stack-reaches-the-pack", resource: "lh-policy-dev", message: expect.any(String) },
    ]);
    // The violation's text, under the "Policies:" heading (without --diff the reader above leaves it out).
    const policies = res.stdout.slice(res.stdout.indexOf("Policies:"));
    expect(policies).toContain("seen: stack=dev project=lh-policy greeting=policy-sees-this-value dryRun=true");
  });

  test("pulumi install runs npm install in the project folder and streams its output", async () => {
    const project = make(
      {
        "Pulumi.yaml": yaml("lh-install", "nodejs"),
        "package.json": JSON.stringify({ name: "lh-install", private: true, dependencies: { "lh-local-lib": "file:./lib" } }),
        "lib/package.json": JSON.stringify({ name: "lh-local-lib", version: "1.2.3", main: "index.js" }),
        "lib/index.js": "module.exports = 42;\n",
      },
      false,
    );
    const res = await project.ok(["install"]);
    expect(fs.existsSync(path.join(project.cwd, "node_modules", "lh-local-lib", "package.json"))).toBe(true);
    expect(fs.existsSync(path.join(project.cwd, "package-lock.json"))).toBe(true);
    expect(outputOf(res)).toMatch(/added 1 package/);

    // npm's failure is the command's: a non-zero exit naming the folder, npm's own words streamed before it.
    fs.writeFileSync(path.join(project.cwd, "package.json"), '{ "name": "lh-install", ');
    const failed = await project.pulumi(["install"]);
    expect(failed.code).not.toBe(0);
    expect(outputOf(failed)).toContain(`npm install failed in ${project.cwd}`);
    expect(outputOf(failed)).toMatch(/npm error/);
  });

  test("pulumi about names the runtime: Node 22+, its executable, and the program's installed dependencies", async () => {
    const project = make({ "Pulumi.yaml": yaml("lh-about", "nodejs"), "package.json": JSON.stringify({ name: "lh-about", dependencies: { "@pulumi/pulumi": "*" } }), "index.js": JS_PROGRAM });
    const res = await project.pulumi(["about"]);
    const runtime = /This project is written in nodejs: executable='([^']+)' version='v(\d+)\.[^']*'/.exec(res.stdout);
    expect(runtime).not.toBeNull();
    const [, executable, major] = runtime!;
    expect(fs.existsSync(executable)).toBe(true);
    expect(Number(major)).toBeGreaterThanOrEqual(22);
    const sdkVersion = JSON.parse(fs.readFileSync(path.join(project.cwd, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
    expect(res.stdout).toMatch(new RegExp(`@pulumi/pulumi\\s+${sdkVersion.replace(/\./g, "\\.")}`));
  });
});
