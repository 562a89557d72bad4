/**
 * Where the `/micro` API reads from: the in-memory store (the default), or a store that outlives the
 * process (PostgreSQL). Reads are async and yield each event as JSON text, so a store of any size is
 * streamed and a database row goes out as it was written.
 */
import type { CollectedRecord, Summary } from './records.js';
import type { BadFilter, EventStore, GoodFilter } from './store.js';
import { eventDetail, queryRows, type UiEvent, type UiFilter, type UiPage } from './ui-query.js';

/** Micro's summary plus how many old events the bounds dropped. */
export type StorageSummary = Summary & { dropped: number };

/** The `/micro` API's view of the stored events. */
export interface EventStorage {
  /** Takes a record just stored in memory (a durable store writes it soon after, in batches). */
  add(record: CollectedRecord): void;
  /** Resolves once every record added so far is written. */
  flush(): Promise<void>;
  summary(): Promise<StorageSummary>;
  good(filter: GoodFilter): AsyncIterable<string>;
  bad(filter: BadFilter): AsyncIterable<string>;
  reset(): Promise<void>;
  close(): Promise<void>;
  /** Changes whenever an event is stored or the storage reset (lets the page skip unchanged polls). */
  version(): Promise<string>;
  /** One page of the inspector's rows under its filters, newest first, with how many match in all. */
  page(filter: UiFilter, offset: number, limit: number): Promise<UiPage>;
  /** One event in full for the inspector, or undefined when it is no longer stored. */
  event(seq: number): Promise<UiEvent | undefined>;
}

async function* asJson(items: Iterable<unknown>): AsyncGenerator<string> {
  for (const item of items) yield JSON.stringify(item);
}

/** The in-memory store as the API's storage: records are in it already when `add` is called. */
export function memoryStorage(store: EventStore): EventStorage {
  return {
    add: () => {},
    flush: async () => {},
    summary: async () => ({ ...store.summary(), dropped: store.dropped }),
    good: (filter) => asJson(store.good(filter)),
    bad: (filter) => asJson(store.bad(filter)),
    reset: async () => store.reset(),
    close: async () => {},
    version: async () => store.version,
    page: async (filter, offset, limit) => queryRows(store, filter, offset, limit),
    event: async (seq) => {
      const stored = store.find(seq);
      return stored && eventDetail(stored);
    },
  };
}
