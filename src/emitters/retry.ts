/**
 * When to try a failed request again, and how long to wait first. Pure functions, so the timing rules are
 * tested as tables; the emitter only owns the timer.
 */

/** Retry settings, fully resolved (see {@link RetryOptions} for the documented defaults). */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelay: number;
  readonly maxDelay: number;
  readonly maxRetryAfter: number;
  readonly noRetryStatuses: ReadonlySet<number>;
}

/** Options of an emitter's retries. */
export interface RetryOptions {
  /**
   * How many times one event is sent again after a retryable failure before it is given up and reported.
   * With the other defaults the retries of one event span at least ~60 s (between 62 s and 125 s with
   * jitter), so a minute of collector outage loses nothing.
   * @default 16
   */
  maxRetries?: number;
  /** The first backoff delay in ms; each consecutive failure doubles it. @default 500 */
  baseDelay?: number;
  /** The longest backoff delay in ms. @default 10_000 */
  maxDelay?: number;
  /** The longest wait in ms a collector's `Retry-After` header may ask for. @default 60_000 */
  maxRetryAfter?: number;
  /**
   * Statuses that are never retried: the events are reported failed at once.
   * 413 (and 414, 431) are not here: they split the batch instead.
   * @default [400, 401, 403, 410, 422]
   */
  noRetryStatuses?: readonly number[];
}

/** The default statuses that are never retried (a client error that sending again cannot fix). */
export const NO_RETRY_STATUSES: readonly number[] = [400, 401, 403, 410, 422];

/** Statuses meaning "the request is too big": split the batch, or give up on a single event. */
export const TOO_LARGE_STATUSES: ReadonlySet<number> = new Set([413, 414, 431]);

/**
 * The backoff before the next attempt after `failures` consecutive failures (1 for the first), with "equal
 * jitter": a random delay in [ceiling/2, ceiling] where ceiling = min(maxDelay, baseDelay * 2^(failures-1)).
 * Half the delay is kept so a crowd of trackers still backs off; the random half spreads them apart.
 */
export function backoffDelay(
  failures: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelay, policy.baseDelay * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Reads a `Retry-After` header (delay in seconds, or an HTTP date) as a delay in ms from `now`, capped at
 * `maxRetryAfter`. Returns undefined when the header is absent or unreadable, so backoff applies instead.
 */
export function parseRetryAfter(
  header: string | string[] | undefined,
  now: number,
  maxRetryAfter: number,
): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') return undefined;
  let delay: number;
  if (/^\d+$/.test(value)) delay = Number(value) * 1000;
  else {
    // An HTTP date starts with a day name; Date.parse would also accept "-5" as a year.
    const date = /^[A-Za-z]/.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(date)) return undefined;
    delay = Math.max(0, date - now);
  }
  return Math.min(delay, maxRetryAfter);
}

/** True when a non-2xx status may succeed if the same request is sent again later. */
export function isRetryableStatus(status: number, policy: RetryPolicy): boolean {
  return !policy.noRetryStatuses.has(status);
}
