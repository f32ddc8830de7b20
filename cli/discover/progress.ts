// Progress of a long discovery: a bar on stderr when it is a terminal (never with --json),
// nothing otherwise.
import { SingleBar } from "cli-progress";
import { terminalText } from "./escape";

export interface Progress {
  /** More steps to do. */
  grow(steps: number): void;
  /** One step done. */
  tick(label: string): void;
  stop(): void;
}

export const silentProgress: Progress = { grow: () => undefined, tick: () => undefined, stop: () => undefined };

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return silentProgress;
  const bar = new SingleBar({ stream, format: "discovering [{bar}] {value}/{total} {label}", hideCursor: true, clearOnComplete: true });
  let total = 0;
  let started = false;
  return {
    grow(steps) {
      total += steps;
      if (!started) {
        bar.start(total, 0, { label: "" });
        started = true;
      } else {
        bar.setTotal(total);
      }
    },
    tick(label) {
      if (started) bar.increment(1, { label: terminalText(label) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
