// One output file built a piece at a time, never held whole in memory: the pieces go to a
// temporary sibling (`<file>.<pid>.body.tmp`) as they come; at the end the file's head (which
// names what only the end knows: the classes used, the groups left out) and the body are
// copied into a second sibling (`<file>.<pid>.tmp`) under the seal (the hash of everything
// after it, written last at the file's start), and only a commit renames that into place.
// Discarded, both siblings go. The folder is the caller's (an Outputs' staging makes it).
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { sealLine } from "./seal";

/** The bytes copied from the body at a time. */
const CHUNK = 1 << 16;

export class StagedFile {
  readonly body: string;
  readonly temp: string;
  private bodyBytes = 0;
  private sealed = false;

  /** `file`'s folder must exist. */
  constructor(readonly file: string) {
    this.body = `${file}.${process.pid}.body.tmp`;
    this.temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(this.body, "");
  }

  /** True until the first piece is appended. */
  get empty(): boolean {
    return this.bodyBytes === 0;
  }

  /** Appends a piece of the body. */
  append(text: string): void {
    if (text === "") return;
    fs.appendFileSync(this.body, text);
    this.bodyBytes += Buffer.byteLength(text);
  }

  /**
   * Writes the whole file to its temporary sibling: `head`, the body, `tail`, under a seal line
   * of the comment `seal` (none when undefined). The body's sibling is removed.
   */
  finish(head: string, tail: string, seal?: "//" | "#"): void {
    const fd = fs.openSync(this.temp, "w");
    try {
      const hash = createHash("sha256");
      let at = 0;
      const write = (bytes: Buffer) => {
        hash.update(bytes);
        for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done, at + done);
        at += bytes.length;
      };
      // The seal's place, filled in once the hash of what follows is known (a fixed length).
      const placeholder = seal === undefined ? "" : sealLine(seal, "0".repeat(64));
      at = Buffer.byteLength(placeholder);
      write(Buffer.from(head, "utf8"));
      const input = fs.openSync(this.body, "r");
      try {
        const chunk = Buffer.allocUnsafe(CHUNK);
        for (let n; (n = fs.readSync(input, chunk, 0, CHUNK, null)) > 0; ) write(chunk.subarray(0, n));
      } finally {
        fs.closeSync(input);
      }
      write(Buffer.from(tail, "utf8"));
      if (seal !== undefined) fs.writeSync(fd, sealLine(seal, hash.digest("hex")), 0, "utf8");
    } finally {
      fs.closeSync(fd);
    }
    fs.rmSync(this.body, { force: true });
    this.sealed = true;
  }

  /** Renames the finished file into place. */
  commit(): void {
    if (!this.sealed) throw new Error(`discover: ${this.file} was never finished`);
    fs.renameSync(this.temp, this.file);
  }

  /** Removes both temporary siblings. */
  discard(): void {
    fs.rmSync(this.body, { force: true });
    fs.rmSync(this.temp, { force: true });
  }
}
