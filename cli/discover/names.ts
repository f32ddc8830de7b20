// The names a written program gives its groups: a resource name (Wickr `<networkId>-<name>`, as
// names repeat across networks; Commvault the name) and a variable, both unique across
// everything one discovery writes (single file or split: the same names either way). Given one
// group at a time, in the order written, so a discovery names each group as soon as it is checked.
import type { DiscoveredGroup } from "./model";

/** JavaScript's reserved words (strict mode), which an identifier may not be. */
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await arguments eval").split(" "),
);

/** Lower-case words of a name (letters and digits only). */
function words(name: string): string[] {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w.toLowerCase());
}

/** A resource name: the group's name in kebab case ("group" when nothing is left). */
export function resourceSlug(name: string): string {
  return words(name).join("-") || "group";
}

/** A valid, non-reserved camelCase identifier for a resource name. */
export function identifierFor(resourceName: string): string {
  const [first = "group", ...rest] = words(resourceName);
  let id = first + rest.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
  if (/^[0-9]/.test(id)) id = `g${id}`;
  return RESERVED.has(id) ? `${id}Group` : id;
}

/** The first of `base`, `base-2`, `base-3`... not yet in `taken` (which it joins). */
function unique(base: string, taken: Set<string>, separator: string): string {
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}${separator}${n}`;
  taken.add(candidate);
  return candidate;
}

/** The names given so far in one program (only the names: a few dozen bytes per group). */
export class ProgramNames {
  private readonly names = new Set<string>();
  private readonly variables = new Set<string>();

  /** Gives `g` its resource name and variable, unique among the groups named before it. */
  assign(g: DiscoveredGroup): void {
    const slug = resourceSlug(g.groupName);
    g.resourceName = unique(g.service === "wickr" ? `${g.networkId}-${slug}` : slug, this.names, "-");
    const prefix = g.service === "wickr" ? "wickr" : "commvault";
    g.variable = unique(identifierFor(`${prefix} ${g.resourceName}`), this.variables, "");
  }
}

/** Names every group of `groups`, in order (the written groups of one discovery). */
export function assignNames(groups: DiscoveredGroup[]): void {
  const names = new ProgramNames();
  for (const g of groups) names.assign(g);
}
