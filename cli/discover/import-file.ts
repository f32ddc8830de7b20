// discover's import file (`--format import-file`) for `pulumi import --file`, for teams on the
// provider plugin: one entry per group (type token, resource name, id); the engine reads each
// group through the plugin and writes the program's code in the project's language. JSON.stringify
// escapes every string.
import { tokenOf } from "../../provider/plugin/package";
import type { DiscoveredGroup } from "./model";

export function renderImportFile(groups: DiscoveredGroup[]): string {
  const resources = groups.map((g) => ({ type: tokenOf(g.def), name: g.resourceName as string, id: g.id }));
  return `${JSON.stringify({ resources }, null, 2)}\n`;
}
