// Hostile input: generated programs with one thing wrong are refused by validation, with a
// message that names the property path, and no service call is made (the handler behind the
// provider counts every call it gets: zero).
import fc from "fast-check";
import { makeDynamicProvider } from "../../provider/core/bridge";
import type { ResourceDefinition, ResourceHandler } from "../../provider/core/definition";
import { InputError } from "../../provider/core/errors";
import { assertValidArgs } from "../../provider/core/resource";
import { commvaultUserGroupDefinition } from "../../provider/commvault/definition";
import { wickrSecurityGroupDefinition } from "../../provider/wickr/definition";
import { invalidInput } from "./arbitrary";

function countingHandler(): { handler: ResourceHandler; calls: () => number } {
  let calls = 0;
  const hit = async (): Promise<never> => {
    calls++;
    throw new Error("no service call may happen for invalid input");
  };
  const handler: ResourceHandler = {
    configure: () => undefined,
    create: hit,
    read: hit,
    update: hit,
    delete: hit,
    preflight: hit,
  };
  return { handler, calls: () => calls };
}

/** One path is the other, or lies inside it. */
const related = (a: string, b: string) => a === b || [a, b].some((x) => [a, b].some((y) => x !== y && (y.startsWith(x + ".") || y.startsWith(x + "["))));

const RUNS = Number(process.env.HOSTILE_RUNS ?? 5000);

describe.each([
  ["WickrSecurityGroup", wickrSecurityGroupDefinition as ResourceDefinition],
  ["CommvaultUserGroup", commvaultUserGroupDefinition as ResourceDefinition],
])("%s refuses generated invalid input before any call", (typeName, def) => {
  it(`${RUNS} invalid programs: check fails naming the path, no call is made`, async () => {
    const { handler, calls } = countingHandler();
    const provider = makeDynamicProvider(def, handler);
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(invalidInput(def.inputs), async ({ input, path }) => {
        const result = await provider.check!({}, input);
        checked++;
        const paths = (result.failures ?? []).map((f) => f.property);
        // Reported at the mutated path, or at the union that holds it, or more precisely inside
        // a replaced object or list (`calling.nested`, `users[0]`).
        return paths.length > 0 && paths.some((p) => related(p, path));
      }),
      { numRuns: RUNS },
    );
    expect(checked).toBe(RUNS);
    expect(calls()).toBe(0);
  });

  it("the program-side check names the resource and the path", () => {
    fc.assert(
      fc.property(invalidInput(def.inputs), ({ input, path }) => {
        try {
          assertValidArgs(def, "generated", input);
          return false;
        } catch (err) {
          return (
            err instanceof InputError &&
            err.message.startsWith(`${typeName} "generated" has invalid input:`) &&
            err.problems.some((p) => related(p.path, path) && err.message.includes(p.path))
          );
        }
      }),
      { numRuns: 500 },
    );
  });
});
