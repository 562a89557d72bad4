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
}

function newestFirst<T>(items: readonly T[], keep: (item: T) => boolean, limit: number | undefined): T[] {
  const out: T[] = [];
  for (let i = items.length - 1; i >= 0 && (limit === undefined || out.length < limit); i--) {
    const item = items[i] as T;
    if (keep(item)) out.push(item);
  }
  return out;
}

/** Appends events and answers filtered reads. */
export class EventStore implements CollectedEvents {
  #good: GoodEvent[] = [];
  #bad: BadEvent[] = [];

  addGood(event: GoodEvent): void {
    this.#good.push(event);
  }

  addBad(event: BadEvent): void {
    this.#bad.push(event);
  }

  reset(): void {
    this.#good = [];
    this.#bad = [];
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
