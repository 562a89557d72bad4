/**
 * The one rule for every `timeout` of `flush()` and `close()` (Tracker and emitters alike): a number of
 * milliseconds >= 0. A fraction is rounded up. Node turns a timer longer than 2^31-1 ms (24.8 days) into
 * 1 ms, so anything longer (`Infinity` included) means "no deadline" rather than "at once".
 */

/** The longest delay a Node timer keeps. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** True when `value` is a timeout the rule above accepts (undefined is checked by the caller). */
export function isTimeout(value: unknown): value is number {
  return typeof value === 'number' && value >= 0;
}

/** The timer delay for a checked timeout: undefined for none given or none needed (beyond MAX_TIMER_MS). */
export function timerDelay(timeout: number | undefined): number | undefined {
  if (timeout === undefined || timeout > MAX_TIMER_MS) return undefined;
  return Math.ceil(timeout);
}

/**
 * Settles as `work` does, or, when `ms` (a {@link timerDelay}) passes first, rejects with `onTimeout()`.
 * The timer is ref'd (a deadline the caller waits on must be able to fire) and cleared once settled.
 */
export function withDeadline<T>(
  work: Promise<T>,
  ms: number | undefined,
  onTimeout: () => Error,
): Promise<T> {
  if (ms === undefined) return work;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/**
 * Resolves true once `work` settled (either way), or false when `ms` (a timeout under the rule above) passed
 * first; the work goes on. What a close or a worker's stop waits with.
 */
export async function settledWithin(work: Promise<unknown>, ms: number | undefined): Promise<boolean> {
  const settled = work.then(
    () => true,
    () => true,
  );
  const delay = timerDelay(ms);
  if (delay === undefined) return settled;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(resolve, delay, false);
  });
  try {
    return await Promise.race([settled, expired]);
  } finally {
    clearTimeout(timer);
  }
}
