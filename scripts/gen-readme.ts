// Generates the resource reference (docs/reference.md) from the resources' schemas, so the docs cannot
// drift from what the provider accepts:
//
//   node dist/scripts/gen-readme.js           prints the section
//   node dist/scripts/gen-readme.js --write   rewrites docs/reference.md between the reference markers
//   node dist/scripts/gen-readme.js --check   exits 1 when docs/reference.md is out of date
//
// Inputs come from the zod schemas (walked with provider/core/schema.ts's helpers: types,
// bounds, replace-on-change, sets, descriptions); outputs from the resource classes' OUTPUTS
// constants and their `declare readonly` members (read from provider/*/resource.ts with the
// TypeScript parser, since the constants are module-private).
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { z } from "zod";
import type { ResourceDefinition } from "../provider/core/definition";
import { arrayItem, describe, metaOf, objectShape, unwrap } from "../provider/core/schema";
import { commvaultUserGroupDefinition } from "../provider/commvault/definition";
import { wickrSecurityGroupDefinition } from "../provider/wickr/definition";
import { tokenOf } from "../provider/plugin/package";

export const BEGIN_MARKER = "<!-- reference:begin -->";
export const END_MARKER = "<!-- reference:end -->";

/** The repository root, from the source (scripts/) or from the build (dist/scripts/). */
export const ROOT = __filename.endsWith(".ts") ? path.resolve(__dirname, "..") : path.resolve(__dirname, "..", "..");
/** The document that holds the generated reference (after its "## Configuration" section). */
export const README = path.join(ROOT, "docs", "reference.md");

interface DocumentedResource {
  definition: ResourceDefinition;
  /** The resource class's source, relative to the root. */
  source: string;
  className: string;
  /** The id `pulumi import` / the import helper takes. */
  importId: string;
}

export const RESOURCES: DocumentedResource[] = [
  { definition: wickrSecurityGroupDefinition, source: "provider/wickr/resource.ts", className: "WickrSecurityGroup", importId: "`networkId/groupId`" },
  { definition: commvaultUserGroupDefinition, source: "provider/commvault/resource.ts", className: "CommvaultUserGroup", importId: "the numeric group id" },
];

// ---------------------------------------------------------------------------------------
// Inputs

export interface InputRow {
  path: string;
  type: string;
  required: boolean;
  replaces: boolean;
  set: boolean;
  description: string;
}

type AnyZod = z.ZodType;
const defType = (schema: AnyZod): string => (schema as unknown as { _zod: { def: { type: string } } })._zod.def.type;

function isOptional(schema: AnyZod): boolean {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault) return true;
    if (current instanceof z.ZodNullable) {
      current = current.unwrap() as AnyZod;
      continue;
    }
    return false;
  }
}

