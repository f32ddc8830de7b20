// Pure rules of the host: the project's `runtime.options` (Pulumi.yaml / PulumiPolicy.yaml),
// and the environment a Node program or policy pack reads its stack, config and TypeScript
// settings from. No I/O here, so the unit tests cover every rule.

/** The `runtime.options` this host honours; the official host's defaults. */
export interface NodeRuntimeOptions {
  /** Run `.ts` entry points through ts-node (default true). */
  typescript: boolean;
  /** A tsconfig file for ts-node, relative to the program folder. */
  tsconfig?: string;
  /** Extra Node arguments, split on whitespace. */
  nodeargs: string[];
  /** `pulumi install` leaves out devDependencies. */
  production: boolean;
}

function optionError(name: string, expected: string, value: unknown): Error {
  return new Error(`runtime option "${name}" must be ${expected}, got ${JSON.stringify(value)}`);
}

/** Reads `runtime.options`; a wrong type or an option this host cannot honour is one clear error. */
export function parseRuntimeOptions(options: Record<string, unknown> | undefined): NodeRuntimeOptions {
  const o = options ?? {};
  const parsed: NodeRuntimeOptions = { typescript: true, nodeargs: [], production: false };
  if (o.typescript !== undefined) {
    if (typeof o.typescript !== "boolean") throw optionError("typescript", "a boolean", o.typescript);
    parsed.typescript = o.typescript;
  }
  if (o.tsconfig !== undefined) {
    if (typeof o.tsconfig !== "string") throw optionError("tsconfig", "a string", o.tsconfig);
    parsed.tsconfig = o.tsconfig;
  }
  if (o.nodeargs !== undefined) {
    if (typeof o.nodeargs !== "string") throw optionError("nodeargs", "a string", o.nodeargs);
    if (/["'\\]/.test(o.nodeargs)) throw optionError("nodeargs", "plain words (this host does not parse shell quoting)", o.nodeargs);
    parsed.nodeargs = o.nodeargs.split(/\s+/).filter((a) => a !== "");
  }
  if (o.production !== undefined) {
    if (typeof o.production !== "boolean") throw optionError("production", "a boolean", o.production);
    parsed.production = o.production;
  }
  if (o.packagemanager !== undefined && o.packagemanager !== "npm" && o.packagemanager !== "auto") {
    throw optionError("packagemanager", '"npm" or "auto" (this host installs with npm only)', o.packagemanager);
  }
  return parsed;
}

/** The TypeScript switches @pulumi/pulumi's `cmd/run` and `cmd/run-policy-pack` read. */
export function typescriptEnv(options: NodeRuntimeOptions): Record<string, string> {
  const env: Record<string, string> = {};
  if (options.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
  if (options.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = options.tsconfig;
  return env;
}

/**
 * The engine sends config keys as `namespace:name`; the SDK's config reader also accepts the
 * older `namespace:config:name`, which every SDK version since the first reads, so programs
 * get that form (as from the official host).
 */
export function legacyConfigKey(key: string): string {
  const parts = key.split(":");
  if (parts.length === 2 && parts[0] !== "" && parts[1] !== "") return `${parts[0]}:config:${parts[1]}`;
  if (parts.length === 3 && parts[1] === "config" && parts[0] !== "" && parts[2] !== "") return key;
  throw new Error(`could not parse ${JSON.stringify(key)} as a configuration key (expected <namespace>:<name>)`);
}

/** `PULUMI_CONFIG` and `PULUMI_CONFIG_SECRET_KEYS` for a program. */
export function programConfigEnv(config: Iterable<[string, string]>, secretKeys: string[]): Record<string, string> {
  const rewritten: Record<string, string> = {};
  for (const [key, value] of config) rewritten[legacyConfigKey(key)] = value;
  return { PULUMI_CONFIG: JSON.stringify(rewritten), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys) };
}

/** What a policy pack learns from the engine's `ConfigureStack` call. */
export interface StackConfiguration {
  stack: string;
  project: string;
  organization: string;
  dryRun: boolean;
  config: Iterable<[string, string]>;
  secretKeys: string[];
}

/**
 * The environment a policy pack reads the stack from: `pulumi.getStack()`, `getProject()`,
 * `getOrganization()`, `runtime.isDryRun()` and `new pulumi.Config()` look at these variables.
 * Empty values are left out, so the SDK's defaults apply.
 */
export function policyPackStackEnv(stack: StackConfiguration): Record<string, string> {
  const env: Record<string, string> = {};
  if (stack.organization) env.PULUMI_NODEJS_ORGANIZATION = stack.organization;
  if (stack.project) env.PULUMI_NODEJS_PROJECT = stack.project;
  if (stack.stack) env.PULUMI_NODEJS_STACK = stack.stack;
  env.PULUMI_NODEJS_DRY_RUN = String(stack.dryRun);
  return { ...env, ...programConfigEnv(stack.config, stack.secretKeys) };
}
