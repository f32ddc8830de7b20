// The files discover writes for teams on the provider plugin (--format yaml | import-file):
// the written groups only (a group whose answer is unreadable is reported, not written).
import { renderImportFile } from "./import-file";
import type { DiscoveredGroup } from "./model";
import type { Format } from "./options";
import { renderYamlProgram } from "./yaml";

export function pluginFiles(format: Exclude<Format, "typescript">, groups: DiscoveredGroup[], out: string, header: string): Map<string, string> {
  const written = groups.filter((g) => !g.skipped);
  return new Map([[out, format === "yaml" ? renderYamlProgram(written, header) : renderImportFile(written)]]);
}
