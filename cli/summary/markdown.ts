// The change summary as Markdown, for a pull request or a CI job summary. Every value shown
// comes from the program or the state (possibly from a service), so each is written as inert
// text: code spans that cannot be closed early, table cells that cannot be split, no HTML.
import { resourceChanges, ResourceChange, Row, SECRET } from "./changes";
import type { PolicyViolation, PreviewRecord } from "./input";

const ICONS: Record<string, string> = { create: "+", adopt: "+", update: "~", replace: "+-", delete: "-", release: "-", import: "=" };

/** Text safe in a Markdown table cell and outside code: no line breaks, pipes, HTML or emphasis. */
export function inert(text: string): string {
  return text
    .replace(/[\\`*_[\]<>#+|~&]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A value as a code span in a table cell (JSON for anything but a secret). */
function value(v: unknown): string {
  if (v === undefined) return "";
  if (v === SECRET) return SECRET;
  return `<code>${inert(JSON.stringify(v))}</code>`;
}

/** How a set member reads: its name, else its id, else the value. */
function member(v: unknown): string {
  if (v && typeof v === "object") {
    const r = v as { name?: unknown; id?: unknown };
    if (typeof r.name === "string") return value(r.name);
    if (r.id !== undefined) return value(r.id);
  }
  return value(v);
}

function rowCells(row: Row): [string, string, string] {
  const path = `<code>${inert(row.path)}</code>`;
  if (row.kind === "secret") return [path, SECRET, SECRET];
  if (row.kind === "members") {
    const removed = row.removed.map((m) => `− ${member(m)}`).join("<br>");
    const added = row.added.map((m) => `+ ${member(m)}`).join("<br>");
    return [path, removed, added];
  }
  return [path, row.before === undefined ? "—" : value(row.before), row.after === undefined ? "(no longer managed)" : value(row.after)];
}

function resourceSection(change: ResourceChange, violations: PolicyViolation[]): string[] {
  const icon = ICONS[change.action] ?? "*";
  const lines = [`### ${icon} ${change.action} ${change.typeName} <code>${inert(change.name)}</code>`];
  if (change.note) lines.push("", inert(change.note));
  if (change.rows.length > 0) {
    lines.push("", "| setting | before | after |", "|---|---|---|");
    for (const row of change.rows) lines.push(`| ${rowCells(row).join(" | ")} |`);
  }
  if (violations.length > 0) {
    lines.push("", ...violations.map((v) => `- **${inert(v.level)}** policy <code>${inert(v.policy)}</code>: ${inert(v.message.split("\n").slice(-1)[0] || v.message)}`));
  }
  return lines;
}

const count = (n: number, what: string) => `${n} ${what}`;

/** The whole summary of one preview. */
export function renderSummary(preview: PreviewRecord): string {
  const changes = resourceChanges(preview.steps);
  const byUrnName = (v: PolicyViolation) => v.urn?.split("::").pop();
  const tally = new Map<string, number>();
  for (const c of changes) tally.set(c.action, (tally.get(c.action) ?? 0) + 1);
  const mandatory = preview.violations.filter((v) => v.level === "mandatory").length;
  const lines = [`## Wickr and Commvault changes${preview.stack ? ` in <code>${inert(preview.stack)}</code>` : ""}`, ""];
  // A fixed order (the engine's step order varies from run to run).
  const order = Object.keys(ICONS);
  const parts = [...tally].sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99)).map(([action, n]) => count(n, `to ${action}`));
  const policy = preview.carriesViolations
    ? `${count(preview.violations.length, "policy violations")} (${mandatory} mandatory)`
    : "policy violations not shown (this JSON form has none: set PULUMI_ENABLE_STREAMING_JSON_PREVIEW=1)";
  lines.push(`${parts.length > 0 ? parts.join(", ") : "no change to any Wickr or Commvault group"}; ${policy}; preview ${preview.failed ? "**failed**" : "succeeded"}`);
  for (const change of changes) {
    lines.push("", ...resourceSection(change, preview.violations.filter((v) => byUrnName(v) === change.name)));
  }
  const named = new Set(changes.map((c) => c.name));
  const others = preview.violations.filter((v) => !named.has(byUrnName(v) ?? ""));
  if (others.length > 0) {
    lines.push("", "### Policy violations on unchanged or other resources", "", "| level | resource | policy | message |", "|---|---|---|---|");
    for (const v of others) lines.push(`| ${inert(v.level)} | <code>${inert(byUrnName(v) ?? "(stack)")}</code> | <code>${inert(v.policy)}</code> | ${inert(v.message.replace(/\s+/g, " "))} |`);
  }
  if (preview.errors.length > 0) {
    lines.push("", "### Errors", "", ...preview.errors.map((e) => `- ${inert(e.replace(/\s+/g, " "))}`));
  }
  return `${lines.join("\n")}\n`;
}
