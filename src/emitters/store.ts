/**
 * Where an emitter keeps events between `input()` and the collector's answer. The interface is small and
 * synchronous so a user can plug in their own (for example one that mirrors events to disk); the default
 * {@link MemoryStore} is bounded in events and bytes and never drops an event without handing it back.
 */

import { checkKnownKeys } from '../option-keys.js';

/** One event as the emitter will put it on the wire. Stores keep it as is and never look inside `data`. */
export interface StoredEvent {
  /** Order of arrival at the emitter; `flush()` uses it to know which events it waits for. */
  readonly seq: number;
  /** The encoded event (a JSON object for POST, a query string for GET). */
  readonly data: string;
  /** What the event adds to a request, in bytes. */
  readonly bytes: number;
  /** Failed attempts so far; the emitter gives up after `retry.maxRetries`. */
  attempts: number;
}

/**
 * A FIFO of events with an "in flight" state: `take` hands events to a request, then the emitter either
 * `remove`s them (delivered or given up) or `restore`s them to the head of the queue (to retry). `count`
 * and `bytes` include events in flight, so returning a failed batch can never overflow the store.
 */
export interface EventStore {
  /** Events held, pending or in flight. */
  readonly count: number;
  /** Bytes held, pending or in flight. */
  readonly bytes: number;
  /** Events waiting to be taken. */
  readonly pendingCount: number;
  /**
   * Adds an event. Returns the events the store dropped to respect its bounds (possibly the new event
   * itself); the emitter reports every one of them, so a store must never drop without returning.
   */
  add(event: StoredEvent): readonly StoredEvent[];
  /** Takes up to `maxCount` pending events, oldest first, staying within `maxBytes` (always at least one). */
  take(maxCount: number, maxBytes: number): StoredEvent[];
  /** Puts events taken earlier back at the head of the queue, in the given order. */
  restore(events: readonly StoredEvent[]): void;
  /** Forgets events taken earlier (delivered, or given up and reported). */
  remove(events: readonly StoredEvent[]): void;
  /** Takes every pending event at once (used when a close times out, to report them). */
  takeAll(): StoredEvent[];
}

/** What {@link MemoryStore} does when an event would exceed its bounds. */
export type WhenFull = 'drop-oldest' | 'drop-newest';

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * The most events held (pending and in flight). Sized so that a minute of outage at 8,000 events/s
   * loses nothing (the default retries span at least 62 s). Memory: measured at about 1.4 KB of RSS per
   * held event of ~800 encoded bytes (bench/http.ts), so a full default store is several hundred MB;
   * lower it on small machines, or plug in a store that spills to disk.
   * @default 500_000
   */
  maxEvents?: number;
  /** The most bytes held (encoded size of the events). @default 536_870_912 (512 MiB) */
  maxBytes?: number;
  /**
   * Which event goes when the store is full: the oldest pending one (keeps the freshest data, as a ring
   * buffer) or the one being added. Either way it is reported to the emitter's `onFailure` and `onError`.
   * @default 'drop-oldest'
   */
  whenFull?: WhenFull;
}

/** The default store: an in-memory FIFO bounded by event count and bytes. */
export class MemoryStore implements EventStore {
  readonly maxEvents: number;
  readonly maxBytes: number;
  readonly whenFull: WhenFull;
  // A queue as an array plus a head index: shift() on a 100k-element array is O(n).
  #items: StoredEvent[] = [];
  #head = 0;
  #count = 0;
  #bytes = 0;

  constructor(options: MemoryStoreOptions = {}) {
    checkKnownKeys('MemoryStore', options, ['maxEvents', 'maxBytes', 'whenFull']);
    this.maxEvents = options.maxEvents ?? 500_000;
    this.maxBytes = options.maxBytes ?? 536_870_912;
    this.whenFull = options.whenFull ?? 'drop-oldest';
  }

  get count(): number {
    return this.#count;
  }
  get bytes(): number {
    return this.#bytes;
  }
  get pendingCount(): number {
    return this.#items.length - this.#head;
  }

  add(event: StoredEvent): readonly StoredEvent[] {
    const dropped: StoredEvent[] = [];
    while (this.#count + 1 > this.maxEvents || this.#bytes + event.bytes > this.maxBytes) {
      if (this.whenFull === 'drop-newest' || this.pendingCount === 0) return [event];
      const oldest = this.#items[this.#head] as StoredEvent;
      this.#head += 1;
      this.#forget(oldest);
      dropped.push(oldest);
    }
    this.#items.push(event);
    this.#count += 1;
    this.#bytes += event.bytes;
    return dropped;
  }

  take(maxCount: number, maxBytes: number): StoredEvent[] {
    let end = this.#head;
    let bytes = 0;
    while (end < this.#items.length && end - this.#head < maxCount) {
      const next = (this.#items[end] as StoredEvent).bytes;
      if (end > this.#head && bytes + next > maxBytes) break;
      bytes += next;
      end += 1;
    }
    const batch = this.#items.slice(this.#head, end);
    this.#head = end;
    this.#compact();
    return batch;
  }

  restore(events: readonly StoredEvent[]): void {
    if (events.length <= this.#head) {
      this.#head -= events.length;
      for (let i = 0; i < events.length; i += 1) this.#items[this.#head + i] = events[i] as StoredEvent;
    } else {
      this.#items = [...events, ...this.#items.slice(this.#head)];
      this.#head = 0;
    }
  }

  remove(events: readonly StoredEvent[]): void {
    for (const event of events) this.#forget(event);
  }

  takeAll(): StoredEvent[] {
    return this.take(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
  }

  #forget(event: StoredEvent): void {
    this.#count -= 1;
    this.#bytes -= event.bytes;
  }

  #compact(): void {
    // Drop the consumed prefix once it dominates, so memory follows the queue's length.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
