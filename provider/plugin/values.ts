// Property values across the wire (google.protobuf.Struct): secrets arrive and leave as the
// engine's special objects; the core sees plain values (unknowns stay the UNKNOWN string the
// core knows) and this module remembers which properties were secret.
import type { Props } from "../core/definition";
import { isPlainObject } from "../core/diff";
import { structPb } from "./sdk";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";

export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

function isSecret(value: unknown): value is { value: unknown } {
  return isPlainObject(value) && value[SIG] === SECRET_SIG;
}

/** A value without secret wrappers, and whether it held one anywhere. */
export function reveal(value: unknown): { plain: unknown; secret: boolean } {
  if (isSecret(value)) return { plain: reveal(value.value).plain, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(reveal);
    return { plain: items.map((i) => i.plain), secret: items.some((i) => i.secret) };
  }
  if (isPlainObject(value)) {
    const out: Props = {};
    let secret = false;
    for (const [k, v] of Object.entries(value)) {
      const r = reveal(v);
      out[k] = r.plain;
      secret ||= r.secret;
    }
    return { plain: out, secret };
  }
  return { plain: value, secret: false };
}

/** Plain properties from a Struct, and the top-level keys that held a secret. */
export interface Revealed {
  props: Props;
  secretKeys: Set<string>;
}

export function fromStruct(struct: StructPb.Struct | undefined): Revealed {
  const raw = (struct?.toJavaScript() ?? {}) as Props;
  const props: Props = {};
  const secretKeys = new Set<string>();
  for (const [k, v] of Object.entries(raw)) {
    const r = reveal(v);
    props[k] = r.plain;
    if (r.secret) secretKeys.add(k);
  }
  return { props, secretKeys };
}

export function secretValue(value: unknown): unknown {
  return { [SIG]: SECRET_SIG, value };
}

/** A Struct of `props`, each property in `secretKeys` wrapped as a secret (undefined values left out). */
export function toStruct(props: Props, secretKeys: ReadonlySet<string> = new Set()): StructPb.Struct {
  const out: Props = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined) continue;
    out[k] = secretKeys.has(k) ? secretValue(v) : v;
  }
  return structPb.Struct.fromJavaScript(out as Record<string, StructPb.JavaScriptValue>);
}
