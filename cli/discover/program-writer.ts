// The TypeScript program written a group at a time: each group's resource is appended to its
// file's staged body as soon as it is checked and named, so a discovery holds no group longer
// than it takes to write it. Per file it keeps only what the head needs at the end (the
// services used, the groups left out); the split entry file is staged first (so it is listed
// first, as before) and written last, once every part is known.
import * as path from "node:path";
import type { DiscoveredGroup, Service } from "./model";
import { GROUP_SEPARATOR, partOf, programHead, renderGroup, renderSplitIndex, SPLIT_INDEX, Unwritten } from "./program";
import type { StagedFile } from "./staged-file";
import type { Staging } from "./staging";

/** Takes the groups of one discovery in the order written, then finishes its files (staged, not yet in place). */
export interface OutputWriter {
  /** A checked group: named, unless it cannot be written (`skipped`). */
  add(g: DiscoveredGroup): void;
  finish(): void;
}

/** One program file: the groups' resources as they come, the head at the end. */
class ProgramFile {
  private readonly services = new Set<Service>();
  private readonly unwritten: Unwritten[] = [];

  constructor(
    private readonly staged: StagedFile,
    private readonly header: string,
  ) {}

  add(g: DiscoveredGroup): void {
    if (g.skipped !== undefined) {
      this.unwritten.push({ service: g.service, groupName: g.groupName, id: g.id, skipped: g.skipped });
      return;
    }
    this.staged.append(`${this.staged.empty ? "" : GROUP_SEPARATOR}${renderGroup(g)}`);
    this.services.add(g.service);
  }

  finish(): void {
    this.staged.finish(programHead(this.services, this.header, this.unwritten), "\n", "//");
  }
}

/** The program in one file (`out`), or split in `out`: one part per network and CommServe, and the entry file. */
export function typescriptWriter(staging: Staging, out: string, split: boolean, header: string): OutputWriter {
  if (!split) return new ProgramFile(staging.stage(out), header);
  const index = staging.stage(path.join(out, SPLIT_INDEX));
  const parts = new Map<string, ProgramFile>();
  return {
    add(g) {
      const part = partOf(g);
      let file = parts.get(part);
      if (file === undefined) parts.set(part, (file = new ProgramFile(staging.stage(path.join(out, `${part}.ts`)), header)));
      file.add(g);
    },
    finish() {
      for (const file of parts.values()) file.finish();
      index.finish(renderSplitIndex([...parts.keys()], header), "");
    },
  };
}
