// What discover says at the end of a run: the summary lines (networks, counts, notes on members
// the schema does not know, each group with findings, each service that failed) or the --json
// report (every group). Kept as the groups go by: per group only what these say, and without
// --json only the groups with findings (the others are counted).
import { terminalText } from "./escape";
import type { DiscoveredGroup, Finding, ServiceProblem, Service } from "./model";
import type { NetworkSummary } from "./wickr";

/** One group as the report names it. */
export interface GroupSummary {
  service: Service;
  id: string;
  name: string;
  resourceName?: string;
  written: boolean;
  findings: Finding[];
  unmanaged: string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export class DiscoveryReport {
  private commvault = 0;
  /** `<service> <path>` of each member the schema does not know, and in how many groups. */
  private readonly unmanaged = new Map<string, number>();
  /** The groups with findings (the summary names each). */
  private readonly flagged: GroupSummary[] = [];
  /** Every group, for --json only. */
  private readonly all: GroupSummary[] | undefined;

  constructor(json: boolean) {
    this.all = json ? [] : undefined;
  }

  add(g: DiscoveredGroup): void {
    const summary: GroupSummary = { service: g.service, id: g.id, name: g.groupName, resourceName: g.resourceName, written: !g.skipped, findings: g.findings, unmanaged: g.unmanaged };
    if (g.service === "commvault") this.commvault++;
    for (const p of g.unmanaged) {
      const key = `${g.service} ${p.replace(/\[\d+\]/g, "[]")}`;
      this.unmanaged.set(key, (this.unmanaged.get(key) ?? 0) + 1);
    }
    if (g.findings.length > 0) this.flagged.push(summary);
    this.all?.push(summary);
  }

  /** True when a group has findings (--fail-on-findings). */
  get anyFindings(): boolean {
    return this.flagged.length > 0;
  }

  lines(networks: NetworkSummary[], problems: ServiceProblem[]): string[] {
    const lines: string[] = [];
    for (const n of networks) lines.push(`wickr network ${terminalText(n.networkId)} (${terminalText(n.accessLevel ?? "plan unknown")}): ${plural(n.groups, "group")}`);
    if (this.commvault > 0) lines.push(`commvault: ${plural(this.commvault, "user group")}`);
    for (const [p, count] of this.unmanaged) lines.push(`note: ${terminalText(p)} is reported by the service but not in the provider's schema (${plural(count, "group")}): left as held, never changed`);
    for (const g of this.flagged) {
      lines.push(`${g.service} ${terminalText(JSON.stringify(g.name))} (id ${terminalText(g.id)})${g.written ? "" : " NOT WRITTEN"}:`);
      for (const f of g.findings) lines.push(`  ${terminalText(`${f.path}: ${f.reason}`)}`);
    }
    for (const p of problems) lines.push(`error: ${p.service} ${terminalText(`${p.where}: ${p.message}`)}`);
    return lines;
  }

  json(networks: NetworkSummary[], problems: ServiceProblem[], files: string[], imported: string[] | undefined) {
    return { networks, groups: this.all ?? [], problems, files, imported: imported?.length };
  }
}
