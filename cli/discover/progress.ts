// Progress of a long discovery: a bar on stderr when it is a terminal (never with --json); on
// a stderr that is not a terminal (a CI log), a line at every tenth of a long run (100 steps
// or more: an estate of many networks or thousands of Commvault groups), nothing for a short one.
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

/** The fewest steps for which a non-terminal stderr gets progress lines. */
export const LINE_PROGRESS_MIN_STEPS = 100;

/** A line at every tenth of a run of LINE_PROGRESS_MIN_STEPS steps or more (`write` takes each line). */
export function lineProgress(write: (line: string) => void, now: () => number = Date.now): Progress {
  let total = 0;
  let done = 0;
  let tenth = 0;
  const started = now();
  return {
    grow(steps) {
      total += steps;
    },
    tick() {
      done += 1;
      if (total < LINE_PROGRESS_MIN_STEPS) return;
      const reached = Math.floor((done * 10) / total);
      if (reached > tenth) {
        tenth = reached;
        write(`discover progress: ${done}/${total} (${Math.min(100, tenth * 10)}%) in ${((now() - started) / 1000).toFixed(1)} s\n`);
      }
    },
    stop: () => undefined,
  };
}

export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return lineProgress((line) => stream.write(line));
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
