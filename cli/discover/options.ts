// The discover verb's flags: the provider's stack config keys (`--wickr:region`, ...) as a
// ConfigSource the provider's own config readers take (environment variables and the AWS
// credential chain stay their fallbacks), and what to discover, where to write and import.
import * as path from "node:path";
import picomatch from "picomatch";
import type { ConfigSource } from "../../provider/core/config";
import { parseArgs, UsageError } from "../flags";

/** The stack config keys the provider reads, each also a flag of discover. */
export const CONFIG_FLAGS = [
  "wickr:region",
  "wickr:endpoint",
  "wickr:profile",
  "wickr:useFipsEndpoint",
  "wickr:requestTimeoutMs",
  "wickr:connectTimeoutMs",
  "wickr:maxRetries",
  "wickr:requestsPerSecond",
  "commvault:url",
  "commvault:username",
  "commvault:password",
  "commvault:token",
  "commvault:requestTimeoutMs",
  "commvault:connectTimeoutMs",
  "commvault:maxRetries",
  "commvault:requestsPerSecond",
] as const;

const OWN_FLAGS = ["networks", "filter", "out", "import-into", "cwd", "format"] as const;

/** What discover writes: a TypeScript program (the package's classes), or for the plugin a Pulumi YAML program or an import file. */
export const FORMATS = { typescript: "discovered.ts", yaml: "discovered.yaml", "import-file": "discovered-import.json" } as const;
export type Format = keyof typeof FORMATS;
const SWITCHES = ["commvault", "split", "json", "fail-on-findings", "force"] as const;

export interface DiscoverOptions {
  config: ConfigSource;
  /** Wickr networks to list (8-digit ids); "all": every network ListNetworks lists; undefined: no Wickr. */
  networks?: string[] | "all";
  commvault: boolean;
  /** True when a group name matches the pattern (every name without --filter). */
  matches: (name: string) => boolean;
  filter?: string;
  format: Format;
  /** The program file (or, with split, the folder of index.ts and one part per network and CommServe). */
  out: string;
  split: boolean;
  json: boolean;
  failOnFindings: boolean;
  /** Replace --out files discover did not write, or that were edited since. */
  force: boolean;
  importInto?: string;
  /** The Pulumi project folder for the import. */
  cwd: string;
}

export const DISCOVER_USAGE = `  discover [--networks ID,ID|all] [--commvault] [--filter PATTERN] [--out FILE | --split --out DIR]
           [--import-into STACK [--cwd PROJECT_DIR]] [--format typescript|yaml|import-file]
           [--json] [--fail-on-findings] [--force] [--<stack config key> VALUE ...]
      Reads (never writes) every security group of the given Wickr networks and every user group of
      the CommServe, checks each answer against what the provider expects, reports what it would
      not understand or would change on its own, and writes a TypeScript program (default
      ./discovered.ts) with one resource per group. --filter: a glob on group names ("ops-*"), or
      /regex/. --format yaml: a Pulumi YAML program (default ./discovered.yaml) for the
      wickr-commvault provider plugin, each group with the import option; --format import-file: a
      file for \`pulumi import --file\` (default ./discovered-import.json). An existing --out file is
      replaced only when discover wrote it and it is unchanged since (--force: always). --import-into:
      records every written group in that stack of the project in PROJECT_DIR (whose program must
      load the written file: a preview checks that it declares every group first, else nothing is
      imported), so the first preview shows no change. --split: one part per Wickr network
      (wickr-<networkId>.ts) and one for the CommServe (commvault.ts), and an index.ts that runs
      the part named like the stack; --split --import-into all imports each part into its stack
      (which must exist in PROJECT_DIR, default the --out folder).
      Configuration: the provider's stack config keys as flags (--wickr:region, --wickr:endpoint,
      --wickr:profile, --commvault:url, --commvault:username, ...), else the same environment
      variables (AWS_REGION, AWS_PROFILE, COMMVAULT_URL, COMMVAULT_PASSWORD, ...) and the AWS
      credential chain. Prefer the environment for passwords and tokens.`;

/** A name filter from a glob or a /regex/ (flags after the closing slash). */
export function nameMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const regex = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  if (regex) {
    try {
      const re = new RegExp(regex[1], regex[2]);
      return (name) => re.test(name);
    } catch (err) {
      throw new UsageError(`--filter: ${(err as Error).message}`);
    }
  }
  return picomatch(pattern, { nocase: true, dot: true });
}

function parseNetworks(raw: string | undefined): string[] | "all" | undefined {
  if (raw === undefined) return undefined;
  if (raw.trim() === "all") return "all";
  const ids = raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const bad = ids.filter((id) => !/^[0-9]{8}$/.test(id));
  if (ids.length === 0 || bad.length > 0) throw new UsageError(`--networks takes 8-digit network ids separated by commas, or "all" (got ${JSON.stringify(raw)})`);
  return [...new Set(ids)];
}

export function parseDiscoverOptions(args: string[]): DiscoverOptions {
  const { positional, flags, switches } = parseArgs(args, [...CONFIG_FLAGS, ...OWN_FLAGS], SWITCHES);
  if (positional.length > 0) throw new UsageError(`discover takes no positional arguments (got ${positional.map((p) => JSON.stringify(p)).join(" ")})`);
  const networks = parseNetworks(flags.get("networks"));
  // Commvault is discovered when asked, or when its URL is given as a flag.
  const commvault = switches.has("commvault") || flags.has("commvault:url");
  if (networks === undefined && !commvault) {
    throw new UsageError("nothing to discover: give --networks (Wickr) and/or --commvault (Commvault, with commvault:url from a flag or COMMVAULT_URL)");
  }
  const split = switches.has("split");
  const format = (flags.get("format") ?? "typescript") as Format;
  if (!Object.hasOwn(FORMATS, format)) throw new UsageError(`--format takes typescript, yaml or import-file (got ${JSON.stringify(format)})`);
  if (format !== "typescript" && (split || flags.has("import-into"))) throw new UsageError(`--split and --import-into write or import the TypeScript program; --format ${format} takes neither`);
  const out = path.resolve(flags.get("out") ?? (split ? "discovered" : FORMATS[format]));
  if (format === "typescript" && !split && !out.endsWith(".ts")) throw new UsageError(`--out must name a .ts file (or use --split --out DIR): ${out}`);
  if (flags.has("cwd") && !flags.has("import-into")) throw new UsageError("--cwd is the project of --import-into; give --import-into STACK too");
  if (split && flags.has("import-into") && flags.get("import-into") !== "all") {
    throw new UsageError('--split writes one part per stack: --import-into all imports each part into the stack named after it (wickr-<networkId>, commvault)');
  }
  const config: ConfigSource = { get: (key) => flags.get(key) };
  return {
    config,
    networks,
    commvault,
    filter: flags.get("filter"),
    matches: nameMatcher(flags.get("filter")),
    format,
    out,
    split,
    json: switches.has("json"),
    failOnFindings: switches.has("fail-on-findings"),
    force: switches.has("force"),
    importInto: flags.get("import-into"),
    cwd: path.resolve(flags.get("cwd") ?? (split ? out : path.dirname(out))),
  };
}
