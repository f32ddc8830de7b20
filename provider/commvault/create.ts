// The create of a Commvault user group as one explicit sequence of states. POST /V4/UserGroup
// is not idempotent and carries no client token, so the only safe sign that a group is this
// create's own is that no group of its name existed before the create's first request:
//
//   probe ──absent──▶ post ──answered──▶ owned
//     │                 │ ambiguous (no answer, 5xx)
//     │ present         ▼
//     │               lookup ──found──▶ owned        (absent before the first POST: ours)
//     │                 │ not found
//     │                 ▼
//     │               post again (bounded, with a pause; a slow first POST may land meanwhile)
//     │                 │ refused: name taken
//     │                 ▼
//     │               lookup ──found──▶ owned        (only after an ambiguous POST of ours)
//     ▼
//   taken ──resumeCreates names it──▶ resumed         (an interrupted run's group, finished)
//     └──────otherwise─────────────▶ error "name already exists" (never touched)
import { ServiceError } from "../core/errors";

export interface GroupRef {
  id: number;
  name: string;
}

/** What the sequence needs from the service and the configuration. */
export interface CreateSteps {
  /** The group called `name` (case-insensitive), if any. */
  findByName(name: string): Promise<GroupRef | undefined>;
  /** POST /V4/UserGroup; resolves with the new group's id. */
  post(): Promise<number>;
  /** Whether `commvault:resumeCreates` names this group. */
  resumes(name: string): boolean;
  /** Pause before the next POST (attempt 1, 2, ...). */
  pause(attempt: number): Promise<void>;
}

export type CreateOutcome = { kind: "owned"; id: number } | { kind: "resumed"; id: number };

/** How often a create without a clear answer is sent (after checking it did not happen). */
export const MAX_CREATE_ATTEMPTS = 4;

type State =
  | { kind: "probe" }
  | { kind: "post"; attempt: number; ambiguousBefore: boolean }
  | { kind: "lookup"; attempt: number; cause: ServiceError }
  | { kind: "lookupAfterRefusal"; cause: ServiceError }
  | { kind: "taken"; holder: GroupRef; cause?: ServiceError }
  | { kind: "done"; outcome: CreateOutcome };

/** A POST that got no clear answer may or may not have been applied. */
export const isAmbiguous = (err: unknown): err is ServiceError => err instanceof ServiceError && (err.status === 0 || err.status >= 500);

/** A refusal the service gave in so many words (an HTTP 4xx, or 200 with an errorCode). */
const isRefusal = (err: unknown): err is ServiceError => err instanceof ServiceError && err.status > 0 && err.status < 500;

/** The refusal of a create whose name another group holds; `refusal` is the service's answer, if a POST was sent. */
export class NameTakenError extends Error {
  constructor(
    readonly holder: GroupRef,
    readonly refusal?: ServiceError,
  ) {
    super(`a user group with this name already exists (id ${holder.id})`);
    this.name = "NameTakenError";
  }
}

export async function createGroup(name: string, steps: CreateSteps): Promise<CreateOutcome> {
  let state: State = { kind: "probe" };
  for (;;) {
    switch (state.kind) {
      case "probe": {
        const holder = await steps.findByName(name);
        state = holder ? { kind: "taken", holder } : { kind: "post", attempt: 1, ambiguousBefore: false };
        break;
      }
      case "post": {
        const { attempt, ambiguousBefore }: { attempt: number; ambiguousBefore: boolean } = state;
        try {
          state = { kind: "done", outcome: { kind: "owned", id: await steps.post() } };
        } catch (err) {
          if (isAmbiguous(err)) state = { kind: "lookup", attempt, cause: err };
          else if (isRefusal(err) && ambiguousBefore) state = { kind: "lookupAfterRefusal", cause: err };
          else if (isRefusal(err)) {
            // Somebody made the name between the probe and the POST: theirs, not ours.
            const holder = await steps.findByName(name);
            if (!holder) throw err;
            state = { kind: "taken", holder, cause: err };
          } else throw err;
        }
        break;
      }
      case "lookup": {
        // The name was free before the first POST: a group of that name now is this create's.
        const found = await steps.findByName(name);
        if (found) state = { kind: "done", outcome: { kind: "owned", id: found.id } };
        else if (state.attempt >= MAX_CREATE_ATTEMPTS) throw state.cause;
        else {
          await steps.pause(state.attempt);
          state = { kind: "post", attempt: state.attempt + 1, ambiguousBefore: true };
        }
        break;
      }
      case "lookupAfterRefusal": {
        // An earlier POST of ours landed late (after its timeout or behind a 5xx) and now holds
        // the name this POST was refused for.
        const found = await steps.findByName(name);
        if (!found) throw state.cause;
        state = { kind: "done", outcome: { kind: "owned", id: found.id } };
        break;
      }
      case "taken": {
        if (!steps.resumes(name)) throw new NameTakenError(state.holder, state.cause);
        state = { kind: "done", outcome: { kind: "resumed", id: state.holder.id } };
        break;
      }
      case "done":
        return state.outcome;
    }
  }
}
