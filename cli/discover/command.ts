// `pulumi-wickr-commvault discover`: reads every group of the given Wickr networks and of the
// CommServe (never writes to a service), checks each answer with the provider's own readers,
// schemas and rules, writes a program and, asked to, imports every written group into a stack.
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { closeAllPools } from "../../provider/core/http";
import { importResources } from "../../provider/core/import";
import { declaredKey, previewDeclared, typeToken } from "../declared";
import { UsageError } from "../flags";
import { discoverCommvault, commvaultClient } from "./commvault";
import type { DiscoveredGroup, ServiceProblem } from "./model";
import { DiscoverOptions, parseDiscoverOptions } from "./options";
import { terminalText } from "./escape";
import { assignNames, candidateFiles, partOf, programFiles, refuseToReplace, splitParts, writeAtomically } from "./program";
import { pluginFiles } from "./plugin-formats";
import { Progress, silentProgress, terminalProgress } from "./progress";
import { discoverWickr, wickrClient } from "./wickr";
import { adoptionRecordName, wickrAdoptionRecordDefinition } from "../../provider/wickr/adoption-definition";

export interface DiscoveryResult {
  groups: DiscoveredGroup[];
  problems: ServiceProblem[];
  networks: Array<{ networkId: string; accessLevel?: string; groups: number }>;
}

/** Every group the options name, checked; a service that cannot be read is a problem, not an exception. */
export async function discover(options: Pick<DiscoverOptions, "config" | "networks" | "commvault" | "matches">, progress: Progress = silentProgress): Promise<DiscoveryResult> {
  const result: DiscoveryResult = { groups: [], problems: [], networks: [] };
  // Configuration errors (no region, no URL, no credentials) are the user's to fix: thrown as they are.
  const wickr = options.networks === undefined ? undefined : wickrClient(options.config);
  const commvault = options.commvault ? commvaultClient(options.config) : undefined;
  if (wickr) {
    const found = await discoverWickr(wickr, options.networks as string[] | "all", options.matches, progress);
    result.groups.push(...found.groups);
    result.problems.push(...found.problems);
    result.networks.push(...found.networks);
  }
  if (commvault) {
    const found = await discoverCommvault(commvault, options.matches, progress);
    result.groups.push(...found.groups);
    result.problems.push(...found.problems);
  }
  assignNames(result.groups.filter((g) => !g.skipped));
  return result;
}

/** The import entries of the written groups (each group's declared inputs and recorded facts). */
export function importEntries(groups: DiscoveredGroup[]) {
  return groups
    .filter((g) => !g.skipped)
    .flatMap((g) => [{ def: g.def, resourceName: g.resourceName as string, id: g.id, args: g.args, recorded: g.recorded }, ...adoptionRecordEntries(g)]);
}

/**
 * An adopted Wickr group's adoption record (the program's WickrSecurityGroup declares one), with
 * the original the import records, so that the program previews with no change.
 */
function adoptionRecordEntries(g: DiscoveredGroup) {
  const { adopt, adoptedState } = g.recorded;
  if (g.service !== "wickr" || adopt === undefined || adoptedState === undefined) return [];
  const resource = g.resourceName as string;
  const [networkId, groupId] = [g.id.slice(0, g.id.indexOf("/")), g.id.slice(g.id.indexOf("/") + 1)];
  const recorded = { networkId, adopt, resource, groupId, original: adoptedState, recordedAt: 0 };
  return [{ def: wickrAdoptionRecordDefinition, resourceName: adoptionRecordName(resource), id: g.id, recorded }];
}

/**
 * Records every written group in `stack` (one state edit, one refresh with the program), after a
 * preview has shown that the stack's program declares every one of them: a group imported into a
 * program that does not declare it would be deleted by the next `up`. Refused otherwise, with the
 * state untouched.
 */
