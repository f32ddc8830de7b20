// discover's own files: the seal on each file's first line (the hash of the rest), which tells
// a file discover wrote and nobody changed since (it may replace it) from one it must not replace.
import { createHash } from "node:crypto";
import * as fs from "node:fs";

/** The seal line between its comment marker and the hash. */
const SEAL_PREFIX = " pulumi-wickr-commvault discover: sha256 ";
/** The first line of a file discover wrote: the hash of the rest, to tell whether anyone changed it since. */
const SEAL = /^(?:\/\/|#) pulumi-wickr-commvault discover: sha256 ([0-9a-f]{64})\n/;
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
/** The seal line of a body whose hash is `hash`, a comment of the file's language (`//`, or `#` for YAML). */
export const sealLine = (comment: "//" | "#", hash: string) => `${comment}${SEAL_PREFIX}${hash}\n`;
/** `body` with the seal as its first line. */
export const sealed = (body: string, comment: "//" | "#" = "//") => `${sealLine(comment, sha256(body))}${body}`;

/** True when `text` is a file discover wrote, unchanged since. */
export function isUnchangedOutput(text: string): boolean {
  const seal = SEAL.exec(text);
  return seal !== null && sha256(text.slice(seal[0].length)) === seal[1];
}

/** The files among `files` that exist and are not discover's own unchanged output (which it may replace). */
export function filesItMustNotReplace(files: Iterable<string>): string[] {
  return [...files].filter((file) => {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return false;
      return true;
    }
    return !isUnchangedOutput(text);
  });
}

/** Refuses, naming them, to replace files discover did not write or that were edited since (unless `force`). */
export function refuseToReplace(files: Iterable<string>, force: boolean): void {
  if (force) return;
  const kept = filesItMustNotReplace(files);
  if (kept.length > 0) {
    throw new Error(
      `refusing to replace ${kept.map((f) => JSON.stringify(f)).join(", ")}: not written by discover, or edited since. ` +
        "Choose another --out, move the file away, or pass --force to replace it.",
    );
  }
}
