// What a refresh would record for a resource whose read the caller has already made: discover
// lists every group, so its import need not read each again. The resource's own read runs over
// the held answer (the dynamic provider's read, over a handler whose read is the definition's
// snapshotOfRead), and the engine's part of a refresh is done as the engine does it: the read
// gets the recorded outputs without their secret marks, and whatever the state held secret is
// marked secret again in what the read gives. test/core/import-held-answer.engine.test.ts
// imports one estate this way and through a refresh, and finds the two states equal.
import { makeDynamicProvider } from "./bridge";
import type { Props, ResourceDefinition, ResourceHandler } from "./definition";
import { isPlainObject } from "./diff";
import { containsSecrets, isSecretMark, markedSecret, unmarked } from "./secret-marks";

/**
 * `fresh` with every property `recorded` held secret (or holding a secret) marked secret, into
 * the objects both hold, as the engine records a refreshed resource: a value the state kept
 * secret never comes back in clear because the provider's read returned it unmarked.
 */
export function keptSecret(fresh: Props, recorded: Props): Props {
  const kept = { ...fresh };
  for (const [key, before] of Object.entries(recorded)) {
    if (!(key in kept)) continue;
    const after = kept[key];
    if (isPlainObject(after) && !isSecretMark(after) && isPlainObject(before) && !isSecretMark(before)) kept[key] = keptSecret(after, before);
    else if (!isSecretMark(after) && containsSecrets(before)) kept[key] = markedSecret(after);
  }
  return kept;
}

/**
 * What a refresh records for the resource `id` whose recorded inputs and outputs are `inputs` and
 * `outputs` (secrets marked as a provider sees them), when the service's answer to its read is
 * `answer`; the provider code (`__provider`) carried as the dynamic-provider host carries it.
 * Nothing is asked of the service.
 */
export async function readOfAnswer(def: ResourceDefinition, id: string, answer: unknown, inputs: Props, outputs: Props): Promise<{ id: string; outputs: Props; inputs?: Props }> {
  const snapshotOfRead = def.snapshotOfRead;
  if (!snapshotOfRead) throw new Error(`${def.typeName}: an import from a held answer needs the definition's snapshotOfRead`);
  const answered: Pick<ResourceHandler, "read"> = { read: async (readId, previous) => snapshotOfRead(readId, answer, previous) };
  const provider = makeDynamicProvider(def, answered as ResourceHandler);
  // The Node dynamic-provider host takes no secrets: the engine hands it the outputs unmarked.
  const result = await (provider.read as NonNullable<typeof provider.read>)(id, unmarked(outputs) as Props);
  if (!result.id) throw new Error(`${def.typeName} ${id}: the held answer reads as gone`);
  const withCode = (props: Props) => ({ ...props, __provider: outputs.__provider });
  return {
    id: result.id,
    outputs: keptSecret(withCode(result.props ?? {}), outputs),
    // No inputs from the read: the engine keeps the recorded ones.
    inputs: result.inputs === undefined ? undefined : keptSecret(withCode(result.inputs), inputs),
  };
}
