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
import { ImportableGroup, ImportStash } from "./import-stash";
import type { DiscoveredGroup, Service, ServiceProblem } from "./model";
import { sameTargets } from "./listed-target";
import type { ConfigSource } from "../../provider/core/config";
import { assignNames, ProgramNames } from "./names";
import { DiscoverOptions, parseDiscoverOptions } from "./options";
import { terminalText } from "./escape";
import { candidateFiles, partOf, refuseToReplace } from "./program";
import { OutputWriter, typescriptWriter } from "./program-writer";
import { pluginWriter } from "./plugin-formats";
import { Progress, silentProgress, terminalProgress } from "./progress";
import { DiscoveryReport } from "./report";
import { Staging } from "./staging";
import { discoverWickr, NetworkSummary, wickrClient } from "./wickr";
import { adoptionRecordName, wickrAdoptionRecordDefinition } from "../../provider/wickr/adoption-definition";

/** What a discovery learns beside its groups: the networks listed, and each service that could not be listed. */
export interface DiscoveryOutline {
  problems: ServiceProblem[];
  networks: NetworkSummary[];
}

export interface DiscoveryResult extends DiscoveryOutline {
  groups: DiscoveredGroup[];
}

type DiscoveryTarget = Pick<DiscoverOptions, "config" | "networks" | "commvault" | "matches">;

/**
 * Every group the options name, checked, handed to `onGroup` one at a time in the program's
 * order (the Wickr networks as listed, then the CommServe's groups by id) as soon as it is
 * checked; a service that cannot be read is a problem, not an exception.
 */
export async function discoverEach(options: DiscoveryTarget, progress: Progress, onGroup: (g: DiscoveredGroup) => void): Promise<DiscoveryOutline> {
  const outline: DiscoveryOutline = { problems: [], networks: [] };
  // Configuration errors (no region, no URL, no credentials) are the user's to fix: thrown as they are.
  const wickr = options.networks === undefined ? undefined : wickrClient(options.config);
  const commvault = options.commvault ? commvaultClient(options.config) : undefined;
  if (wickr) {
    const found = await discoverWickr(wickr, options.networks as string[] | "all", options.matches, progress, onGroup);
    outline.problems.push(...found.problems);
    outline.networks.push(...found.networks);
  }
  if (commvault) {
    const found = await discoverCommvault(commvault, options.matches, progress, onGroup);
    outline.problems.push(...found.problems);
  }
  return outline;
}

/** Every group the options name, checked and named, in memory (for a small estate; the command writes as it goes). */
export async function discover(options: DiscoveryTarget, progress: Progress = silentProgress): Promise<DiscoveryResult> {
  const groups: DiscoveredGroup[] = [];
  const outline = await discoverEach(options, progress, (g) => groups.push(g));
  assignNames(groups.filter((g) => !g.skipped));
  return { ...outline, groups };
}

/**
 * The import entries of the written groups (each group's declared inputs and recorded facts),
 * with the answer discovery listed for the groups of `answered` services (all by default).
 */
export function importEntries(groups: ImportableGroup[], answered: (service: Service) => boolean = () => true) {
  return groups
    .filter((g) => !g.skipped)
    .flatMap((g) => [
      { def: g.def, resourceName: g.resourceName as string, id: g.id, args: g.args, recorded: g.recorded, answer: answered(g.service) ? g.answer : undefined },
      ...adoptionRecordEntries(g),
    ]);
}

/**
 * An adopted Wickr group's adoption record (the program's WickrSecurityGroup declares one), with
 * the original the import records, so that the program previews with no change.
 */
function adoptionRecordEntries(g: ImportableGroup) {
  const { adopt, adoptedState } = g.recorded;
  if (g.service !== "wickr" || adopt === undefined || adoptedState === undefined) return [];
  const resource = g.resourceName as string;
  const [networkId, groupId] = [g.id.slice(0, g.id.indexOf("/")), g.id.slice(g.id.indexOf("/") + 1)];
  const recorded = { networkId, adopt, resource, groupId, original: adoptedState, recordedAt: 0 };
  return [{ def: wickrAdoptionRecordDefinition, resourceName: adoptionRecordName(resource), id: g.id, recorded }];
}

/**
 * Records every written group in `stack` (one state edit), after a preview has shown that the
 * stack's program declares every one of them: a group imported into a program that does not
 * declare it would be deleted by the next `up`. Refused otherwise, with the state untouched. Each
 * group is recorded as discover listed it, with no read of its own, when the stack's provider
 * targets what discover listed (listedWith: discover's configuration); otherwise one refresh with
 * the program reads them through the stack's configuration.
 */
