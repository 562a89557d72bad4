/**
 * Turns the events of one request into stored records: each event is checked on its own and stored as
 * good or bad; a request that cannot be read at all becomes one bad record.
 */
import { canonicalEvent, type EventInputs, eventSchema } from './canonical.js';
import { EVENT_TYPES } from './protocol.js';
import { type Reason, reason } from './reasons.js';
import {
  type BadEvent,
  badEvent,
  type CollectedRecord,
  type CollectorPayload,
  type GoodEvent,
  type RawEvent,
} from './records.js';
import type { SchemaValidator } from './schemas.js';
import type { EventStorage } from './storage.js';
import type { EventStore } from './store.js';
import { type CheckedEvent, type OpenedEvent, openEvent, validateOpened } from './validate-event.js';

/** What ingestion needs from the collector. */
export interface IngestContext {
  store: EventStore;
  validator: SchemaValidator;
  /** Name and version reported as `v_collector`/`v_etl` and in bad rows. */
  collectorName: string;
  onRecord: (record: CollectedRecord) => void;
  /** Where the `/micro` API reads from; every record goes to it too. */
  storage: EventStorage;
  /** A client went away before its request was read: no collector error, nothing to store. */
  onAbort: (request: string) => void;
}

function storeBad(ctx: IngestContext, event: BadEvent): void {
  ctx.store.addBad(event);
  ctx.storage.add({ kind: 'bad', event });
  ctx.onRecord({ kind: 'bad', event });
}

/** Records a request that could not be read (bad JSON, wrong content type, too large, ...). */
export function rejectRequest(ctx: IngestContext, payload: CollectorPayload, reasons: Reason[]): void {
  storeBad(ctx, badEvent(payload, null, reasons, ctx.collectorName));
}

function storeOne(ctx: IngestContext, payload: CollectorPayload, checked: CheckedEvent): boolean {
  const rawEvent: RawEvent = {
    api: payload.api,
    parameters: checked.parameters,
    contentType: payload.contentType,
    source: payload.source,
    context: payload.context,
  };
  if (checked.reasons.length > 0) {
    storeBad(ctx, badEvent(payload, rawEvent, checked.reasons, ctx.collectorName));
    return !checked.malformed;
  }
  const p = checked.parameters;
  const inputs: EventInputs = {
    parameters: p,
    unstruct: checked.unstruct,
    contexts: checked.contexts,
    collectedAt: Date.parse(payload.context.timestamp),
    ipAddress: payload.context.ipAddress,
    useragent: payload.context.useragent,
    collector: ctx.collectorName,
  };
  const event = {
    rawEvent,
    eventType: EVENT_TYPES.get(p.e ?? '')?.eventType ?? '',
    schema: eventSchema(p, checked.unstruct),
    contexts: checked.contexts.map((c) => c.schema),
  } as GoodEvent;
  // The canonical event is built when read (and serialised, being enumerable): kept built, its ~60
  // fields would double what each stored event costs.
  Object.defineProperty(event, 'event', { enumerable: true, get: () => canonicalEvent(inputs) });
  event.incomplete = false;
  ctx.store.addGood(event);
  ctx.storage.add({ kind: 'good', event });
  ctx.onRecord({ kind: 'good', event });
  return true;
}

/** The result of `run`, or what it threw as an Error. */
function attempt<T>(run: () => T): T | Error {
  try {
    return run();
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Stores every event of a request, in order. `extra` parameters (a POST's query string) go into every
 * event; `early` are reasons the transport found (in a GET: a parameter given twice, or not UTF-8). Schemas not loaded yet (from HTTP
 * registries) are fetched first. Resolves false when an event was malformed (not an object, or a JSON parameter that does not
 * decode), which the HTTP layer answers with 400.
 */
export async function ingestEvents(
  ctx: IngestContext,
  payload: CollectorPayload,
  events: readonly unknown[],
  extra: Record<string, string> = {},
  early: readonly Reason[] = [],
): Promise<boolean> {
  // Query-string parameters apply to every event of a POST, as in Micro's tp2 adapter.
  const opened = events.map((item): OpenedEvent | Error | undefined => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
    return attempt(() => openEvent({ ...extra, ...item }, early));
  });
  await ctx.validator.prepare(
    opened.flatMap((o) =>
      o === undefined || o instanceof Error ? [] : o.entities.map((e) => e.entity.schema),
    ),
  );
  let wellFormed = true;
  opened.forEach((event, i) => {
    // One event that breaks the collector must not fail the batch: the events before it would be
    // stored again by every retry, and the ones after it never.
    const stored =
      event instanceof Error
        ? event
        : attempt(() => event && storeOne(ctx, payload, validateOpened(event, ctx.validator)));
    if (stored === true) return;
    wellFormed = false;
    if (stored instanceof Error) {
      rejectRequest(ctx, payload, [
        reason('body', `$.data[${i}]`, `Event could not be processed: ${stored.message}`),
      ]);
    } else if (event === undefined) {
      rejectRequest(ctx, payload, [reason('body', `$.data[${i}]`, 'Not an event: expected an object')]);
    }
  });
  // Stored before the answer, in a durable storage too: once a tracker's flush resolved, it can read.
  await ctx.storage.flush();
  return wellFormed;
}
