// Checks a request the provider sent (as the emulator logged it) against the official model
// (test/fixtures/wickr/service-2.json): an operation with that method and URI template, query
// parameters the operation declares, body members of its input shape with the model's types,
// lengths, patterns and ranges, required members present. Members the live service uses beyond
// the model (field evidence) are allowed only where KNOWN_EXTRAS lists them.
import * as fs from "node:fs";
import * as path from "node:path";
import type { LogEntry } from "../../../emulators/core/server";

interface ShapeRef {
  shape: string;
  location?: string;
  locationName?: string;
}
interface Shape {
  type: string;
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  required?: string[];
  min?: number;
  max?: number;
  pattern?: string;
}
interface Operation {
  name: string;
  http: { method: string; requestUri: string };
  input?: { shape: string };
}
interface Model {
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

export const MODEL: Model = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "fixtures", "wickr", "service-2.json"), "utf8"));

/**
 * Members the live service uses that the model lacks (field evidence, section 2), by the
 * path of the structure that carries them (operation input, dotted). `CALLING` stands for the
 * model's `calling` (CallingSettings) with the members the service adds.
 */
export const KNOWN_EXTRAS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "UpdateSecurityGroup.securityGroupSettings": { CALLING: "CallingSettings" },
  "UpdateSecurityGroup.securityGroupSettings.calling": { canAddtoCall: "Boolean", canStartGroupCall: "Boolean", canStartRoomCall: "Boolean", canStartScreenShare: "Boolean" },
  "UpdateSecurityGroup.securityGroupSettings.CALLING": { canAddtoCall: "Boolean", canStartGroupCall: "Boolean", canStartRoomCall: "Boolean", canStartScreenShare: "Boolean" },
  "UpdateSecurityGroup.securityGroupSettings.passwordRequirements": { regex: "GenericString" },
  "UpdateSecurityGroup.securityGroupSettings.shredder": { canProcessInBackground: "Boolean" },
};

function templateRegex(uri: string): RegExp {
  const [pathPart] = uri.split("?");
  const source = pathPart
    .split("/")
    .map((seg) => (/^\{.+\}$/.test(seg) ? "[^/]+" : seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("/");
  return new RegExp(`^${source}$`);
}

/** The operation a request matches by method and URI template (the most specific one). */
export function operationOf(method: string, requestPath: string): Operation | undefined {
  const candidates = Object.values(MODEL.operations).filter((op) => op.http.method === method && templateRegex(op.http.requestUri).test(requestPath));
  return candidates.sort((a, b) => b.http.requestUri.length - a.http.requestUri.length)[0];
}

/** `extrasKey`: the path KNOWN_EXTRAS names this value's structure by (operation name, then members). */
function checkValue(value: unknown, shapeName: string, at: string, problems: string[], extrasKey = ""): void {
  const shape = MODEL.shapes[shapeName];
  if (!shape) {
    problems.push(`${at}: unknown shape ${shapeName}`);
    return;
  }
  const range = (n: number) => (shape.min !== undefined && n < shape.min) || (shape.max !== undefined && n > shape.max);
  switch (shape.type) {
    case "boolean":
      if (typeof value !== "boolean") problems.push(`${at}: ${JSON.stringify(value)} is not a boolean`);
      return;
    case "integer":
    case "long": {
      const limit = shape.type === "integer" ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER;
      if (typeof value !== "number" || !Number.isInteger(value) || Math.abs(value) > limit) problems.push(`${at}: ${JSON.stringify(value)} is not a ${shape.type}`);
      else if (range(value)) problems.push(`${at}: ${value} is outside ${shape.min ?? ""}..${shape.max ?? ""}`);
      return;
    }
    case "string":
      if (typeof value !== "string") problems.push(`${at}: ${JSON.stringify(value)} is not a string`);
      else if (range(value.length)) problems.push(`${at}: length ${value.length} is outside ${shape.min ?? ""}..${shape.max ?? ""}`);
      else if (shape.pattern && !new RegExp(`^(?:${shape.pattern})$`).test(value)) problems.push(`${at}: ${JSON.stringify(value)} does not match ${shape.pattern}`);
      return;
    case "list":
      if (!Array.isArray(value)) problems.push(`${at}: ${JSON.stringify(value)} is not a list`);
      else value.forEach((v, i) => checkValue(v, shape.member!.shape, `${at}[${i}]`, problems));
      return;
    case "structure":
      checkStructure(value, shapeName, at, extrasKey, problems);
      return;
    default:
      problems.push(`${at}: type ${shape.type} is not checked`);
  }
}

/** `bodyOnly`: the operation's input, whose uri, query and header members are not in the body. */
function checkStructure(value: unknown, shapeName: string, at: string, extrasKey: string, problems: string[], bodyOnly = false): void {
  const shape = MODEL.shapes[shapeName];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.push(`${at || "body"}: not an object`);
    return;
  }
  const members = shape.members ?? {};
  const extras = KNOWN_EXTRAS[extrasKey] ?? {};
  for (const [k, v] of Object.entries(value)) {
    const ref = members[k];
    const memberAt = at ? `${at}.${k}` : k;
    if (ref && !(bodyOnly && ref.location)) checkValue(v, ref.shape, memberAt, problems, `${extrasKey}.${k}`);
    else if (extras[k]) checkValue(v, extras[k], memberAt, problems, `${extrasKey}.${k}`);
    else problems.push(`${memberAt}: not a member of ${shapeName}`);
  }
  for (const r of shape.required ?? []) {
    if (bodyOnly && members[r]?.location) continue;
    if ((value as Record<string, unknown>)[r] === undefined) problems.push(`${at ? `${at}.` : ""}${r}: required by ${shapeName}`);
  }
}

/** Problems of one logged request against the model; empty when it conforms. */
export function conformanceProblems(entry: Pick<LogEntry, "method" | "path" | "query" | "body">): string[] {
  const op = operationOf(entry.method, entry.path);
  if (!op) return [`${entry.method} ${entry.path}: no operation of the model has this method and URI`];
  const problems: string[] = [];
  const input = op.input ? MODEL.shapes[op.input.shape] : undefined;
  const members = input?.members ?? {};
  for (const [k, v] of Object.entries(entry.query ?? {})) {
    const ref = Object.values(members).find((m) => m.location === "querystring" && m.locationName === k);
    if (!ref) problems.push(`${op.name} query ${k}: not a query parameter of ${op.input?.shape}`);
    else if (MODEL.shapes[ref.shape].type === "integer") {
      if (!/^-?[0-9]+$/.test(v)) problems.push(`${op.name} query ${k}: ${v} is not an integer`);
    } else checkValue(v, ref.shape, `${op.name} query ${k}`, problems);
  }
  if (entry.body !== undefined && op.input) checkStructure(entry.body, op.input.shape, "", op.name, problems, true);
  else if (op.input && Object.entries(members).some(([k, m]) => !m.location && input?.required?.includes(k))) problems.push(`${op.name}: the body is missing`);
  return problems.map((p) => (p.startsWith(op.name) ? p : `${op.name} ${p}`));
}
