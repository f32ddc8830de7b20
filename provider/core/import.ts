// Importing an existing resource by id, through the Automation API, for any resource on the
// shared machinery.
//
// `pulumi import` and the `import` resource option cannot work with a Pulumi dynamic provider:
// the engine's import read carries no properties, so the provider host cannot find the
// provider's code (pulumi/pulumi#16175, #3550). This does what an import does, in two steps
// the engine supports: it records the resource in the stack's state by id (with the provider's
// code and nothing else), then refreshes it with the program run, so the provider's `read`
// fills in every setting the service reports. A program that matches the resource then
// previews with no change; it is managed from then on (updated, and deleted on destroy).
// A caller that already holds the service's answer for a resource (discover has just listed it)
// gives it with the entry: the import then records what the provider's read makes of that answer
// (the same read, over the definition's snapshotOfRead) and neither reads it again nor refreshes.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import type { Deployment, EngineEvent, PreviewOptions, Stack } from "@pulumi/pulumi/automation";
import { checkInputs } from "./bridge";
import { secretPathsOf } from "./declared-secrets";
import { carriersOf, IDENTITY, resourceIdentity, ResourceDefinition, SECRET_PATHS, splitInputs } from "./definition";
import { InputError } from "./errors";
import { isPlainObject, isUnknown } from "./diff";
import { knownPart } from "./resource";
import { serializableProvider } from "./proxy";
import { readOfAnswer } from "./held-read";
import { asDeployed, isSecretMark, markedSecret } from "./secret-marks";

export interface ImportOptions {
  /**
   * The arguments the program declares for the resource. Given, the import manages exactly
   * these settings from the start, in the program's forms (members by name stay by name), so
   * even the engine's property diff of a later change names only what changes. Without them
   * the first read manages every setting the service reports, like `pulumi import`.
   */
  args?: object;
  /** What the stack's program declares (previewDeclared), when the caller has already previewed. */
  declared?: Map<string, Record<string, unknown>>;
}

const execFileAsync = promisify(execFile);
const STACK_TYPE = "pulumi:pulumi:Stack";
const NODEJS_PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

interface StateResource {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  delete?: boolean;
  [key: string]: unknown;
}

/**
 * The `__provider` value a resource records: the serialized provider proxy, exactly
 * as `pulumi.dynamic.Resource` serializes it (`() => provider`; the captured name is part of
 * the text), so the program's next registration records the same value.
 */
async function serializedProvider(def: ResourceDefinition): Promise<string> {
  const provider = serializableProvider(def.serializedProvider);
  return (await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).text;
}

/** The property paths of an args object that hold values not known outside a program run. */
function unresolvedPaths(value: unknown, at = ""): string[] {
  if (isUnknown(value)) return [at || "(args)"];
  if (Array.isArray(value)) return value.flatMap((v, i) => unresolvedPaths(v, `${at}[${i}]`));
  if (isPlainObject(value)) return Object.entries(value).flatMap(([k, v]) => unresolvedPaths(v, at ? `${at}.${k}` : k));
  return [];
}

/**
 * The stack's state with secrets left encrypted (`Stack.exportStack()` decrypts them, and
 * `importStack` of that would write them in clear text to a temporary file).
 */