function isNullable(schema: AnyZod): boolean {
  let current = schema;
  for (;;) {
    if (current instanceof z.ZodNullable) return true;
    if (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
      current = (current as unknown as { unwrap(): AnyZod }).unwrap();
      continue;
    }
    return false;
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

function numberType(schema: z.ZodNumber): string {
  const isInt = schema.isInt === true;
  const min = schema.minValue;
  const max = schema.maxValue;
  const lo = min === null || (isInt && min <= -MAX_SAFE) || min === -Infinity ? undefined : min;
  const hi = max === null || (isInt && max >= MAX_SAFE) || max === Infinity ? undefined : max;
  const base = isInt ? "integer" : "number";
  if (lo !== undefined && hi !== undefined) return `${base} ${lo}..${hi}`;
  if (lo !== undefined) return `${base} ≥ ${lo}`;
  if (hi !== undefined) return `${base} ≤ ${hi}`;
  return base;
}

function stringType(schema: z.ZodString): string {
  const checks = ((schema as unknown as { _zod: { def: { checks?: Array<{ _zod: { def: Record<string, unknown> } }> } } })._zod.def.checks ?? []).map(
    (c) => c._zod.def,
  );
  const patterns = checks.filter((c) => c.format === "regex" && c.pattern instanceof RegExp).map((c) => (c.pattern as RegExp).source);
  const parts: string[] = [];
  const min = schema.minLength;
  const max = schema.maxLength;
  if (min !== null && max !== null) parts.push(min === max ? `${min} chars` : `${min}..${max} chars`);
  else if (min !== null && min > 0) parts.push(`≥ ${min} char${min === 1 ? "" : "s"}`);
  else if (max !== null) parts.push(`≤ ${max} chars`);
  for (const p of patterns) parts.push(`matching \`${p}\``);
  return parts.length > 0 ? `string (${parts.join(", ")})` : "string";
}

const literal = (v: unknown): string => (typeof v === "string" ? `"${v}"` : String(v));

/** A short type description of a schema (its wrappers stripped; `| null` when nullable). */
export function typeOf(schema: AnyZod): string {
  const base = baseType(unwrap(schema));
  return isNullable(schema) ? `${base} \\| null` : base;
}

function baseType(inner: AnyZod): string {
  if (inner instanceof z.ZodBoolean) return "boolean";
  if (inner instanceof z.ZodNumber) return numberType(inner);
  if (inner instanceof z.ZodString) return stringType(inner);
  if (inner instanceof z.ZodEnum) return (inner.options as unknown[]).map(literal).join(" \\| ");
  if (inner instanceof z.ZodLiteral) return [...inner.values].map(literal).join(" \\| ");
  if (inner instanceof z.ZodUnion) return (inner.options as AnyZod[]).map((o) => typeOf(o)).join(" \\| ");
  if (inner instanceof z.ZodObject) return "object";
  if (inner instanceof z.ZodArray) {
    const kind = metaOf(inner).set ? "set" : "list";
    const item = typeOf(inner.element as AnyZod);
    return `${kind} of ${item.includes(" \\| ") ? `(${item})` : item}`;
  }
  return defType(inner);
}

/** The object schemas a property leads to: itself, a list's items, a union's object members. */
function objectsWithin(schema: AnyZod): Array<Record<string, AnyZod>> {
  const shape = objectShape(schema);
  if (shape) return [shape];
  const inner = unwrap(schema);
  if (inner instanceof z.ZodUnion) return (inner.options as AnyZod[]).flatMap(objectsWithin);
  return [];
}

/**
 * The property's description: what `describe` finds, else one attached to an inner wrapper
 * (`describe` looks at the outermost layer and the innermost schema only, so a description
 * given to `x.nullable()` before `.optional()` would be missed).
 */
function descriptionOf(schema: AnyZod): string | undefined {
  const found = describe(schema);
  if (found) return found;
  let current: AnyZod = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
    current = (current as unknown as { unwrap(): AnyZod }).unwrap();
    if (current.description) return current.description;
  }
  return undefined;
}

function notes(schema: AnyZod): string[] {
  const meta = metaOf(schema);
  const out: string[] = [];
  if (meta.imposedValues && meta.imposedValues.length > 0) {
    out.push(`May read back ${meta.imposedValues.map((v) => `\`${literal(v)}\``).join(", ")} (imposed from above; makes no diff).`);
  }
  if (meta.readOnly) out.push("Read-only.");
  return out;
}

/** Every input property path of a schema, depth first, in declaration order. */
export function inputRows(def: ResourceDefinition): InputRow[] {
  const rows: InputRow[] = [];
  const walk = (prefix: string, shape: Record<string, AnyZod>, parentReplaces: boolean) => {
    for (const [key, schema] of Object.entries(shape)) {
      const p = prefix === "" ? key : `${prefix}.${key}`;
      const meta = metaOf(schema);
      const replaces = parentReplaces || meta.replaceOnChange === true;
      const control = prefix === "" && def.controlProperties.includes(key) ? ["Steers the provider; not sent to the service."] : [];
      rows.push({
        path: p,
        type: typeOf(schema),
        // Nested: required whenever the object around it is given.
        required: !isOptional(schema),
        replaces,
        set: meta.set !== undefined,
        description: [descriptionOf(schema) ?? "", ...notes(schema), ...control].filter((s) => s !== "").join(" "),
      });
      const item = arrayItem(schema);
      for (const obj of objectsWithin(item ?? schema)) walk(item ? `${p}[]` : p, obj, replaces);
    }
  };
  walk("", def.inputs.shape as Record<string, AnyZod>, false);
  // A union may lead to the same object member twice (never today); keep the first.
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.path) ? false : (seen.add(r.path), true)));
}

// ---------------------------------------------------------------------------------------
// Outputs

export interface OutputRow {
  name: string;
  type: string;
  description: string;
}

/** The class's OUTPUTS constant and the documented `declare readonly` members, from its source. */
export function outputRows(sourceFile: string, className: string): OutputRow[] {
  const text = fs.readFileSync(path.join(ROOT, sourceFile), "utf8");
  const sf = ts.createSourceFile(sourceFile, text, ts.ScriptTarget.ES2022, true);
  let names: string[] | undefined;
  const members = new Map<string, { type: string; description: string }>();
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === "OUTPUTS" && node.initializer) {
      let init: ts.Expression = node.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      if (ts.isArrayLiteralExpression(init)) names = init.elements.filter(ts.isStringLiteralLike).map((e) => e.text);
    }
    if (ts.isClassDeclaration(node) && node.name?.text === className) {
      for (const m of node.members) {
        if (!ts.isPropertyDeclaration(m) || !ts.isIdentifier(m.name)) continue;
        let type = m.type ? m.type.getText(sf) : "unknown";
        const wrapped = /^pulumi\.Output<([\s\S]*)>$/.exec(type);
        if (wrapped) type = wrapped[1];
        type = type.replace(/\s*\|\s*undefined$/, "").replace(/\s+/g, " ");
        const docs = ts
          .getJSDocCommentsAndTags(m)
          .filter(ts.isJSDoc)
          .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
          .join(" ")
          .replace(/\s+/g, " ")
          .trim();
        members.set(m.name.text, { type, description: docs });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (!names || names.length === 0) throw new Error(`${sourceFile}: no OUTPUTS constant (an array of strings) found; the README generator reads the outputs from it`);
  return names.map((name) => ({ name, type: members.get(name)?.type ?? "unknown", description: members.get(name)?.description ?? "" }));
}

// ---------------------------------------------------------------------------------------
// Rendering

const cell = (s: string) => s.replace(/\r?\n/g, " ").replace(/\|/g, (m, offset: number, all: string) => (all[offset - 1] === "\\" ? m : "\\|"));
const code = (s: string) => `\`${s}\``;
const yes = (b: boolean) => (b ? "yes" : "");

/** Types rendered as code where they are code-like. */
function typeCell(type: string): string {
  // "string (1..255 chars)" and the like read better as prose; values and unions as code.
  return /^(boolean|integer|number|string|object|list|set)\b/.test(type) ? cell(type) : code(type);
}

export function renderResource(r: DocumentedResource): string {
  const def = r.definition;
  const lines: string[] = [];
  lines.push(`### ${def.typeName}`, "");
  lines.push(`Type token \`pulumi-nodejs:dynamic/${def.module}:${def.typeName}\` (on the [provider plugin](plugin.md): \`${tokenOf(def)}\`); import id: ${r.importId}.`, "");
  lines.push("| input | type | required | replaces | set | description |", "|---|---|---|---|---|---|");
  for (const row of inputRows(def)) {
    lines.push(`| ${code(row.path)} | ${typeCell(row.type)} | ${yes(row.required)} | ${yes(row.replaces)} | ${yes(row.set)} | ${cell(row.description)} |`);
  }
  lines.push("", `Outputs (besides the inputs, which read back the service's values):`, "");
  for (const out of outputRows(r.source, r.className)) {
    const type = out.type === "unknown" ? "" : ` (${code(cell(out.type))})`;
    lines.push(`- ${code(out.name)}${type}${out.description ? `: ${out.description}` : ""}`);
  }
  return lines.join("\n");
}

/** The text between the markers (a newline after the begin marker and before the end marker). */
export function generateSection(): string {
  const parts = [
    "## Resource reference",
    "",
    "Generated from the schemas (`provider/*/schema.ts`) and the resource classes by",
    "`node dist/scripts/gen-readme.js --write` (`npm run readme`); do not edit by hand. Paths",
    "flatten nested objects (`a.b`) and list items (`a[]`); *replaces*: a change replaces the",
    "resource; *set*: order never matters.",
    "",
    ...RESOURCES.flatMap((r) => [renderResource(r), ""]),
  ];
  return `\n${parts.join("\n")}`;
}

/** The current text between the markers, or undefined when the README has none. */
export function currentSection(readme: string): string | undefined {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin < 0 || end < begin) return undefined;
  return readme.slice(begin + BEGIN_MARKER.length, end);
}

/** The README with the section replaced; the markers are added after "## Configuration" when missing. */
export function withSection(readme: string, section: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin >= 0 && end > begin) return readme.slice(0, begin + BEGIN_MARKER.length) + section + readme.slice(end);
  const config = readme.search(/^## Configuration\s*$/m);
  if (config < 0) throw new Error('docs/reference.md has neither the reference markers nor a "## Configuration" section to put them after');
  const next = readme.slice(config + 1).search(/^## /m);
  const at = next < 0 ? readme.length : config + 1 + next;
  const block = `${BEGIN_MARKER}${section}${END_MARKER}\n\n`;
  return readme.slice(0, at) + block + readme.slice(at);
}

function main(args: string[]): number {
  const section = generateSection();
  if (args.includes("--write")) {
    const before = fs.readFileSync(README, "utf8");
    const after = withSection(before, section);
    if (after !== before) fs.writeFileSync(README, after);
    process.stdout.write(after !== before ? "docs/reference.md: reference updated\n" : "docs/reference.md: reference already up to date\n");
    return 0;
  }
  if (args.includes("--check")) {
    const ok = currentSection(fs.readFileSync(README, "utf8")) === section;
    process.stdout.write(ok ? "docs/reference.md: reference up to date\n" : "docs/reference.md: reference out of date; run `node dist/scripts/gen-readme.js --write`\n");
    return ok ? 0 : 1;
  }
  process.stdout.write(section.replace(/^\n/, ""));
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
