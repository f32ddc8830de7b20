// Fault injection: rules that answer a matching request instead of the service, or, for the
// "applied" kinds, let the service act on the request and then lose its answer (a 5xx, a dropped
// connection, or an answer held back past the client's timeout).
// A rule fires `count` times (default once), or at random with `probability` (seeded,
// so a failing run can be repeated).
import type { EmulatorRequest } from "./server";

/**
 * - `error5xx`, `rateLimit`, `drop`: answer instead of the service (the request is not applied).
 * - `latency`: wait `latencyMs`, then serve the request (it is applied late, after the wait).
 * - `appliedError5xx`: the service applies the request, then the answer is replaced by a 5xx.
 * - `appliedDrop`: the service applies the request, then the connection is closed unanswered.
 * - `appliedLatency`: the service applies the request at once; its answer is sent `latencyMs` later.
 */
export type CoreFaultKind =
  | "error5xx"
  | "rateLimit"
  | "drop"
  | "latency"
  | "appliedError5xx"
  | "appliedDrop"
  | "appliedLatency";

/** The kinds that let the service act before the answer is lost. */
export const APPLIED_FAULT_KINDS: ReadonlySet<string> = new Set(["appliedError5xx", "appliedDrop", "appliedLatency"]);

export interface FaultRule {
  /** A core kind, or a kind the service adapter knows (for example `errorCode`, `expireToken`). */
  kind: CoreFaultKind | string;
  /** How many matching requests it answers; default 1 (ignored when probability is set). */
  count?: number;
  /** Matching requests let through before it fires (the second of two PUTs: `after: 1`); default 0. */
  after?: number;
  /** Fire at random on this share of matching requests (0..1), without a count limit. */
  probability?: number;
  status?: number;
  retryAfterSeconds?: number;
  latencyMs?: number;
  /** Service-specific payload (for example an errorCode and message). */
  errorCode?: number;
  message?: string;
  match?: { method?: string; operation?: string; pathPrefix?: string };
}

interface ActiveRule extends FaultRule {
  remaining: number;
  skip: number;
}

/** mulberry32: a tiny seeded generator, so random fault runs can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private random: () => number = Math.random;

  set(rules: FaultRule[], seed?: number): void {
    if (!Array.isArray(rules)) throw new Error("faults must be a list");
    this.rules = rules.map((r) => ({ ...r, remaining: r.count ?? 1, skip: r.after ?? 0 }));
    this.random = seed === undefined ? Math.random : seeded(seed);
  }

  clear(): void {
    this.rules = [];
  }

  /** The rule that answers this request, if any; consumes one use of it. */
  next(req: EmulatorRequest): FaultRule | undefined {
    for (const rule of this.rules) {
      if (!matches(rule, req)) continue;
      if (rule.skip > 0) {
        rule.skip -= 1;
        continue;
      }
      if (rule.probability !== undefined) {
        if (this.random() < rule.probability) return rule;
        continue;
      }
      if (rule.remaining > 0) {
        rule.remaining -= 1;
        return rule;
      }
    }
    return undefined;
  }
}

function matches(rule: FaultRule, req: EmulatorRequest): boolean {
  const m = rule.match;
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== req.method) return false;
  if (m.operation && m.operation !== req.operation) return false;
  if (m.pathPrefix && !req.path.startsWith(m.pathPrefix)) return false;
  return true;
}
