// Command-line parsing shared by the verbs: positional arguments, `--name value` flags and
// `--name` switches.

export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string>;
  switches: Set<string>;
}

/**
 * Splits `args` into positionals, the allowed `--name value` flags and the allowed `--name`
 * switches (no value); anything else is a UsageError.
 */
export function parseArgs(args: string[], allowed: readonly string[], allowedSwitches: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (allowedSwitches.includes(name) && inline === undefined) {
      switches.add(name);
      continue;
    }
    if (!allowed.includes(name)) throw new UsageError(`unknown flag --${name}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return { positional, flags, switches };
}
