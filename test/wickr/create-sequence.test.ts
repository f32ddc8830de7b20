// The Wickr create sequence (provider/wickr/create.ts) as pure logic: whatever the service's
// reads answer, a create is sent with a second token only when the user said the resource's
// earlier group was destroyed (wickr:newCreateTokens), and never while the answered group may
// still show up.
import fc from "fast-check";
import { ServiceError } from "../../provider/core/errors";
import {
  createSecurityGroup,
  CreateSteps,
  CreateUnconfirmedError,
  CreateUnknownError,
  CreateUnreadError,
  MAX_CONFIRM_READS,
  MAX_STALE_TOKENS,
} from "../../provider/wickr/create";
import type { SecurityGroupWire } from "../../provider/wickr/operations";

const group = (id: string, name = "ops"): SecurityGroupWire => ({ id, name });

interface World {
  /** Reads of each answered group before it shows (Infinity: never; it is a remembered token's deleted group). */
  lag: number;
  /** Whether ListSecurityGroups shows the answered group even while reads do not. */
  listed: boolean;
  stepsPastStale: boolean;
}

function run(world: World) {
  const sent: string[] = [];
  const reads = new Map<string, number>();
  let n = 0;
  const steps: CreateSteps = {
    token: (stale) => `t${stale.length}`,
    send: async (token) => {
      sent.push(token);
      n += 1;
      return group(`g${n}`);
    },
    read: async (id) => {
      const count = (reads.get(id) ?? 0) + 1;
      reads.set(id, count);
      return count > world.lag ? group(id) : undefined;
    },
    list: async () => (world.listed ? [group(`g${n}`)] : [group("someone-elses", "ops")]),
    stepsPastStale: world.stepsPastStale,
    pause: async () => undefined,
  };
  return { sent, result: createSecurityGroup("ops", steps) };
}

describe("createSecurityGroup (create.ts)", () => {
  it("sends one create unless told to step past a missing group, and returns the answered group whenever the service shows it", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ lag: fc.oneof(fc.integer({ min: 0, max: MAX_CONFIRM_READS + 2 }), fc.constant(Infinity)), listed: fc.boolean(), stepsPastStale: fc.boolean() }),
        async (world) => {
          const { sent, result } = run(world);
          const outcome = await result.then(
            (g) => ({ ok: true as const, g }),
            (err: unknown) => ({ ok: false as const, err }),
          );
          const shows = world.lag < MAX_CONFIRM_READS || world.listed;
          if (shows) {
            expect(outcome).toEqual({ ok: true, g: group("g1") });
            expect(sent).toEqual(["t0"]);
          } else if (!world.stepsPastStale) {
            expect(sent).toEqual(["t0"]);
            expect(outcome.ok ? undefined : outcome.err).toBeInstanceOf(CreateUnconfirmedError);
            const err = (outcome as { err: CreateUnconfirmedError }).err;
            expect(err.answered).toEqual(["g1"]);
            expect(err.sameName).toEqual(["someone-elses"]);
          } else {
            // Told so: each missing group is stepped past with the next token, bounded.
            expect(sent.length).toBe(MAX_STALE_TOKENS + 1);
            expect(outcome.ok ? undefined : outcome.err).toBeInstanceOf(CreateUnconfirmedError);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a create without a clear answer fails as unknown (the next run's same token settles it); a refusal stays itself", async () => {
    const steps = (failure: ServiceError): CreateSteps => ({
      token: () => "t0",
      send: async () => {
        throw failure;
      },
      read: async () => undefined,
      list: async () => [],
      stepsPastStale: true,
      pause: async () => undefined,
    });
    const lost = new ServiceError({ service: "wickr", operation: "CreateSecurityGroup", status: 0, code: "ECONNRESET" });
    await expect(createSecurityGroup("ops", steps(lost))).rejects.toBeInstanceOf(CreateUnknownError);
    const refused = new ServiceError({ service: "wickr", operation: "CreateSecurityGroup", status: 422, code: "ValidationError" });
    await expect(createSecurityGroup("ops", steps(refused))).rejects.toBe(refused);
  });

  it("a read of the answered group that fails otherwise than 'not found' stops the sequence, with no second create", async () => {
    const sent: string[] = [];
    const err = await createSecurityGroup("ops", {
      token: () => "t0",
      send: async (t) => (sent.push(t), group("g1")),
      read: async () => {
        throw new ServiceError({ service: "wickr", operation: "GetSecurityGroup", status: 404, code: "HTTP404" });
      },
      list: async () => [],
      stepsPastStale: true,
      pause: async () => undefined,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CreateUnreadError);
    expect(sent).toEqual(["t0"]);
  });
});
