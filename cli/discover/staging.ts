// The files one discovery writes, staged beside their places until the end: committed together
// (each renamed into place, after refusing to replace a file discover did not write or that was
// edited since, unless forced), or discarded together (temporary files and the folders the
// staging created removed), so no run leaves a partial file or a temporary one behind.
import * as fs from "node:fs";
import * as path from "node:path";
import { refuseToReplace } from "./seal";
import { StagedFile } from "./staged-file";

export class Staging {
  private readonly files: StagedFile[] = [];
  /** The folders staging created, deepest last. */
  private readonly createdDirs: string[] = [];

  /** A new file to build (its folder created when missing). */
  stage(file: string): StagedFile {
    const dir = path.dirname(file);
    const first = fs.mkdirSync(dir, { recursive: true });
    if (first !== undefined) {
      const chain: string[] = [];
      for (let d = dir; ; d = path.dirname(d)) {
        chain.unshift(d);
        if (d === first || d === path.dirname(d)) break;
      }
      this.createdDirs.push(...chain);
    }
    const staged = new StagedFile(file);
    this.files.push(staged);
    return staged;
  }

  /** The files staged, in the order staged. */
  get targets(): string[] {
    return this.files.map((f) => f.file);
  }

  /** Renames every (finished) file into place; refused (and everything discarded) when one may not be replaced. */
  commit(force: boolean): string[] {
    try {
      refuseToReplace(this.targets, force);
    } catch (err) {
      this.discard();
      throw err;
    }
    try {
      for (const f of this.files) f.commit();
    } catch (err) {
      this.discard();
      throw err;
    }
    return this.targets;
  }

  /** Removes every temporary file, and the folders staging created when they are left empty. */
  discard(): void {
    for (const f of this.files) f.discard();
    for (const dir of [...this.createdDirs].reverse()) {
      try {
        fs.rmdirSync(dir);
      } catch {
        // Not empty (someone else's files), or gone.
      }
    }
  }
}
