/**
 * An emitter's one backoff: consecutive failures counted, and the timer that ends the wait. Concurrent
 * requests failing together start one backoff, not one each; a success starts the count again.
 */
import { backoffDelay, type RetryPolicy } from './retry.js';

export class Backoff {
  #failures = 0;
  #timer: NodeJS.Timeout | undefined = undefined;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly onEnd: () => void,
  ) {}

  /** True while waiting: only the timer restarts sending then (no hot loop against a failing collector). */
  get waiting(): boolean {
    return this.#timer !== undefined;
  }

  /**
   * Starts waiting after one more failure, unless already waiting. `Retry-After` is a floor: never sooner
   * than asked, never sooner than the backoff (no hot loop on 0). unref'd: a script that ends without
   * close() reaches the exit hook, which flushes for at most exitTimeout and reports the rest.
   */
  start(retryAfter: number | undefined): void {
    if (this.#timer !== undefined) return;
    this.#failures += 1;
    const delay = Math.max(retryAfter ?? 0, backoffDelay(this.#failures, this.policy));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.onEnd();
    }, delay).unref();
  }

  /** A request succeeded: the next failure waits baseDelay again. */
  reset(): void {
    this.#failures = 0;
  }

  /** Stops waiting for good (close). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
