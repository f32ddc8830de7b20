// The create of a Wickr security group up to the group it made, as one explicit sequence of
// states. CreateSecurityGroup is idempotent on its client token (client-token.ts: derived from
// the resource and its network, the same in every run), so sending it again is safe; what is
// never done is sending it with another token while it is unknown whether a group was made.
//
//   send(token) ──answered group G──▶ confirm(G)
//     │ no clear answer (no answer, 5xx, after the HTTP client's own retries)
//     ▼
//   unknown: fail; the next `pulumi up` sends the same token and gets back any group it made
//
//   confirm(G): read G ──found──▶ owned(G)
//     │ the service's own 404 for G (its network visible): wait (backoff), read again, bounded
//     │ still not found
//     ▼
//   list the network's groups ──G listed──▶ owned(G)
//     │ G not listed: a read lagging the create, or a token the service remembers from a
//     │ destroyed group of this resource: the two answer alike, so
//     ├──the user said this resource's group was destroyed (wickr:newCreateTokens)──▶
//     │      send(a token that steps past G)   (bounded, the same tokens in every run)
//     ▼
//   unconfirmed: fail, saying what to do; never create again
import type { SecurityGroupWire } from "./operations";
import { ServiceError } from "../core/errors";

/** What the sequence needs from the service and the configuration. */
export interface CreateSteps {
  /** The client token for this create; `stale` lists answered groups stepped past. */
  token(stale: readonly string[]): string;
  /** CreateSecurityGroup with that token: the group the answer names. */
  send(token: string): Promise<SecurityGroupWire>;
  /**
   * GetSecurityGroup: the group, or undefined when the service says in its own shape that it
   * does not exist (in a network these credentials see); throws on anything else.
   */
  read(groupId: string): Promise<SecurityGroupWire | undefined>;
  /** ListSecurityGroups of the network. */
  list(): Promise<SecurityGroupWire[]>;
  /** Whether the user said this resource's earlier group was destroyed (its token may be remembered). */
  stepsPastStale: boolean;
  /** Pause before confirmation read `attempt + 1` (attempt 1, 2, ...). */
  pause(attempt: number): Promise<void>;
}

/** Reads of an answered group before it counts as not found (with MIN_PAUSE_MS doubling: about 16 s in all). */
export const MAX_CONFIRM_READS = 7;
export const MIN_PAUSE_MS = 250;
/** The pause before confirmation read `attempt + 1`. */
export const confirmPauseMs = (attempt: number) => MIN_PAUSE_MS * 2 ** (attempt - 1);
/** The whole wait of a confirmation that never finds its group. */
export const totalConfirmWaitMs = () => Array.from({ length: MAX_CONFIRM_READS - 1 }, (_, i) => confirmPauseMs(i + 1)).reduce((a, b) => a + b, 0);
/** How many answered-but-missing groups one create steps past when told to. */
export const MAX_STALE_TOKENS = 5;

/** A create whose answer left it unknown whether a group was made. */
export class CreateUnknownError extends Error {
  constructor(
    readonly token: string,
    readonly failure: ServiceError,
  ) {
    super(`CreateSecurityGroup got no clear answer (${failure.message}); whether it made a group is unknown`);
    this.name = "CreateUnknownError";
  }
}

/** A create answered with a group that could not be read (the read failed otherwise than "not found"). */
export class CreateUnreadError extends Error {
  constructor(
    readonly token: string,
    readonly group: string,
    readonly failure: unknown,
  ) {
    super(`CreateSecurityGroup answered group ${group}, but reading it failed: ${failure instanceof Error ? failure.message : String(failure)}`);
    this.name = "CreateUnreadError";
  }
}

/** A create answered with a group the service does not show. */
export class CreateUnconfirmedError extends Error {
  constructor(
    readonly token: string,
    /** The groups the answers named, in order. */
    readonly answered: readonly string[],
    /** Groups of the declared name the list showed (none of them answered). */
    readonly sameName: readonly string[],
    readonly stepped: boolean,
  ) {
    super(`CreateSecurityGroup answered group ${answered[answered.length - 1]}, which the service does not show`);
    this.name = "CreateUnconfirmedError";
  }
}

type Confirm = { kind: "confirm"; group: string; token: string; stale: string[]; attempt: number };
type List = { kind: "list"; group: string; token: string; stale: string[] };
type State = { kind: "send"; stale: string[] } | Confirm | List | { kind: "done"; group: SecurityGroupWire };

const isAmbiguous = (err: unknown): err is ServiceError => err instanceof ServiceError && (err.status === 0 || err.status >= 500);

export async function createSecurityGroup(name: string, steps: CreateSteps): Promise<SecurityGroupWire> {
  let state: State = { kind: "send", stale: [] };
  for (;;) {
    switch (state.kind) {
      case "send": {
        const token = steps.token(state.stale);
        let answer: SecurityGroupWire;
        try {
          answer = await steps.send(token);
        } catch (err) {
          if (isAmbiguous(err)) throw new CreateUnknownError(token, err);
          throw err;
        }
        state = { kind: "confirm", group: answer.id, token, stale: state.stale, attempt: 1 };
        break;
      }
      case "confirm": {
        const at: Confirm = state;
        const found: SecurityGroupWire | undefined = await steps.read(at.group).catch((err: unknown) => {
          throw new CreateUnreadError(at.token, at.group, err);
        });
        if (found) state = { kind: "done", group: found };
        else if (at.attempt >= MAX_CONFIRM_READS) state = { kind: "list", group: at.group, token: at.token, stale: at.stale };
        else {
          await steps.pause(at.attempt);
          state = { ...at, attempt: at.attempt + 1 };
        }
        break;
      }
      case "list": {
        const at: List = state;
        const groups: SecurityGroupWire[] = await steps.list().catch((err: unknown) => {
          throw new CreateUnreadError(at.token, at.group, err);
        });
        const listed = groups.find((g) => g.id === at.group);
        if (listed) {
          state = { kind: "done", group: listed };
          break;
        }
        const answered = [...at.stale, at.group];
        if (steps.stepsPastStale && answered.length <= MAX_STALE_TOKENS) {
          state = { kind: "send", stale: answered };
          break;
        }
        const sameName = groups.filter((g) => g.name === name).map((g) => g.id);
        throw new CreateUnconfirmedError(at.token, answered, sameName, steps.stepsPastStale);
      }
      case "done":
        return state.group;
    }
  }
}
