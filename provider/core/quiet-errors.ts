// The Node dynamic-provider host logs every error a check, diff, read or delete throws to stderr,
// as `${error}: ${error.stack}`, before it passes the error on to the engine, which prints the
// message again. For an InputError (the program's fault: a provider stack trace explains nothing)
// that is the same message twice, the first time with the provider's stack. An error passed
// through `passedOnQuietly` is left to the engine alone: the host's log line of exactly that
// error is dropped, and nothing else is.
const awaited = new Set<string>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    if (args.length === 1 && typeof args[0] === "string" && awaited.delete(args[0])) return;
    original(...args);
  };
}

/** Returns `err`, whose log line by the provider host will not be printed (the engine prints it). */
export function passedOnQuietly<E extends Error>(err: E): E {
  install();
  awaited.add(`${err}: ${err.stack}`);
  return err;
}
