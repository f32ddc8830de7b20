// Pulumi's mark of a secret value, as a provider sees it (`{ [SECRET_SIG_KEY]: SECRET_SIG, value }`,
// the property-value signature the engine unmarshals) and as a deployment records it (`plaintext`
// or `ciphertext` beside the same signature): one place for the signature and the walks over it.
import { isPlainObject } from "./diff";

export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Whether `value` is a secret (in any of its forms). */
export const isSecretMark = (value: unknown): value is Record<string, unknown> => isPlainObject(value) && value[SECRET_SIG_KEY] === SECRET_SIG;

/** `value` marked secret, as a provider sees it. */
export const markedSecret = (value: unknown): Record<string, unknown> => ({ [SECRET_SIG_KEY]: SECRET_SIG, value: value ?? null });

/** `value` without secret marks (each secret replaced by its value). */
export function unmarked(value: unknown): unknown {
  if (isSecretMark(value)) return unmarked(value.value);
  if (Array.isArray(value)) return value.map(unmarked);
  return isPlainObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unmarked(v)])) : value;
}

/** Whether `value` is or holds a secret. */
export const containsSecrets = (value: unknown): boolean =>
  isSecretMark(value) || (Array.isArray(value) ? value.some(containsSecrets) : isPlainObject(value) && Object.values(value).some(containsSecrets));

/**
 * A value as a deployment records it for `pulumi stack import`: each secret (as a provider sees
 * it) as `plaintext`, which the CLI encrypts with the stack's secrets provider; inner secrets first.
 */
export function asDeployed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asDeployed);
  if (!isPlainObject(value)) return value;
  if (isSecretMark(value) && "value" in value) return { [SECRET_SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(asDeployed(value.value ?? null)) };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asDeployed(v)]));
}
