/**
 * What the collector stores, shaped like Snowplow Micro's GoodEvent and BadEvent so that tests written
 * for Micro read them unchanged; bad events also carry plowtype's field-by-field `reasons`.
 */
import type { CanonicalEvent } from './canonical.js';
import type { Reason } from './reasons.js';

/** Which adapter read the request: `com.snowplowanalytics.snowplow` with `tp1` (GET) or `tp2` (POST). */
export interface Api {
  vendor: string;
  version: string;
}

/** Where the request came from, as the collector saw it. */
export interface RequestContext {
  /** ISO time the collector received the request. */
  timestamp: string;
  ipAddress: string | null;
  useragent: string | null;
  refererUri: string | null;
  /** `Name: value` lines, then the content type on its own (as Micro lists them). */
  headers: string[];
  userId: string | null;
}

/** The collector that received the request. */
export interface Source {
  name: string;
  encoding: string;
  hostname: string | null;
}

/** One event as received, before enrichment: its parameters exactly as sent. */
export interface RawEvent {
  api: Api;
  parameters: Record<string, string>;
  contentType: string | null;
  source: Source;
  context: RequestContext;
}

/** A whole request as received (kept for bad events, which may not have one readable event). */
export interface CollectorPayload {
  api: Api;
  querystring: string[];
  contentType: string | null;
  body: string | null;
  source: Source;
  context: RequestContext;
}

/** An event that passed every check. Keys in Micro's order. */
export interface GoodEvent {
  rawEvent: RawEvent;
  /** The enriched event name: page_view, page_ping, struct, unstruct, transaction, transaction_item. */
  eventType: string;
  /** The event's schema: its own for unstruct events, a Snowplow one for the others. */
  schema: string;
  /** Iglu URIs of the attached entities, in order. */
  contexts: string[];
  /** The enriched event, built afresh on each read (so storing an event stays cheap). */
  readonly event: CanonicalEvent;
  incomplete: false;
}

/** A request or event that failed. `errors` is Micro's pair: a summary, then a compact JSON bad row. */
export interface BadEvent {
  collectorPayload: CollectorPayload | null;
  rawEvent: RawEvent | null;
  errors: string[];
  /** Every problem found, field by field. */
  reasons: Reason[];
}

/** Summary of what is stored (Micro's `/micro/all`). */
export interface Summary {
  total: number;
  good: number;
  bad: number;
}

const PROTOCOL_FAILURE = 'Error while extracting event(s) from collector payload and validating it/them.';
const SCHEMA_FAILURE = 'Error while validating the event.';

/** Builds a bad event: schema reasons read as a validation failure, the others as a protocol failure. */
export function badEvent(
  payload: CollectorPayload,
  rawEvent: RawEvent | null,
  reasons: Reason[],
  processor: string,
): BadEvent {
  const schemaViolation = rawEvent !== null && reasons.every((r) => r.schema !== undefined);
  const badRow = {
    schema: `iglu:com.snowplowanalytics.snowplow.badrows/${
      schemaViolation ? 'schema_violations' : 'tracker_protocol_violations'
    }/jsonschema/2-0-0`,
    data: {
      processor: { artifact: processor, version: '0' },
      failure: { timestamp: payload.context.timestamp, messages: reasons },
      payload: {
        raw: rawEvent
          ? { vendor: rawEvent.api.vendor, version: rawEvent.api.version, parameters: rawEvent.parameters }
          : null,
        enriched: rawEvent ? { event_id: rawEvent.parameters.eid ?? null } : null,
      },
    },
  };
  return {
    collectorPayload: payload,
    rawEvent,
    errors: [schemaViolation ? SCHEMA_FAILURE : PROTOCOL_FAILURE, JSON.stringify(badRow)],
    reasons,
  };
}

/** One stored record, as reported to `onEvent`. */
export type CollectedRecord = { kind: 'good'; event: GoodEvent } | { kind: 'bad'; event: BadEvent };
