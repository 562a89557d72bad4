/**
 * In-memory storage of good and bad events. Reads return newest first, as Micro does; filters follow
 * Micro's `/micro/good` and `/micro/bad` (exact matches, `limit` keeps the newest N).
 */
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
  /** How many of the oldest events were dropped to stay within `maxEvents` (since the last reset). */
  readonly dropped: number;
}

function newestFirst<T>(items: readonly T[], keep: (item: T) => boolean, limit: number | undefined): T[] {
  const out: T[] = [];
  for (let i = items.length - 1; i >= 0 && (limit === undefined || out.length < limit); i--) {
    const item = items[i] as T;
    if (keep(item)) out.push(item);
  }
  return out;
}

/**
 * Appends events and answers filtered reads. Each list keeps at most `maxEvents`; past that the oldest
 * is dropped and `onDrop` told, so a collector left running never grows without bound.
 */
export class EventStore implements CollectedEvents {
  #good: GoodEvent[] = [];
  #bad: BadEvent[] = [];
  #dropped = 0;

  constructor(
    private readonly maxEvents: number,
    private readonly onDrop: (dropped: number) => void,
  ) {}

  get dropped(): number {
    return this.#dropped;
  }

  addGood(event: GoodEvent): void {
    this.#add(this.#good, event);
  }

  addBad(event: BadEvent): void {
    this.#add(this.#bad, event);
  }

  reset(): void {
    this.#good = [];
    this.#bad = [];
    this.#dropped = 0;
  }

  #add<T>(list: T[], event: T): void {
    list.push(event);
    if (list.length > this.maxEvents) {
      list.shift();
      this.onDrop(++this.#dropped);
    }
  }

  good(filter: GoodFilter = {}): GoodEvent[] {
    const { eventType, schema, contexts = [], limit } = filter;
    return newestFirst(
      this.#good,
      (e) =>
        (eventType === undefined || e.eventType === eventType) &&
        (schema === undefined || e.schema === schema) &&
        contexts.every((c) => e.contexts.includes(c)),
      limit,
    );
  }

  bad(filter: BadFilter = {}): BadEvent[] {
    const { vendor, version, limit } = filter;
    return newestFirst(
      this.#bad,
      (e) => {
        const api = e.collectorPayload?.api;
        if (!api) return true;
        return (
          (vendor === undefined || api.vendor === vendor) &&
          (version === undefined || api.version === version)
        );
      },
      limit,
    );
  }

  summary(): Summary {
    return { total: this.#good.length + this.#bad.length, good: this.#good.length, bad: this.#bad.length };
  }
}
