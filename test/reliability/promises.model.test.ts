// Issue 19: the provider's promises, checked by random sequences instead of cases. Sequences of
// program edits, hand edits at the services, faults and engine commands run through the real
// engine against both emulators; after each command the promises are checked (model/invariants.ts),
// and each sequence ends with refresh and up without faults, after which the services must equal
// the program. A failure shrinks to a minimal sequence printed with its seed and path.
//
// The bounded CI run: MODEL_RUNS sequences (default 10) of at most MODEL_MAX_COMMANDS commands
// (default 12), seed MODEL_SEED (default fixed, so a red CI run is the code's doing and replays
// exactly): 107 engine commands, about 3 to 4 minutes on a 2-core machine (285 s with other test
// runs sharing it). MODEL_TRACE=1 prints what each command did. A failure
// shrinks for at most MODEL_SHRINK_MS (default 5 minutes). The long run:
// `bash scripts/promises.sh SEED COUNT`.
import { modelBed, ModelBed } from "./model/bed";
import { runSequences } from "./model/runner";

const num = (name: string, fallback: number) => (process.env[name] === undefined ? fallback : Number(process.env[name]));
const SEED = num("MODEL_SEED", 19_2026);
const RUNS = num("MODEL_RUNS", 10);
const MAX_COMMANDS = num("MODEL_MAX_COMMANDS", 12);
const SHRINK_BUDGET_MS = num("MODEL_SHRINK_MS", 5 * 60_000);
/** Jest's limit: the runs, plus the shrinking budget, plus the slack of a loaded machine. */
const TIMEOUT_MS = num("MODEL_TIMEOUT_MS", RUNS * 60_000 + SHRINK_BUDGET_MS + 120_000);

describe("the provider's promises under random sequences (issue 19)", () => {
  let bed: ModelBed;
  beforeAll(async () => {
    bed = await modelBed();
  });
  afterAll(() => bed?.close());

  it(
    `${RUNS} sequences of up to ${MAX_COMMANDS} commands (seed ${SEED}) keep every promise`,
    async () => {
      const report = await runSequences(bed, {
        seed: SEED,
        runs: RUNS,
        maxCommands: MAX_COMMANDS,
        shrinkBudgetMs: SHRINK_BUDGET_MS,
        path: process.env.MODEL_PATH,
        log: (line) => process.stderr.write(`[promises] ${line}\n`),
        trace: process.env.MODEL_TRACE === "1",
      });
      process.stderr.write(
        `[promises] seed ${report.seed}: ${report.sequences} sequences run (shrinking included), ${report.steps} commands, ${report.engineCommands} engine commands, ${report.shrinks} shrinks, ${Math.round(report.ms / 1000)} s\n`,
      );
      if (report.failure) throw new Error(report.failure);
    },
    TIMEOUT_MS,
  );
});
