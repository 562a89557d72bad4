/**
 * The bookkeeping behind `flush()`: each call waits for exactly the events that arrived before it. Events
 * settle out of order (concurrent requests, retries), so each waiter counts down the events at or below
 * its sequence number instead of watching the head of the queue.
 */
import type { StoredEvent } from './store.js';

interface Waiter {
  readonly upTo: number;
  remaining: number;
  readonly resolve: () => void;
}

/** Pending `flush()` calls of one emitter. */
export class FlushWaiters {
  #waiters: Waiter[] = [];

  /** True while some `flush()` is waiting (the emitter then sends batches smaller than bufferSize). */
  get active(): boolean {
    return this.#waiters.length > 0;
  }

  /** Waits for the `unsettled` events held now, whose sequence numbers are all <= `upTo`. */
  wait(upTo: number, unsettled: number): Promise<void> {
    if (unsettled === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#waiters.push({ upTo, remaining: unsettled, resolve });
    });
  }

  /** Records that `events` were delivered or given up, and releases the waiters that are done. */
  settle(events: readonly StoredEvent[]): void {
    if (this.#waiters.length === 0) return;
    for (const waiter of this.#waiters) {
      for (const event of events) if (event.seq <= waiter.upTo) waiter.remaining -= 1;
    }
    const done = this.#waiters.filter((waiter) => waiter.remaining <= 0);
    if (done.length === 0) return;
    this.#waiters = this.#waiters.filter((waiter) => waiter.remaining > 0);
    for (const waiter of done) waiter.resolve();
  }
}
