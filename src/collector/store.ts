/**
 * In-memory storage of good and bad events. Reads return newest first, as Micro does; filters follow
 * Micro's `/micro/good` and `/micro/bad` (exact matches, `limit` keeps the newest N). The store is bounded
 * in events (each kind) and in estimated bytes (both kinds together); past either bound the oldest
 * events go, and are counted.
 */
import { EventLog } from './event-log.js';
import { badEventSize, goodEventSize } from './record-size.js';
import type { BadEvent, GoodEvent, Summary } from './records.js';

/** Which good events to return. Every field is optional; all given ones must match. */
export interface GoodFilter {
  /** Equals `eventType` (page_view, struct, unstruct, ...). */
  eventType?: string;
  /** Equals `schema` (a full Iglu URI). */
  schema?: string;
  /** Every URI must be among the event's `contexts` (full Iglu URIs). */
  contexts?: readonly string[];
  /** Keep only the N newest. */
  limit?: number;
}

/** Which bad events to return, matched on the request's adapter; events with no payload always pass. */
export interface BadFilter {
  vendor?: string;
  version?: string;
  limit?: number;
}

/** Read access to what the collector received. */
export interface CollectedEvents {
  good(filter?: GoodFilter): GoodEvent[];
  bad(filter?: BadFilter): BadEvent[];
  summary(): Summary;
  /** How many of the oldest events were dropped to stay within the bounds (since the last reset). */
  readonly dropped: number;
}

/** A stored event with its arrival number (unique and increasing across both kinds) and its cost. */
export type Stored =
  | { seq: number; size: number; kind: 'good'; event: GoodEvent }
  | { seq: number; size: number; kind: 'bad'; event: BadEvent };

/** Bounds of the store. */
export interface StoreLimits {
  /** Most events of each kind. */
  maxEvents: number;
  /** Most estimated bytes, both kinds together. */
  maxBytes: number;
}

function take<T>(items: Iterable<T>, keep: (item: T) => boolean, limit: number | undefined): T[] {
  const out: T[] = [];
  if (limit === 0) return out;
  for (const item of items) {
    if (keep(item) && out.push(item) === limit) break;
  }
  return out;
}

/** Appends events and answers filtered reads, within its limits; `onDrop` hears of each drop. */
export class EventStore implements CollectedEvents {
  readonly #good = new EventLog<Stored & { kind: 'good' }>();
  readonly #bad = new EventLog<Stored & { kind: 'bad' }>();
  #seq = 0;
  #bytes = 0;
  #dropped = 0;
  #resets = 0;

  constructor(
    private readonly limits: StoreLimits,
    private readonly onDrop: (dropped: number) => void,
  ) {}

  get dropped(): number {
    return this.#dropped;
  }

  /** Estimated bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  addGood(event: GoodEvent): void {
    this.#add(this.#good, { seq: ++this.#seq, size: goodEventSize(event), kind: 'good', event });
  }

  addBad(event: BadEvent): void {
    this.#add(this.#bad, { seq: ++this.#seq, size: badEventSize(event), kind: 'bad', event });
  }

  reset(): void {
    this.#good.clear();
    this.#bad.clear();
    this.#bytes = 0;
    this.#dropped = 0;
    this.#resets++;
  }

  #add<T extends Stored>(log: EventLog<T>, stored: T): void {
    log.push(stored);
    this.#bytes += stored.size;
    if (log.length > this.limits.maxEvents) this.#drop(log);
    // Never the event just added: one event larger than the bound is still kept, alone.
    while (this.#bytes > this.limits.maxBytes && this.#good.length + this.#bad.length > 1) {
      const g = this.#good.peek();
      const b = this.#bad.peek();
      this.#drop(b === undefined || (g !== undefined && g.seq < b.seq) ? this.#good : this.#bad);
    }
  }

  #drop(log: EventLog<Stored>): void {
    const gone = log.shift();
    if (gone === undefined) return;
    this.#bytes -= gone.size;
    this.onDrop(++this.#dropped);
  }

  /** Changes whenever an event is stored or the store is reset (lets a page skip unchanged polls). */
  get version(): string {
    return `${this.#seq}.${this.#resets}`;
  }

  /** The stored event with arrival number `seq`, if it is still held. */
  find(seq: number): Stored | undefined {
    for (const log of [this.#good, this.#bad] as EventLog<Stored>[]) {
      for (const stored of log.newestFirst()) {
        if (stored.seq === seq) return stored;
        if (stored.seq < seq) break;
      }
    }
    return undefined;
  }

  /** Every stored event of both kinds, newest first. */
  *all(): Generator<Stored> {
    const good = this.#good.newestFirst();
    const bad = this.#bad.newestFirst();
    let g = good.next();
    let b = bad.next();
    while (!g.done || !b.done) {
      if (b.done || (!g.done && g.value.seq > b.value.seq)) {
        yield g.value as Stored;
        g = good.next();
      } else {
        yield b.value;
        b = bad.next();
      }
    }
  }

  good(filter: GoodFilter = {}): GoodEvent[] {
    const { eventType, schema, contexts = [], limit } = filter;
    const keep = (e: GoodEvent) =>
      (eventType === undefined || e.eventType === eventType) &&
      (schema === undefined || e.schema === schema) &&
      contexts.every((c) => e.contexts.includes(c));
    return take(this.#events(this.#good), keep, limit);
  }

  bad(filter: BadFilter = {}): BadEvent[] {
    const { vendor, version, limit } = filter;
    const keep = (e: BadEvent) => {
      const api = e.collectorPayload?.api;
      if (!api) return true;
      return (
        (vendor === undefined || api.vendor === vendor) && (version === undefined || api.version === version)
      );
    };
    return take(this.#events(this.#bad), keep, limit);
  }

  *#events<T>(log: EventLog<{ event: T }>): Generator<T> {
    for (const stored of log.newestFirst()) yield stored.event;
  }

  summary(): Summary {
    const good = this.#good.length;
    const bad = this.#bad.length;
    return { total: good + bad, good, bad };
  }
}
