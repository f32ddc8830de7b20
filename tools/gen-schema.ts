// Generates the plugin's Pulumi package schema (schema.json) from the resources' zod schemas,
// the single source of truth, with the same descriptions as the README's reference
// (scripts/gen-readme.ts reads the same schema descriptions and output docs):
//
//   node dist/tools/gen-schema.js           prints it
//   node dist/tools/gen-schema.js --write   rewrites schema.json
//   node dist/tools/gen-schema.js --check   exits 1 when schema.json is out of date
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { ResourceDefinition } from "../provider/core/definition";
import { arrayItem, describe, metaOf, objectShape, unwrap } from "../provider/core/schema";
import { CONFIG_SETTINGS, pluginKey } from "../provider/plugin/config";
import { PACKAGE, tokenOf } from "../provider/plugin/package";
import { outputRows, RESOURCES, ROOT } from "../scripts/gen-readme";

export const SCHEMA_FILE = path.join(ROOT, "schema.json");

type Spec = Record<string, unknown>;
const defType = (schema: z.ZodType): string => (schema as unknown as { _zod: { def: { type: string } } })._zod.def.type;
const upper = (s: string) => s[0].toUpperCase() + s.slice(1);

function isOptional(schema: z.ZodType): boolean {
  return schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || (schema instanceof z.ZodNullable && isOptional(schema.unwrap() as z.ZodType));
}

/** The object types met while walking a resource's inputs, by token. */
type Types = Record<string, Spec>;

/** A property's type spec; objects become named types `<pkg>:index:<Resource><Path>`. */
function typeSpec(schema: z.ZodType, name: string, types: Types): Spec {
  const inner = unwrap(schema);
  const shape = objectShape(inner);
  if (shape) {
    const token = `${PACKAGE}:index:${name}`;
    types[token] = { type: "object", ...objectSpec(shape, name, types), ...(describe(schema) ? { description: describe(schema) } : {}) };
    return { $ref: `#/types/${token}` };
  }
  const item = arrayItem(inner);
  if (item) return { type: "array", items: typeSpec(item, `${name}Item`, types) };
  if (inner instanceof z.ZodBoolean) return { type: "boolean" };
  if (inner instanceof z.ZodNumber) return { type: inner.isInt ? "integer" : "number" };
  if (inner instanceof z.ZodString || inner instanceof z.ZodEnum) return { type: "string" };
  if (inner instanceof z.ZodLiteral) return { type: typeof inner.value === "number" ? (Number.isInteger(inner.value) ? "integer" : "number") : typeof inner.value === "boolean" ? "boolean" : "string" };
  if (inner instanceof z.ZodUnion) {
    const options = (inner.options as z.ZodType[]).map((o) => typeSpec(o, name, types));
    const distinct = [...new Map(options.map((o) => [JSON.stringify(o), o])).values()];
    return distinct.length === 1 ? distinct[0] : { type: typeOfUnion(distinct), oneOf: distinct };
  }
  if (defType(inner) === "pipe" || defType(inner) === "transform") return { $ref: "pulumi.json#/Any" };
  return { $ref: "pulumi.json#/Any" };
}

/** The primitive a union of specs shares, else "object" (codegen wants a `type` beside `oneOf`). */
function typeOfUnion(specs: Spec[]): string {
  const kinds = new Set(specs.map((s) => (typeof s.type === "string" ? s.type : "object")));
  return kinds.size === 1 ? [...kinds][0] : "string";
}

function objectSpec(shape: Record<string, z.ZodType>, prefix: string, types: Types): { properties: Spec; required?: string[] } {
  const properties: Spec = {};
  const required: string[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    const description = describe(schema);
    const meta = metaOf(schema);
    properties[key] = {
      ...typeSpec(schema, `${prefix}${upper(key)}`, types),
      ...(description ? { description } : {}),
      ...(meta.replaceOnChange ? { replaceOnChanges: true } : {}),
    };
    if (!isOptional(schema)) required.push(key);
  }
  return required.length > 0 ? { properties, required } : { properties };
}

function outputSpec(type: string): Spec {
  const t = type.trim();
  if (t === "string") return { type: "string" };
  if (t === "number") return { type: "number" };
  if (t === "boolean") return { type: "boolean" };
  return { $ref: "pulumi.json#/Any" };
}

function resourceSpec(def: ResourceDefinition, source: string, className: string, importId: string, types: Types): Spec {
  const inputs = objectSpec(def.inputs.shape as Record<string, z.ZodType>, def.typeName, types);
  const properties: Spec = { ...inputs.properties };
  for (const row of outputRows(source, className)) {
    if (row.name in properties) continue;
    properties[row.name] = { ...outputSpec(row.type), ...(row.description ? { description: row.description } : {}) };
  }
  const required = Object.keys(properties).filter((k) => !(k in inputs.properties));
  const head = def.typeName === "WickrSecurityGroup" ? "A security group of an AWS Wickr network, its settings kept as code" : "A Commvault user group, its settings kept as code";
  return {
    description: `${head}. Only declared settings are managed. Import with ${importId}.`,
    properties,
    required,
    inputProperties: inputs.properties,
    ...(inputs.required ? { requiredInputs: inputs.required } : {}),
  };
}

export function generateSchema(version: string): Spec {
  const types: Types = {};
  const resources: Spec = {};
  for (const r of RESOURCES) resources[tokenOf(r.definition)] = resourceSpec(r.definition, r.source, r.className, r.importId, types);
  const variables: Spec = {};
  for (const s of CONFIG_SETTINGS) {
    variables[pluginKey(s.key)] = { type: s.type ?? "string", description: s.description, ...(s.secret ? { secret: true } : {}) };
  }
  return {
    name: PACKAGE,
    displayName: "Wickr and Commvault",
    version,
    description: "AWS Wickr security-group settings and Commvault user-group settings as infrastructure code.",
    keywords: ["pulumi", "wickr", "commvault", "category/utility"],
    license: "Apache-2.0",
    repository: "https://github.com/pulumi-wickr-commvault/pulumi-wickr-commvault",
    publisher: "pulumi-wickr-commvault",
    config: { variables },
    provider: { description: "The provider of WickrSecurityGroup and CommvaultUserGroup.", inputProperties: variables, properties: variables },
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => (a < b ? -1 : 1))),
    resources,
    language: {
      nodejs: { packageName: "@pulumi-wickr-commvault/wickr-commvault", respectSchemaVersion: true },
      python: { packageName: "pulumi_wickr_commvault", respectSchemaVersion: true },
      go: { importBasePath: "github.com/pulumi-wickr-commvault/pulumi-wickr-commvault/sdk/go/wickrcommvault", respectSchemaVersion: true, generateResourceContainerTypes: false },
    },
  };
}

export function schemaText(): string {
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
  return `${JSON.stringify(generateSchema(version), null, 2)}\n`;
}

if (require.main === module) {
  const text = schemaText();
  const mode = process.argv[2];
  if (mode === "--write") fs.writeFileSync(SCHEMA_FILE, text);
  else if (mode === "--check") {
    const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
    if (current !== text) {
      process.stderr.write("schema.json is out of date: run `node dist/tools/gen-schema.js --write`\n");
      process.exit(1);
    }
  } else process.stdout.write(text);
}
