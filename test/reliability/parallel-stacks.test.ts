// Stacks in parallel against one account's rate limit (issue 23), through the real engine: two
// stacks (one per Wickr network, as a CI matrix runs them), each `pulumi up` in its own process,
// update all their groups at once while the emulator allows the account a few requests a second.
// Each provider process learns its share from the 429 answers: no update fails, and the update
// phase stays near all requests over the rate (before issue 23 a process that got a small share
// of the first throttled second kept it, and the stacks took several times the floor).
// It runs the benchmark's own scenario (benchmarks/scale.ts) at a small scale, each stack's `up`
// the CLI in its project folder, under both ways the emulator counts the limit
// (emulators/core/rate-limit.ts): Wickr's default token bucket and the stricter fixed windows.
// Measured under fixed windows: the pacer of issue 23 1.21-1.26x; the one before it 1.52-1.60x
// (this test failed with it).
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";

const REPO = path.resolve(__dirname, "..", "..");
const run = promisify(execFile);

describe("stacks in parallel against one shared rate limit", () => {
  it("2 stacks × 6 groups at 3 requests a second, token bucket then fixed windows: every update applied, 429s met and learned, within 1.4x of requests over the rate", async () => {
    const { stdout } = await run(process.execPath, [path.join(REPO, "dist", "benchmarks", "scale.js"), "parallel"], {
      env: { ...process.env, BENCH_PARALLEL: "2x6", BENCH_PARALLEL_RPS: "3", BENCH_PARALLEL_SETUP_MS: "5000", BENCH_PARALLEL_ALGORITHMS: "token-bucket,fixed-window", BENCH_WRITE: "0" },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 170_000,
    });
    const rounds = stdout
      .split("\n")
      .filter((l) => l.startsWith("PARALLEL "))
      .map((l) => JSON.parse(l.slice("PARALLEL ".length)) as { algorithm: string; failed: number; updates: number; throttled: number; phaseS: number; floorS: number });
    expect(rounds.map((r) => r.algorithm)).toEqual(["token-bucket", "fixed-window"]);
    for (const r of rounds) {
      expect({ algorithm: r.algorithm, failed: r.failed, updates: r.updates }).toEqual({ algorithm: r.algorithm, failed: 0, updates: 12 });
      // The limit was met (else this shows nothing about learning it).
      expect(r.throttled).toBeGreaterThan(0);
      expect(r.phaseS / r.floorS).toBeLessThan(1.4);
    }
  }, 180_000);
});
