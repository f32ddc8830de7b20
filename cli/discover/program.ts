// The TypeScript program discover writes: one resource per group, its settings as the service
// holds them (what the checks let a program declare), names turned into resource names and
// identifiers that are unique and valid, findings as comments. Written to a temporary file and
// renamed at the end, so a file that exists is complete.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { codeString, commentText } from "./escape";
import type { DiscoveredGroup, Service } from "./model";

const CLASSES: Record<Service, string> = { wickr: "WickrSecurityGroup", commvault: "CommvaultUserGroup" };

/** JavaScript's reserved words (strict mode), which an identifier may not be. */
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await arguments eval").split(" "),
);

/** Lower-case words of a name (letters and digits only). */
function words(name: string): string[] {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
}

/** A resource name: the group's name in kebab case ("group" when nothing is left). */
export function resourceSlug(name: string): string {
  return words(name).join("-") || "group";
}

/** A valid, non-reserved camelCase identifier for a resource name. */
export function identifierFor(resourceName: string): string {
  const [first = "group", ...rest] = words(resourceName);
  let id = first + rest.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  if (/^[0-9]/.test(id)) id = `g${id}`;
  return RESERVED.has(id) ? `${id}Group` : id;
}

/** The first of `base`, `base-2`, `base-3`... not yet in `taken` (which it joins). */
function unique(base: string, taken: Set<string>, separator: string): string {
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}${separator}${n}`;
  taken.add(candidate);
  return candidate;
}

/**
 * Gives every group a resource name (Wickr: `<networkId>-<name>`, as names repeat across
 * networks; Commvault: the name) and a variable, unique across everything written.
 */
export function assignNames(groups: DiscoveredGroup[]): void {
  const names = new Set<string>();
  const variables = new Set<string>();
  for (const g of groups) {
    const slug = resourceSlug(g.groupName);
    g.resourceName = unique(g.service === "wickr" ? `${g.networkId}-${slug}` : slug, names, "-");
    const prefix = g.service === "wickr" ? "wickr" : "commvault";
    g.variable = unique(identifierFor(`${prefix} ${g.resourceName}`), variables, "");
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A value as a TypeScript literal: strings through codeString (the only way service text enters
 * code), keys unquoted where they are identifiers, `__proto__` as a computed key (a plain or
 * quoted one would set the prototype instead of a property).
 */
export function literal(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inner = indent + "  ";
    return `[\n${value.map((v) => `${inner}${literal(v, inner)},`).join("\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const inner = indent + "  ";
    const key = (k: string) => (k === "__proto__" ? `[${codeString(k)}]` : IDENTIFIER.test(k) ? k : codeString(k));
    return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${literal(v, inner)},`).join("\n")}\n${indent}}`;
  }
  if (typeof value === "string") return codeString(value);
  if (typeof value === "number" && Number.isFinite(value)) return Object.is(value, -0) ? "-0" : String(value);
  if (typeof value === "boolean" || value === null) return String(value);
  throw new Error(`discover cannot write a ${typeof value} as a literal`);
}

function renderGroup(g: DiscoveredGroup): string {
  const lines: string[] = [];
  const where = g.service === "wickr" ? `Wickr network ${commentText(g.networkId ?? "")}, group ${codeString(g.groupName)} (id ${commentText(g.id)})` : `Commvault user group ${codeString(g.groupName)} (id ${commentText(g.id)})`;
  lines.push(`// ${where}${g.isDefault ? ": the network's default group, adopted (never deleted)" : ""}`);
  for (const f of g.findings) lines.push(`// discover: ${commentText(`${f.path}: ${f.reason}`)}`);
  lines.push(`export const ${g.variable} = new ${CLASSES[g.service]}(${codeString(g.resourceName as string)}, ${literal(g.args)});`);
  return lines.join("\n");
}

/** One program file for `groups` (all of one service, or both); `unwritten`: groups left out, named in the header. */
export function renderProgram(groups: DiscoveredGroup[], header: string, unwritten: DiscoveredGroup[] = []): string {
  const used = [...new Set(groups.map((g) => CLASSES[g.service]))].sort();
  const lines = [`// ${commentText(header)}`, "// Generated by `pulumi-wickr-commvault discover`; edit freely (discover then never replaces this file unless --force)."];
  for (const g of unwritten) lines.push(`// NOT WRITTEN: ${g.service} group ${codeString(g.groupName)} (id ${commentText(g.id)}): ${commentText(g.skipped ?? "unreadable")}`);
  lines.push("");
  if (used.length > 0) lines.push(`import { ${used.join(", ")} } from "pulumi-wickr-commvault";`, "");
  else lines.push("export {};", "");
  lines.push(groups.map(renderGroup).join("\n\n"));
  return sealed(`${lines.join("\n").trimEnd()}\n`);
}

/** The first line of a file discover wrote: the hash of the rest, to tell whether anyone changed it since. */
const SEAL = /^(?:\/\/|#) pulumi-wickr-commvault discover: sha256 ([0-9a-f]{64})\n/;
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
/** `body` with the seal as its first line, a comment of the file's language (`//`, or `#` for YAML). */
export const sealed = (body: string, comment: "//" | "#" = "//") => `${comment} pulumi-wickr-commvault discover: sha256 ${sha256(body)}\n${body}`;

/** True when `text` is a file discover wrote, unchanged since. */
export function isUnchangedOutput(text: string): boolean {
  const seal = SEAL.exec(text);
  return seal !== null && sha256(text.slice(seal[0].length)) === seal[1];
}

/** The files among `files` that exist and are not discover's own unchanged output (which it may replace). */
export function filesItMustNotReplace(files: Iterable<string>): string[] {
  return [...files].filter((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
      return true;
    }
    return !isUnchangedOutput(text);
  });
}

/** Refuses, naming them, to replace files discover did not write or that were edited since (unless `force`). */
export function refuseToReplace(files: Iterable<string>, force: boolean): void {
  if (force) return;
  const kept = filesItMustNotReplace(files);
  if (kept.length > 0) {
    throw new Error(
      `refusing to replace ${kept.map((f) => JSON.stringify(f)).join(", ")}: not written by discover, or edited since. ` +
        "Choose another --out, move the file away, or pass --force to replace it.",
    );
  }
}

/**
 * The parts of a split program, one stack each: `wickr-<networkId>` per Wickr network and
 * `commvault` for the CommServe, in a stable order (networks as listed, then Commvault).
 */
export function splitParts(groups: DiscoveredGroup[]): Map<string, DiscoveredGroup[]> {
  const parts = new Map<string, DiscoveredGroup[]>();
  for (const g of groups) {
    const part = partOf(g);
    const list = parts.get(part);
    if (list) list.push(g);
    else parts.set(part, [g]);
  }
  return parts;
}

/** The part (and stack) a group belongs to in a split program. */
export const partOf = (g: DiscoveredGroup): string => (g.service === "wickr" ? `wickr-${g.networkId}` : "commvault");

/** The entry file of a split program: the stack's name (or `discover:part` in its config) picks the part it runs. */
export const SPLIT_INDEX = "index.ts";

/**
 * The files discover may write for `out`, checked before any call: one file, or in a split
 * folder the entry file, the Commvault part and the part of every network named up front.
 */
export function candidateFiles(out: string, split: boolean, networks?: string[] | "all"): string[] {
  if (!split) return [out];
  const named = Array.isArray(networks) ? networks.map((id) => `wickr-${id}.ts`) : [];
  return [SPLIT_INDEX, "commvault.ts", ...named].map((file) => path.join(out, file));
}

/** The entry file of a split program: loads the part the stack runs (part names are discover's own: `wickr-` and 8 digits, or `commvault`). */
export function renderSplitIndex(parts: string[], header: string): string {
  const lines = [
    `// ${commentText(header)}`,
    "// Generated by `pulumi-wickr-commvault discover --split`: one part per Wickr network and one for the CommServe,",
    "// each managed by its own stack of this project. A stack runs the part named like it (`pulumi stack init wickr-40000001`),",
    "// or the one its config names (`pulumi config set discover:part wickr-40000001`). Parts never share a resource.",
    'import * as pulumi from "@pulumi/pulumi";',
    "",
    "const parts: Record<string, () => unknown> = {",
    ...parts.map((part) => `  ${codeString(part)}: () => require(${codeString(`./${part}`)}),`),
    "};",
    'const part = new pulumi.Config("discover").get("part") ?? pulumi.getStack();',
    "const load = parts[part];",
    "if (load === undefined) {",
    '  throw new Error(`stack ${pulumi.getStack()}: no discovered part named ${JSON.stringify(part)}; the parts are ${Object.keys(parts).join(", ")}. Name the stack after one, or set discover:part.`);',
    "}",
    // Not exported: an entry module's exports become stack outputs (every group's outputs once more).
    "load();",
  ];
  return sealed(`${lines.join("\n")}\n`);
}

/**
 * The files to write: one, or (split) one per part (`wickr-<networkId>.ts`, `commvault.ts`) and
 * the entry file that picks the stack's part. Groups that cannot be written (`skipped`) are
 * named in the header of the file they would be in.
 */
export function programFiles(groups: DiscoveredGroup[], out: string, split: boolean, header: string): Map<string, string> {
  const files = new Map<string, string>();
  const written = (gs: DiscoveredGroup[]) => gs.filter((g) => !g.skipped);
  const unwritten = (gs: DiscoveredGroup[]) => gs.filter((g) => g.skipped);
  if (!split) {
    files.set(out, renderProgram(written(groups), header, unwritten(groups)));
    return files;
  }
  const parts = splitParts(groups);
  files.set(path.join(out, SPLIT_INDEX), renderSplitIndex([...parts.keys()], header));
  for (const [part, mine] of parts) files.set(path.join(out, `${part}.ts`), renderProgram(written(mine), header, unwritten(mine)));
  return files;
}

/**
 * Writes every file to a temporary sibling first, then renames them all: no file is ever partial.
 * A file that exists is replaced only when discover wrote it and nobody changed it since, or with `force`.
 */
export function writeAtomically(files: Map<string, string>, force = false): void {
  refuseToReplace(files.keys(), force);
  const staged: Array<[string, string]> = [];
  try {
    for (const [file, text] of files) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, text);
      staged.push([temp, file]);
    }
  } catch (err) {
    for (const [temp] of staged) fs.rmSync(temp, { force: true });
    throw err;
  }
  for (const [temp, file] of staged) fs.renameSync(temp, file);
}
