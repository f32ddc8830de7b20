// Issue 23: an estate's import (`discover --import-into`, the import helpers) is one state edit
// and one refresh, and the refresh writes the stack's state once, at its end: with a write after
// every resource's read (the file backend's checkpoints) an import of N groups wrote the whole
// state N times, quadratic in N (1,003 groups: 300 s, against 37 s with one write; measured with
// `BENCH_DISCOVER_ESTATE=10x50+500 BENCH_DISCOVER_IMPORT=1 node dist/benchmarks/discover-scale.js`).
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { CommvaultUserGroup } from "../../provider";
import { commvaultUserGroupDefinition } from "../../provider/commvault/definition";
import { importResources } from "../../provider/core/import";
import { changed, TestStack } from "../support/engine";

const N = 40;
const FIRST_ID = 5001;
const name = (i: number) => `estate-${String(i).padStart(5, "0")}`;

describe("the import of many groups writes the state once per operation, not once per group", () => {
  let emus: RunningEmulators;
  let stack: TestStack | undefined;
  beforeAll(async () => {
    emus = await startEmulators({ commvaultEstate: { userGroups: N, firstId: FIRST_ID } });
  });
  afterAll(async () => {
    await stack?.dispose();
    await emus?.close();
  });

  it(`imports ${N} groups with a handful of state writes, and the program then previews clean`, async () => {
    stack = await TestStack.create(
      async () => {
        for (let i = 0; i < N; i++) new CommvaultUserGroup(`g-${i}`, { name: name(i) });
      },
      { config: emus.stackConfig() },
    );
    const stateDir = path.join(stack.dir, "state", ".pulumi", "stacks");
    // The stack's state file is written once the stack exists (a preview makes none).
    await stack.refresh();
    const writes: string[] = [];
    const watcher = fs.watch(stateDir, { recursive: true }, (_event, file) => {
      // The backend writes the state to a new temporary file, then renames it: one name per write.
      if (file && /test\.json\.[0-9a-f]+\.tmp$/.test(String(file))) writes.push(String(file));
    });
    try {
      const entries = Array.from({ length: N }, (_, i) => ({ def: commvaultUserGroupDefinition, resourceName: `g-${i}`, id: String(FIRST_ID + i) }));
      expect(await importResources(stack.stack, entries)).toHaveLength(N);
    } finally {
      watcher.close();
    }
    // The import's state edit and the refresh's one write (a checkpoint after every read: N more).
    const stateWrites = new Set(writes).size;
    expect(stateWrites).toBeGreaterThan(0);
    expect(stateWrites).toBeLessThan(5);
    expect(changed((await stack.preview()).steps)).toEqual([]);
  }, 240_000);
});
