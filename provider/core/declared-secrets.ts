// The provider side of secrecy.ts: the paths the program marked secret, the scrubber told their
// values, and the carrier outputs returned as secrets. No runtime import of @pulumi/pulumi.
import { registerSecret } from "./errors";
import { carriersOf, type Props, type ResourceDefinition, SECRET_PATHS } from "./definition";
import { markedSecret } from "./secret-marks";

/** The secret paths recorded in `props` (inputs or outputs); [] when there are none. */
export function secretPathsOf(props: Props | undefined): string[] {
  const paths = props?.[SECRET_PATHS];
  return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === "string") : [];
}

/** The value at a path such as `a.b[2].c`, or undefined. */
function valueAt(props: Props, path: string): unknown {
  let current: unknown = props;
  for (const segment of path.match(/[^.[\]]+/g) ?? []) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function registerLeaves(value: unknown): void {
  if (typeof value === "string") registerSecret(value);
  else if (typeof value === "number") registerSecret(String(value));
  else if (Array.isArray(value)) value.forEach(registerLeaves);
  else if (value !== null && typeof value === "object") Object.values(value).forEach(registerLeaves);
}

/** Provider side: registers with the scrubber every value `props` holds at its secret paths. */
export function registerDeclaredSecrets(...props: Array<Props | undefined>): void {
  for (const p of props) if (p) registerSecretsAt(p, secretPathsOf(p));
}

/** Registers with the scrubber every value `props` holds at `paths` (`a.b[2].c`). */
export function registerSecretsAt(props: Props, paths: readonly string[]): void {
  for (const path of paths) registerLeaves(valueAt(props, path));
}

/** `outs` with each carrier output returned as a secret when `paths` is not empty. */
export function markCarriers(def: Pick<ResourceDefinition, "carriers">, outs: Props, paths: readonly string[]): Props {
  if (paths.length === 0) return outs;
  const marked = { ...outs };
  for (const key of carriersOf(def)) {
    if (marked[key] !== undefined) marked[key] = markedSecret(marked[key]);
  }
  return marked;
}
