// Runs work over items a few at a time, handing each result on in the items' order as soon as
// it and those before it are done, with only a bounded number started and not yet handed on.

/** Runs at most `limit` of the functions it is given at once. */
function limiter(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <R>(fn: () => Promise<R>): Promise<R> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/**
 * Runs `work` over `items`, at most `inFlight` at once, and hands each result to `emit` in the
 * items' order; at most `window` items are started and not yet handed on (a slow item holds
 * back the start of items `window` places after it, never more results than that in memory).
 * A failed `work` rejects with its error once the items before it are handed on.
 */
export async function inOrder<T, R>(items: readonly T[], limits: { inFlight: number; window: number }, work: (item: T) => Promise<R>, emit: (result: R) => void): Promise<void> {
  const run = limiter(limits.inFlight);
  const started: Array<Promise<R>> = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && started.length < Math.max(limits.window, 1)) {
      const item = items[next++];
      const p = run(() => work(item));
      // Awaited in turn below; a rejection meanwhile is not unhandled.
      p.catch(() => undefined);
      started.push(p);
    }
  };
  fill();
  while (started.length > 0) {
    emit(await (started.shift() as Promise<R>));
    fill();
  }
}
