// Secrecy of declared values in outputs and messages. The Node dynamic-provider host does not
// accept secrets: the engine strips them before calling the provider, which therefore cannot
// tell a secret input from a plain one, and afterwards re-marks as secret only the outputs whose
// keys match a secret input. An output such as `reported` (the service's full view, which
// echoes the declared values) matches no input, and a message may quote a declared value.
//
// So the program tells the provider which inputs are secret: the hidden input SECRET_PATHS (a
// `__` key, which the CLI's display never shows) lists the property paths the program marked
// secret, by name only (a list of paths holds no value). The provider then
//   - returns each "carrier" output (carriersOf) as a secret when the list is not empty: the
//     engine keeps a secret a provider returns, so it is encrypted in the state, its backups and
//     history, after a refresh and in every export;
//   - registers the values at those paths with the scrubber (errors.ts), so no message, warning
//     or service answer it passes on prints them.
// SECRET_PATHS is recorded as an output too, so a refresh and a destroy (which see only the
// outputs) know it. This module is the program side; declared-secrets.ts the provider side.
import * as pulumi from "@pulumi/pulumi";

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

/**
 * Program side: the paths of `args` the program marked secret (`description`,
 * `securityGroupSettings.quickResponses`, `users[1]`), found by walking plain objects and arrays
 * down to each Output (or Promise); known once every one of them is resolved (or known unknown);
 * undefined when there is none.
 */
export function secretPaths(args: object): pulumi.Output<string[] | undefined> {
  const found: Array<Promise<string | undefined>> = [];
  const walk = (value: unknown, path: string): void => {
    if (pulumi.Output.isInstance(value) || value instanceof Promise) {
      found.push(pulumi.isSecret(pulumi.output(value)).then((secret) => (secret ? path : undefined)));
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (isPlain(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path === "" ? k : `${path}.${k}`);
    }
  };
  walk(args, "");
  // None: no input at all (undefined is not sent), so a program without secrets sends exactly what
  // it declares and an imported resource's recorded inputs match it.
  return pulumi.output(Promise.all(found).then((paths) => paths.filter((p): p is string => p !== undefined))).apply((paths) => (paths.length > 0 ? paths : undefined));
}
