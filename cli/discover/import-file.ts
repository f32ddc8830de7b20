// discover's import file (`--format import-file`) for `pulumi import --file`, for teams on the
// provider plugin: one entry per group (type token, resource name, id); the engine reads each
// group through the plugin and writes the program's code in the project's language. JSON.stringify
// escapes every string. The file is `JSON.stringify({ resources }, null, 2)`, written an entry
// at a time: the head, the entries (IMPORT_SEPARATOR between two), the tail.
import { tokenOf } from "../../provider/plugin/package";
import type { DiscoveredGroup } from "./model";

/** The file's text before its entries; `empty`: none follows. */
export const importFileHead = (empty: boolean) => (empty ? '{\n  "resources": []' : '{\n  "resources": [');
export const IMPORT_SEPARATOR = ",\n";
/** The file's text after its entries. */
export const importFileTail = (empty: boolean) => (empty ? "\n}\n" : "\n  ]\n}\n");

/** One group's entry, indented as the resources list's item (the first entry starts with a line break). */
export function importFileEntry(g: DiscoveredGroup, first: boolean): string {
  const entry = { type: tokenOf(g.def), name: g.resourceName as string, id: g.id };
  return `${first ? "\n" : IMPORT_SEPARATOR}${JSON.stringify(entry, null, 2).replace(/^/gm, "    ")}`;
}

export function renderImportFile(groups: DiscoveredGroup[]): string {
  const empty = groups.length === 0;
  return `${importFileHead(empty)}${groups.map((g, i) => importFileEntry(g, i === 0)).join("")}${importFileTail(empty)}`;
}