export async function importDiscovered(stack: Stack, groups: ImportableGroup[], projectDir: string, files: string[], listedWith: ConfigSource): Promise<string[]> {
  // A listed group is recorded as listed only when the stack's provider targets what discover listed.
  const same = await sameTargets(stack, listedWith);
  const entries = importEntries(groups, (service) => same.has(service));
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

/** Where discover writes what it finds, as it finds it: the program's files, and what --import-into needs. */
interface Sinks {
  staging: Staging;
  writer: OutputWriter;
  stash?: ImportStash;
}

function openSinks(options: DiscoverOptions): Sinks {
  const staging = new Staging();
  const writer = options.format === "typescript" ? typescriptWriter(staging, options.out, options.split, header(options)) : pluginWriter(staging, options.format, options.out, header(options));
  const stashFile = (part: string) => `${options.split ? path.join(options.out, `${part}.ts`) : options.out}.${process.pid}.import.tmp`;
  return { staging, writer, stash: options.importInto ? new ImportStash(stashFile) : undefined };
}

export async function discoverCommand(args: string[], io: CommandIo): Promise<number> {
  const options = parseDiscoverOptions(args);
  // Before any call to a service: files the user wrote or edited are never replaced (unless --force).
  refuseToReplace(candidateFiles(options.out, options.split, options.networks), options.force);
  const progress = options.json ? silentProgress : (io.progress ?? terminalProgress());
  const report = new DiscoveryReport(options.json);
  const { staging, writer, stash } = openSinks(options);
  try {
    let outline: DiscoveryOutline;
    const names = new ProgramNames();
    try {
      // Each group named, reported, written and set aside for the import as soon as it is checked; then let go.
      outline = await discoverEach(options, progress, (g) => {
        if (!g.skipped) names.assign(g);
        report.add(g);
        writer.add(g);
        stash?.add(options.split ? partOf(g) : "program", g);
      });
    } finally {
      progress.stop();
      await closeAllPools();
    }
    // A service that could not be listed: no program, since it would be partial.
    const failed = outline.problems.length > 0;
    let files: string[] = [];
    if (failed) staging.discard();
    else {
      writer.finish();
      files = staging.commit(options.force);
    }

    let imported: string[] | undefined;
    if (!failed && stash && options.split) {
      imported = await importParts(stash, options, files, io);
    } else if (!failed && stash && options.importInto) {
      const stack = await (io.openStack ?? selectStack)(options.importInto, options.cwd);
      const groups = stash.groups("program");
      if (!options.json) io.out(`checking that the program in ${options.cwd} declares every written group (pulumi preview), then importing ${importEntries(groups).length} groups into stack ${options.importInto} (one state edit)...\n`);
      imported = await importDiscovered(stack, groups, options.cwd, files, options.config);
    }

    if (options.json) io.out(`${JSON.stringify(report.json(outline.networks, outline.problems, files, imported), null, 2)}\n`);
    else {
      for (const line of report.lines(outline.networks, outline.problems)) io.out(`${line}\n`);
      for (const file of files) io.out(`wrote ${path.relative(process.cwd(), file) || file}\n`);
      if (imported) io.out(`imported ${imported.length} groups; \`pulumi preview\` should now show no change\n`);
    }
    if (failed) return 1;
    return options.failOnFindings && report.anyFindings ? 3 : 0;
  } catch (err) {
    staging.discard();
    throw err;
  } finally {
    stash?.discard();
  }
}

/**
 * `--split --import-into all`: each part into the stack named after it (every stack must exist
 * first: nothing is imported otherwise), one state edit per stack, each from
 * its own part's groups only.
 */
async function importParts(stash: ImportStash, options: DiscoverOptions, files: string[], io: CommandIo): Promise<string[]> {
  const parts = stash.parts();
  const stacks = new Map<string, Stack>();
  const missing: string[] = [];
  for (const part of parts) {
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
  for (const part of parts) {
    const mine = stash.groups(part);
    if (!options.json) io.out(`importing ${plural(mine.length, "group")} into stack ${part} (one preview, one state edit)...\n`);
    imported.push(...(await importDiscovered(stacks.get(part) as Stack, mine, options.cwd, files, options.config)));
  }
  return imported;
}

function header(options: DiscoverOptions): string {
  const parts = [];
  if (options.networks) parts.push(`Wickr networks ${options.networks === "all" ? "(all)" : options.networks.join(", ")}`);
  if (options.commvault) parts.push("the CommServe's user groups");
  return `Discovered from ${parts.join(" and ")}${options.filter ? ` matching ${options.filter}` : ""}.`;
}
