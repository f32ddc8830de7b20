// Property values across the wire (google.protobuf.Struct): secrets arrive and leave as the
// engine's special objects; the core sees plain values (unknowns stay the UNKNOWN string the
// core knows) and this module remembers which properties were secret.
import type { Props } from "../core/definition";
import { isPlainObject } from "../core/diff";
import { structPb } from "./sdk";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";

export { SECRET_SIG_KEY as SIG, SECRET_SIG } from "../core/secret-marks";
import { isSecretMark, SECRET_SIG_KEY as SIG, SECRET_SIG } from "../core/secret-marks";

/** A value without secret wrappers, and the paths below `at` that held one (`a.b[2].c`). */
export function reveal(value: unknown, at = "", paths: string[] = []): { plain: unknown; secret: boolean; paths: string[] } {
  if (isSecretMark(value)) {
    paths.push(at);
    return { plain: reveal(value.value, at, []).plain, secret: true, paths };
  }
  if (Array.isArray(value)) {
    const items = value.map((v, i) => reveal(v, `${at}[${i}]`, paths));
    return { plain: items.map((i) => i.plain), secret: items.some((i) => i.secret), paths };
  }
  if (isPlainObject(value)) {
    const out: Props = {};
    let secret = false;
    for (const [k, v] of Object.entries(value)) {
      const r = reveal(v, at === "" ? k : `${at}.${k}`, paths);
      out[k] = r.plain;
      secret ||= r.secret;
    }
    return { plain: out, secret, paths };
  }
  return { plain: value, secret: false, paths };
}

/** Plain properties from a Struct, the top-level keys that held a secret, and the paths of the secrets. */
export interface Revealed {
  props: Props;
  secretKeys: Set<string>;
  secretPaths: string[];
}

export function fromStruct(struct: StructPb.Struct | undefined): Revealed {
  const raw = (struct?.toJavaScript() ?? {}) as Props;
  const { plain, paths } = reveal(raw);
  const secretKeys = new Set(paths.map((p) => p.split(/[.[]/)[0]));
  return { props: plain as Props, secretKeys, secretPaths: paths };
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
