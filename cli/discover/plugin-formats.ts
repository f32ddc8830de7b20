// The files discover writes for teams on the provider plugin (--format yaml | import-file):
// the written groups only (a group whose answer is unreadable is reported, not written). Each
// written an entry at a time (pluginWriter), or whole for groups in memory (pluginFiles).
import { importFileEntry, importFileHead, importFileTail, renderImportFile } from "./import-file";
import type { DiscoveredGroup } from "./model";
import type { Format } from "./options";
import type { OutputWriter } from "./program-writer";
import type { Staging } from "./staging";
import { renderYamlProgram, yamlHead, yamlResource } from "./yaml";

export function pluginFiles(format: Exclude<Format, "typescript">, groups: DiscoveredGroup[], out: string, header: string): Map<string, string> {
  const written = groups.filter((g) => !g.skipped);
  return new Map([[out, format === "yaml" ? renderYamlProgram(written, header) : renderImportFile(written)]]);
}

/** The file of `format` at `out`, written a group at a time. */
export function pluginWriter(staging: Staging, format: Exclude<Format, "typescript">, out: string, header: string): OutputWriter {
  const staged = staging.stage(out);
  return {
    add(g) {
      if (g.skipped !== undefined) return;
      staged.append(format === "yaml" ? yamlResource(g) : importFileEntry(g, staged.empty));
    },
    finish() {
      if (format === "yaml") staged.finish(yamlHead(header, staged.empty), "\n", "#");
      else staged.finish(importFileHead(staged.empty), importFileTail(staged.empty));
    },
  };
}