export async function exportStackEncrypted(stack: Stack): Promise<Deployment> {
  const ws = stack.workspace;
  const env = { ...process.env, ...(ws.pulumiHome ? { PULUMI_HOME: ws.pulumiHome } : {}), ...ws.envVars };
  const { stdout } = await execFileAsync(ws.pulumiCommand.command, ["stack", "export", "--stack", stack.name], {
    cwd: ws.workDir,
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Deployment;
}

/** The engine's type token of a resource on the shared machinery. */
export const typeToken = (def: ResourceDefinition) => `pulumi-nodejs:dynamic/${def.module}:${def.typeName}`;

/** A key for a declared resource: its type token and its name in the program. */
export const declaredKey = (type: string, name: string) => `${type}::${name}`;

/** What a preview shows in place of a secret input's value. */
export const MASKED_SECRET = "[secret]";

/**
 * Every resource the stack's program declares (by declaredKey), with the inputs a preview shows
 * (a secret input as MASKED_SECRET). The preview runs the program and changes nothing.
 */
export async function previewDeclared(stack: Stack): Promise<Map<string, Record<string, unknown>>> {
  const declared = new Map<string, Record<string, unknown>>();
  const keyOf = (urn: string) => {
    // urn:pulumi:<stack>::<project>::<type chain>::<name>; the type is the last of the chain.
    const parts = urn.split("::");
    const name = parts.slice(3).join("::");
    const type = parts[2]?.split("$").pop() ?? "";
    return declaredKey(type, name);
  };
  const onEvent = (e: EngineEvent) => {
    const meta = e.resourcePreEvent?.metadata;
    if (meta) {
      const name = meta.urn.slice(meta.urn.lastIndexOf("::") + 2);
      declared.set(declaredKey(meta.type, name), (meta.new?.inputs ?? {}) as Record<string, unknown>);
      return;
    }
    // A resource the program registers whose create the provider's check refuses (a preview
    // plans a create for what is not in the state yet) is declared all the same.
    const urn = e.diagnosticEvent?.urn;
    if (urn && !declared.has(keyOf(urn))) declared.set(keyOf(urn), {});
  };
  // Targeting only the stack itself: the program runs and registers everything, and the engine
  // neither checks nor plans the rest (a resource not in the state yet would be checked as a
  // create, and a refused create stops the preview), yet reports each registration.
  const project = (await stack.workspace.projectSettings()).name;
  const stackName = stack.name.split("/").pop() as string;
  const root = `urn:pulumi:${stackName}::${project}::pulumi:pulumi:Stack::${project}-${stackName}`;
  // First a full preview for the inputs as the program gives them (a secret masked): it may stop
  // at a refused create, so what it saw is kept and the targeted one below finds the rest.
  const full = new Map<string, Record<string, unknown>>();
  const preview = (options: PreviewOptions) => withoutCheckpoints(stack, () => stack.preview(options));
  await preview({
      onEvent: (e: EngineEvent) => {
        const meta = e.resourcePreEvent?.metadata;
        if (meta) full.set(declaredKey(meta.type, meta.urn.slice(meta.urn.lastIndexOf("::") + 2)), (meta.new?.inputs ?? {}) as Record<string, unknown>);
      },
    })
    .catch(() => undefined);
  try {
    await preview({ onEvent, target: [root] });
    for (const key of declared.keys()) if (full.has(key)) declared.set(key, full.get(key) as Record<string, unknown>);
  } catch (err) {
    // Such a refusal fails the preview; a program that cannot run registers nothing, and the
    // caller's check then names what is missing. Kept for that message.
    if (declared.size === 0) throw err;
  }
  return declared;
}

/** True when `value` is or holds a masked secret (a preview shows one as "[secret]", or marked with its ciphertext masked). */
function holdsSecret(value: unknown): boolean {
  if (value === MASKED_SECRET) return true;
  if (isSecretMark(value)) return true;
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (isPlainObject(value)) return Object.values(value).some(holdsSecret);
  return false;
}

/** The top-level input keys the program marks secret (at any depth), from its preview inputs. */
export function secretKeysOf(def: ResourceDefinition, inputs: Record<string, unknown>): string[] {
  return Object.keys(inputs).filter((key) => key in def.inputs.shape && holdsSecret(inputs[key]));
}

/**
 * Imports a deployment through `pulumi stack import` reading stdin: secrets given in the
 * deployment's `plaintext` form are encrypted by the CLI with the stack's secrets provider and
 * never reach a file in clear (Stack.importStack writes the deployment to a temporary file).
 */
export async function importStackFromStdin(stack: Stack, deployment: Deployment): Promise<void> {
  const ws = stack.workspace;
  const env = { ...process.env, ...(ws.pulumiHome ? { PULUMI_HOME: ws.pulumiHome } : {}), ...ws.envVars };
  await new Promise<void>((resolve, reject) => {
    const child = execFile(ws.pulumiCommand.command, ["stack", "import", "--stack", stack.name, "--non-interactive"], { cwd: ws.workDir, env, maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) =>
      err ? reject(new Error(`pulumi stack import failed: ${String(stderr).trim() || err.message}`)) : resolve(),
    );
    child.stdin?.end(JSON.stringify(deployment));
  });
}

/**
 * Runs `operation` on `stack` with PULUMI_SKIP_CHECKPOINTS=true. The engine otherwise serializes
 * and checks the whole state after every step, previews included, which makes an estate's
 * preview and refresh quadratic (1,000 Wickr groups: a preview 17.0 s against 6.6 s skipped, a refresh
 * of 1,003 imported groups 300 s against 37 s). Nothing is lost by it: a preview writes no state;
 * a refresh writes it once at the end, and one that fails puts the state back as it was
 * (importResources), one that is killed leaves the state the import wrote.
 */
async function withoutCheckpoints<T>(stack: Stack, operation: () => Promise<T>): Promise<T> {
  const env = stack.workspace.envVars;
  const had = Object.prototype.hasOwnProperty.call(env, "PULUMI_SKIP_CHECKPOINTS");
  const before = env.PULUMI_SKIP_CHECKPOINTS;
  env.PULUMI_SKIP_CHECKPOINTS = "true";
  try {
    return await operation();
  } finally {
    if (had) env.PULUMI_SKIP_CHECKPOINTS = before;
    else delete env.PULUMI_SKIP_CHECKPOINTS;
  }
}

/** Refreshes the imported resources (with the program), the state written once. */
const refreshOnce = (stack: Stack, urns: string[]) => withoutCheckpoints(stack, () => stack.refresh({ runProgram: true, target: urns }));

/** One resource of a bulk import (importResources). */
export interface ImportEntry {
  def: ResourceDefinition;
  /** The resource's name in the program. */
  resourceName: string;
  /** The resource's id at the service. */
  id: string;
  /** What the program declares for it (ImportOptions.args). */
  args?: object;
  /**
   * Outputs recorded beside the declared settings: control values and the facts a read carries
   * from state to state (e.g. a Wickr default group's adoption, as an adopting create records it).
   */
  recorded?: Record<string, unknown>;
  /**
   * The service's answer to the read the import would make (in the form the definition's
   * snapshotOfRead takes), when the caller already holds it (discover has just listed the
   * group): the import records what that read would and asks the service nothing.
   */
  answer?: unknown;
}

export interface ImportResourcesOptions {
  /** What the stack's program declares (previewDeclared), when the caller has already previewed; else a preview runs first. */
  declared?: Map<string, Record<string, unknown>>;
}

/** The declared settings of an entry (what the import manages), refused with the resource's name when invalid. */
function declaredOf(entry: ImportEntry): Record<string, unknown> {
  const { def, resourceName, args } = entry;
  if (args === undefined) return {};
  const unresolved = unresolvedPaths(knownPart(args));
  if (unresolved.length > 0) {
    throw new InputError(`${def.typeName} "${resourceName}"`, unresolved.map((path) => ({ path, reason: "an import takes plain values: an Output or Promise cannot be resolved outside the program run" })));
  }
  const problems = checkInputs(def, args as Record<string, unknown>);
  if (problems.length > 0) throw new InputError(`${def.typeName} "${resourceName}"`, problems);
  return splitInputs(def, args as Record<string, unknown>).settings;
}

/**
 * Imports the existing resource `id` into `stack` as the resource named `resourceName` (a child
 * of the stack). The stack's program must declare that resource (without the `import`
 * option): its run gives the provider its configuration. Returns the resource's URN. Throws,
 * leaving the state as it was, when the resource does not exist or the read fails.
 */
export async function importResource(
  def: ResourceDefinition,
  stack: Stack,
  resourceName: string,
  id: string,
  options: ImportOptions = {},
): Promise<string> {
  const [urn] = await importResources(stack, [{ def, resourceName, id, args: options.args }], { declared: options.declared });
  return urn;
}

/**
 * Imports many existing resources at once: every one recorded in the state by id (an entry with
 * a held answer recorded as its read; see ImportEntry.answer), then one refresh (with the
 * program) reads all the others. All or nothing: when any is missing or a read fails, the state
 * is put back as it was. Returns the URNs, in the entries' order.
 */
export async function importResources(stack: Stack, entries: readonly ImportEntry[], options: ImportResourcesOptions = {}): Promise<string[]> {
  const declared = entries.map(declaredOf);
  if (entries.length === 0) return [];

  // The program must declare every resource (a resource it does not declare would be deleted by
  // the next `up`), and what it marks secret is recorded secret from the start: the refresh keeps
  // a recorded secret's mark, so no state file, backup or history entry holds it in clear.
  const program = options.declared ?? (await previewDeclared(stack));
  const undeclared = entries.filter((e) => !program.has(declaredKey(typeToken(e.def), e.resourceName)));
  if (undeclared.length > 0) {
    throw new Error(`the stack's program declares no ${undeclared.map((e) => `${e.def.typeName} named "${e.resourceName}"`).join(", no ")}: declare it (without the import option), then import again; the state is untouched`);
  }
  // What the program gives each entry's resource, as its preview shows it.
  const given = entries.map((e) => program.get(declaredKey(typeToken(e.def), e.resourceName)) ?? {});
  const secretKeys = entries.map((e, i) => secretKeysOf(e.def, given[i]));
  // A resource with no settings of its own that records another's values (an adoption record):
  // its carriers are secret when the program lists secret paths for it (SECRET_PATHS).
  const listedPaths = given.map((inputs) => secretPathsOf(inputs));
  // An entry without args whose program marks something secret: the program's declaration (as
  // the preview shows it, a secret as null for the read to fill) is what the import manages, so
  // the secret keys are recorded, and recorded secret.
  entries.forEach((e, i) => {
    if (e.args !== undefined || secretKeys[i].length === 0) return;
    const inputs = given[i];
    declared[i] = Object.fromEntries(
      Object.entries(inputs)
        .filter(([key]) => key in e.def.inputs.shape && key in splitInputs(e.def, inputs).settings)
        .map(([key, value]) => [key, holdsSecret(value) ? null : value]),
    );
  });

  const original = await exportStackEncrypted(stack);
  const deployment = (original.deployment ?? {}) as { resources?: StateResource[]; [key: string]: unknown };
  const resources: StateResource[] = [...(deployment.resources ?? [])];
  const project = (await stack.workspace.projectSettings()).name;
  const stackName = stack.name.split("/").pop() as string;
  const prefix = `urn:pulumi:${stackName}::${project}::`;

  let root = resources.find((r) => r.type === STACK_TYPE);
  if (!root) {
    root = { urn: `${prefix}${STACK_TYPE}::${project}-${stackName}`, custom: false, type: STACK_TYPE };
    resources.unshift(root);
  }
  // The default dynamic-provider instance; the refresh below runs the program, which gives it
  // the stack's configuration (its recorded inputs are replaced then).
  let provider = resources.find((r) => r.type === NODEJS_PROVIDER_TYPE && r.urn.endsWith("::default") && !r.delete);
  const newProvider = !provider;
  if (!provider) {
    provider = { urn: `${prefix}${NODEJS_PROVIDER_TYPE}::default`, custom: true, id: randomUUID(), type: NODEJS_PROVIDER_TYPE, inputs: {}, outputs: {} };
    resources.splice(resources.indexOf(root) + 1, 0, provider);
  }
  const codes = new Map<ResourceDefinition, string>();
  const urns: string[] = [];
  // The URNs the state holds, looked up once each (an estate's import adds thousands).
  const held = new Set(resources.filter((r) => !r.delete).map((r) => r.urn));
  for (const [index, entry] of entries.entries()) {
    const { def, resourceName, id } = entry;
    const type = `pulumi-nodejs:dynamic/${def.module}:${def.typeName}`;
    const urn = `${prefix}${type}::${resourceName}`;
    if (held.has(urn)) {
      throw new Error(`${def.typeName} "${resourceName}" is already in the stack's state (${urn})`);
    }
    if (!codes.has(def)) codes.set(def, await serializedProvider(def));
    const code = codes.get(def) as string;
    const identity = resourceIdentity(project, stackName, def, resourceName);
    const secret = secretKeys[index];
    // A secret key is recorded secret in inputs and outputs (with its declared value when the
    // entry gives one), and so is every carrier of declared values (see secrecy.ts), with the secret paths recorded.
    const secretInputs: Record<string, unknown> = {};
    const secretOutputs: Record<string, unknown> = {};
    // The secret paths as the program lists them (the class's SECRET_PATHS: leaf paths, hidden
    // inputs such as an adoption's original), so the first diff finds nothing newly secret; the
    // secret keys themselves when the program's list is not known.
    const listed = listedPaths[index].length > 0 ? listedPaths[index] : secret;
    // A hidden input the program gives (an adoption's original, a carrier of its record) is
    // secret whenever anything is: the class lists it once its record exists, which a preview
    // before the import cannot show.
    const paths = listed.length === 0 ? listed : [...listed, ...(def.hiddenInputs ?? []).filter((key) => key in given[index] && !listed.includes(key))];
    if (paths.length > 0) {
      for (const key of secret) {
        secretInputs[key] = markedSecret(declared[index][key]);
        // A value the caller cannot know (masked by the preview) is recorded as null, which the
        // read fills from the service, still secret; never when nothing else is declared (an
        // empty declaration lets the first read manage everything the service reports).
        if (key in declared[index] || Object.keys(declared[index]).length > 0) secretOutputs[key] = markedSecret(declared[index][key]);
      }
      // The secret paths, as the resource class records them (SECRET_PATHS: names, never values),
      // in inputs and outputs, so the read returns the carriers as secrets.
      secretInputs[SECRET_PATHS] = [...paths];
      secretOutputs[SECRET_PATHS] = [...paths];
      // A carrier the entry records (an adopted group's original) keeps its value; the read fills the others.
      for (const key of carriersOf(def)) secretOutputs[key] = markedSecret((entry.recorded as Record<string, unknown> | undefined)?.[key] ?? null);
    }
    // The control values the entry records (adopt) are inputs too: the refresh's diff then sees
    // the adoption the program declares, not its removal.
    const inputs = { __provider: code, [IDENTITY]: identity, ...splitInputs(def, entry.recorded ?? {}).control, ...secretInputs };
    // The provider's read takes the recorded outputs as the declared shape to project onto.
    const outputs = { ...declared[index], ...entry.recorded, ...secretOutputs, __provider: code, [IDENTITY]: identity };
    const read = entry.answer === undefined ? undefined : await readOfAnswer(def, id, entry.answer, inputs, outputs);
    resources.push({
      urn,
      custom: true,
      id: read?.id ?? id,
      type,
      inputs: asDeployed(read?.inputs ?? inputs),
      outputs: asDeployed(read?.outputs ?? outputs),
      parent: root.urn,
      provider: `${provider.urn}::${provider.id}`,
    });
    urns.push(urn);
    held.add(urn);
  }
  if (urns.length === 0) return [];

  await importStackFromStdin(stack, { ...original, deployment: { ...deployment, resources } });
  // The entries whose answer the caller held are recorded as their read; the others are read now.
  const unread = entries.flatMap((e, i) => (e.answer === undefined && e.def.readKeepsOutputs !== true ? [{ entry: e, urn: urns[i] }] : []));
  // A default provider recorded here gets what the program's run gives it (the engine records
  // the stack's configuration), else the next preview would show it changing; it reads nothing.
  const targets = [...(newProvider ? [provider.urn] : []), ...unread.map((u) => u.urn)];
  if (targets.length === 0) return urns;
  try {
    await refreshOnce(stack, targets);
    const after = ((await exportStackEncrypted(stack)).deployment?.resources ?? []) as StateResource[];
    // A resource that does not exist reads as gone, and the refresh drops it from the state.
    const recorded = new Set(after.map((r) => `${r.urn}\u0000${r.id}`));
    const missing = unread.filter((u) => !recorded.has(`${u.urn}\u0000${u.entry.id}`)).map((u) => u.entry);
    if (missing.length > 0) {
      throw new Error(missing.map((e) => `${e.def.typeName} "${e.resourceName}": there is nothing with id ${e.id} to import`).join("; "));
    }
  } catch (err) {
    await importStackFromStdin(stack, original);
    throw err;
  }
  return urns;
}
