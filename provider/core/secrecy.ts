// Secrecy of outputs that carry declared values. The Node dynamic-provider host does not accept
// secrets: the engine strips them before calling the provider and afterwards re-marks as secret
// only the outputs whose keys match a secret input. An output such as `reported` (the service's
// full view, which echoes the declared values) matches no input, so it would be stored in
// plaintext. Each such "carrier" output is therefore also sent as a hidden input: a fixed mark
// that is secret exactly when some input of the resource is, so the engine's own re-marking
// makes the carrier output secret in the state, its backups and history, after a refresh (the
// engine keeps the secret bit of a refreshed output) and in every export.
import * as pulumi from "@pulumi/pulumi";
import { CARRIER_MARK } from "./definition";

/**
 * The hidden inputs for `carriers`: each the mark, derived from all of `args`, so it is secret
 * when any of them (at any depth) is, and unknown during a preview while any of them is.
 */
export function carrierInputs(args: object, carriers: readonly string[]): Record<string, pulumi.Output<string>> {
  const mark = pulumi.output(args).apply(() => CARRIER_MARK);
  return Object.fromEntries(carriers.map((key) => [key, mark]));
}
