// What a preview said, read from the CLI's JSON: the digest `pulumi preview --json` prints, or
// the stream of engine events it prints with PULUMI_ENABLE_STREAMING_JSON_PREVIEW=1 (the only
// form that carries policy violations). Both come down to steps, violations and the result.
import { z } from "zod";

export type Props = Record<string, unknown>;

export interface PreviewStep {
  op: string;
  urn: string;
  type: string;
  /** The resource's name (the URN's last part). */
  name: string;
  oldInputs?: Props;
  newInputs?: Props;
  oldOutputs?: Props;
  /** Paths the engine says differ (`users[1]`, `securityGroupSettings.maxTtl`), when it said. */
  changedPaths?: string[];
  /** Top-level keys that make a replacement. */
  replaceKeys?: string[];
}

export interface PolicyViolation {
  urn?: string;
  policy: string;
  level: string;
  message: string;
}

export interface PreviewRecord {
  /** `project/stack`, from the URNs. */
  stack?: string;
  steps: PreviewStep[];
  violations: PolicyViolation[];
  /** Error diagnostics (what made the preview fail). */
  errors: string[];
  failed: boolean;
  /** Whether the form read can carry policy violations (the event stream does, the digest does not). */
  carriesViolations: boolean;
}

const state = z.looseObject({ type: z.string().optional(), inputs: z.record(z.string(), z.unknown()).optional(), outputs: z.record(z.string(), z.unknown()).optional() });
const digestStep = z.looseObject({
  op: z.string(),
  urn: z.string(),
  oldState: state.nullish(),
  newState: state.nullish(),
  diffReasons: z.array(z.string()).nullish(),
  replaceReasons: z.array(z.string()).nullish(),
  detailedDiff: z.record(z.string(), z.unknown()).nullish(),
});
const digest = z.looseObject({
  steps: z.array(digestStep).nullish(),
  diagnostics: z.array(z.looseObject({ message: z.string().optional(), severity: z.string().optional(), urn: z.string().optional() })).nullish(),
});
const preEvent = z.looseObject({
  metadata: z.looseObject({
    op: z.string(),
    urn: z.string(),
    type: z.string(),
    old: state.nullish(),
    new: state.nullish(),
    keys: z.array(z.string()).nullish(),
    diffs: z.array(z.string()).nullish(),
    detailedDiff: z.record(z.string(), z.unknown()).nullish(),
  }),
});
const policyEvent = z.looseObject({ resourceUrn: z.string().optional(), policyName: z.string(), enforcementLevel: z.string(), message: z.string() });
const diagnosticEvent = z.looseObject({ urn: z.string().optional(), message: z.string(), severity: z.string() });
const summaryEvent = z.looseObject({ result: z.string().optional() });

const nameOf = (urn: string) => urn.split("::").pop() ?? urn;
const typeOf = (urn: string) => urn.split("::")[2] ?? "";

/** `project/stack` from a URN (`urn:pulumi:<stack>::<project>::...`). */
function stackOf(urn: string): string | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m ? `${m[2]}/${m[1]}` : undefined;
}

/** The keys a replacement is due to: those of the detailed diff whose kind ends in `-replace`. */
function replaceKeysOf(detailed: Record<string, unknown> | null | undefined): string[] {
  const keys = Object.entries(detailed ?? {})
    .filter(([, v]) => /replace/i.test(String((v as { kind?: unknown; diffKind?: unknown })?.kind ?? (v as { diffKind?: unknown })?.diffKind ?? "")))
    .map(([k]) => k.split(/[.[]/)[0]);
  return [...new Set(keys)];
}

function fromDigest(value: unknown): PreviewRecord {
  const d = digest.parse(value);
  const steps: PreviewStep[] = (d.steps ?? []).map((s) => ({
    op: s.op,
    urn: s.urn,
    type: s.newState?.type ?? s.oldState?.type ?? typeOf(s.urn),
    name: nameOf(s.urn),
    oldInputs: s.oldState?.inputs,
    newInputs: s.newState?.inputs,
    oldOutputs: s.oldState?.outputs,
    changedPaths: s.detailedDiff ? Object.keys(s.detailedDiff) : (s.diffReasons ?? undefined),
    replaceKeys: s.replaceReasons ?? replaceKeysOf(s.detailedDiff),
  }));
  const errors = (d.diagnostics ?? []).filter((x) => x.severity === "error").map((x) => (x.message ?? "").trim());
  return { stack: steps.map((s) => stackOf(s.urn)).find(Boolean), steps, violations: [], errors, failed: errors.length > 0, carriesViolations: false };
}

function fromEvents(events: unknown[]): PreviewRecord {
  const record: PreviewRecord = { steps: [], violations: [], errors: [], failed: false, carriesViolations: true };
  for (const raw of events) {
    const e = (raw ?? {}) as Record<string, unknown>;
    if (e.resourcePreEvent) {
      const { metadata: m } = preEvent.parse(e.resourcePreEvent);
      record.steps.push({
        op: m.op,
        urn: m.urn,
        type: m.type,
        name: nameOf(m.urn),
        oldInputs: m.old?.inputs,
        newInputs: m.new?.inputs,
        oldOutputs: m.old?.outputs,
        changedPaths: m.detailedDiff ? Object.keys(m.detailedDiff) : (m.diffs ?? undefined),
        replaceKeys: replaceKeysOf(m.detailedDiff),
      });
    } else if (e.policyEvent) {
      const p = policyEvent.parse(e.policyEvent);
      record.violations.push({ urn: p.resourceUrn, policy: p.policyName, level: p.enforcementLevel, message: p.message.trim() });
    } else if (e.diagnosticEvent) {
      const d = diagnosticEvent.parse(e.diagnosticEvent);
      if (d.severity === "error") record.errors.push(d.message.trim());
    } else if (e.summaryEvent) {
      if (summaryEvent.parse(e.summaryEvent).result === "failed") record.failed = true;
    }
  }
  record.failed ||= record.errors.length > 0;
  record.stack = record.steps.map((s) => stackOf(s.urn)).find(Boolean);
  return record;
}

/** Reads either form: one JSON document (the digest) or one JSON event per line (the stream). */
export function readPreview(text: string): PreviewRecord {
  const trimmed = text.trim();
  if (trimmed === "") throw new Error("the preview output is empty: pipe `pulumi preview --json` into this command");
  try {
    const whole = JSON.parse(trimmed) as unknown;
    if (whole && typeof whole === "object" && !Array.isArray(whole) && "steps" in whole) return fromDigest(whole);
    if (Array.isArray(whole)) return fromEvents(whole);
    return fromEvents([whole]);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
  const events = trimmed
    .split(/\r?\n/)
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new Error(`line ${i + 1} of the preview output is not JSON: expected \`pulumi preview --json\` (digest or event stream)`);
      }
    });
  return fromEvents(events);
}