export async function importDiscovered(stack: Stack, groups: DiscoveredGroup[], projectDir: string, files: string[]): Promise<string[]> {
  const entries = importEntries(groups);
  const declared = await previewDeclared(stack);
  const missing = entries.filter((e) => !declared.has(declaredKey(typeToken(e.def), e.resourceName)));
  if (missing.length > 0) {
    const names = missing.slice(0, 5).map((e) => `${e.def.typeName} ${terminalText(JSON.stringify(e.resourceName))}`).join(", ");
    const more = missing.length > 5 ? ` and ${missing.length - 5} more` : "";
    throw new Error(
      `--import-into: nothing imported, the state of stack ${JSON.stringify(stack.name)} is untouched: the program in ${projectDir} does not declare ` +
        `${plural(missing.length, "discovered group")} (${names}${more}). Load the written ${files.length === 1 ? "file" : "files"} ` +
        `(${files.map((f) => JSON.stringify(path.relative(projectDir, f) || f)).join(", ")}) from the program (e.g. \`import "./discovered";\` in index.ts), then run discover --import-into again.`,
    );
  }
  const urns = await importResources(stack, entries, { declared });
  // The groups' URNs (adoption records are not groups).
  return urns.filter((urn) => !urn.includes(`:${wickrAdoptionRecordDefinition.typeName}::`));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function summaryLines(result: DiscoveryResult): string[] {
  const lines: string[] = [];
  for (const n of result.networks) lines.push(`wickr network ${terminalText(n.networkId)} (${terminalText(n.accessLevel ?? "plan unknown")}): ${plural(n.groups, "group")}`);
  const commvault = result.groups.filter((g) => g.service === "commvault").length;
  if (commvault > 0) lines.push(`commvault: ${plural(commvault, "user group")}`);
  const unmanaged = new Map<string, number>();
  for (const g of result.groups) {
    for (const p of g.unmanaged) {
      const key = `${g.service} ${p.replace(/\[\d+\]/g, "[]")}`;
      unmanaged.set(key, (unmanaged.get(key) ?? 0) + 1);
    }
  }
  for (const [p, count] of unmanaged) lines.push(`note: ${terminalText(p)} is reported by the service but not in the provider's schema (${plural(count, "group")}): left as held, never changed`);
  for (const g of result.groups) {
    if (g.findings.length === 0) continue;
    lines.push(`${g.service} ${terminalText(JSON.stringify(g.groupName))} (id ${terminalText(g.id)})${g.skipped ? " NOT WRITTEN" : ""}:`);
    for (const f of g.findings) lines.push(`  ${terminalText(`${f.path}: ${f.reason}`)}`);
  }
  for (const p of result.problems) lines.push(`error: ${p.service} ${terminalText(`${p.where}: ${p.message}`)}`);
  return lines;
}

function jsonReport(result: DiscoveryResult, files: string[], imported: string[] | undefined) {
  return {
    networks: result.networks,
    groups: result.groups.map((g) => ({
      service: g.service,
      id: g.id,
      name: g.groupName,
      resourceName: g.resourceName,
      written: !g.skipped,
      findings: g.findings,
      unmanaged: g.unmanaged,
    })),
    problems: result.problems,
    files,
    imported: imported?.length,
  };
}

export interface CommandIo {
  out: (text: string) => void;
  progress?: Progress;
  /** The stack --import-into names (default: selected in the project folder --cwd). */
  openStack?: (name: string, projectDir: string) => Promise<Stack>;
}

async function selectStack(name: string, projectDir: string): Promise<Stack> {
  const workspace = await LocalWorkspace.create({ workDir: projectDir });
  return Stack.select(name, workspace).catch((err: Error) => {
    throw new UsageError(`--import-into: no stack ${JSON.stringify(name)} in ${projectDir}: ${err.message}`);
  });
}

export async function discoverCommand(args: string[], io: CommandIo): Promise<number> {
  const options = parseDiscoverOptions(args);
  // Before any call to a service: files the user wrote or edited are never replaced (unless --force).
  refuseToReplace(candidateFiles(options.out, options.split, options.networks), options.force);
  const progress = options.json ? silentProgress : (io.progress ?? terminalProgress());
  let result: DiscoveryResult;
  try {
    result = await discover(options, progress);
  } finally {
    progress.stop();
    await closeAllPools();
  }
  // A service that could not be listed: no program, since it would be partial.
  const failed = result.problems.length > 0;
  const program = failed ? new Map<string, string>() : options.format === "typescript" ? programFiles(result.groups, options.out, options.split, header(options)) : pluginFiles(options.format, result.groups, options.out, header(options));
  writeAtomically(program, options.force);
  const files = [...program.keys()];

  let imported: string[] | undefined;
  if (!failed && options.importInto && options.split) {
    imported = await importParts(result.groups, options, files, io);
  } else if (!failed && options.importInto) {
    const stack = await (io.openStack ?? selectStack)(options.importInto, options.cwd);
    if (!options.json) io.out(`checking that the program in ${options.cwd} declares every written group (pulumi preview), then importing ${importEntries(result.groups).length} groups into stack ${options.importInto} (one refresh)...\n`);
    imported = await importDiscovered(stack, result.groups, options.cwd, files);
  }

  if (options.json) io.out(`${JSON.stringify(jsonReport(result, files, imported), null, 2)}\n`);
  else {
    for (const line of summaryLines(result)) io.out(`${line}\n`);
    for (const file of files) io.out(`wrote ${path.relative(process.cwd(), file) || file}\n`);
    if (imported) io.out(`imported ${imported.length} groups; \`pulumi preview\` should now show no change\n`);
  }
  if (failed) return 1;
  return options.failOnFindings && result.groups.some((g) => g.findings.length > 0) ? 3 : 0;
}

/**
 * `--split --import-into all`: each part into the stack named after it (every stack must exist
 * first: nothing is imported otherwise), one state edit and one refresh per stack.
 */
async function importParts(groups: DiscoveredGroup[], options: DiscoverOptions, files: string[], io: CommandIo): Promise<string[]> {
  const parts = splitParts(groups.filter((g) => !g.skipped));
  const stacks = new Map<string, Stack>();
  const missing: string[] = [];
  for (const part of parts.keys()) {
    try {
      stacks.set(part, await (io.openStack ?? selectStack)(part, options.cwd));
    } catch {
      missing.push(part);
    }
  }
  if (missing.length > 0) {
    throw new UsageError(
      `--import-into: nothing imported: the project in ${options.cwd} has no stack for ${missing.map((p) => JSON.stringify(p)).join(", ")}. ` +
        `Create each (\`pulumi stack init ${missing[0]}\`, with the provider's config), then run discover again.`,
    );
  }
  const imported: string[] = [];
  for (const [part, mine] of parts) {
    if (!options.json) io.out(`importing ${plural(mine.length, "group")} into stack ${part} (one preview, one state edit, one refresh)...\n`);
    imported.push(...(await importDiscovered(stacks.get(part) as Stack, mine, options.cwd, files)));
  }
  return imported;
}

function header(options: DiscoverOptions): string {
  const parts = [];
  if (options.networks) parts.push(`Wickr networks ${options.networks === "all" ? "(all)" : options.networks.join(", ")}`);
  if (options.commvault) parts.push("the CommServe's user groups");
  return `Discovered from ${parts.join(" and ")}${options.filter ? ` matching ${options.filter}` : ""}.`;
}
