/**
 * The wire format: how one event is encoded when it enters the emitter, and how a request is assembled
 * from encoded events at send time (when `stm` is known). Encoding once at input keeps the send path to
 * string concatenation.
 */
import { randomUUID } from 'node:crypto';
import type { Payload } from '../types.js';

/** The path of a POST request (seed and Tracker Protocol). */
export const POST_PATH = '/com.snowplowanalytics.snowplow/tp2';
/** The path of a GET request: one event per request. */
export const GET_PATH = '/i';
/** The schema every POST body is wrapped in. */
export const PAYLOAD_DATA_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4';

const BODY_HEAD = `{"schema":"${PAYLOAD_DATA_SCHEMA}","data":[`;
const BODY_TAIL = ']}';
/** A 13-digit epoch-ms `stm` is the same width until the year 2286. */
const STM_WIDTH = 13;
/** `,"stm":"<13 digits>"` added to each event, plus the comma between events. */
const POST_EVENT_OVERHEAD = ',"stm":""'.length + STM_WIDTH + 1;
/** The bytes of a POST body that are not events. */
export const POST_ENVELOPE_BYTES = BODY_HEAD.length + BODY_TAIL.length;

/** The HTTP method of an emitter. */
export type HttpMethod = 'get' | 'post';

/**
 * Gives an event an `eid` when it has none (so every retry and every emitter carries the same one), and
 * drops any `stm`, which belongs to the send time.
 */
function prepare(payload: Payload): Payload {
  if (payload.eid !== undefined && payload.stm === undefined) return payload;
  const { stm: _sent, ...rest } = payload;
  return rest.eid === undefined ? { ...rest, eid: randomUUID() } : rest;
}

/** Encodes one event for the wire, and what it will add to a request in bytes. */
export function encodeEvent(payload: Payload, method: HttpMethod): { data: string; bytes: number } {
  const event = prepare(payload);
  if (method === 'post') {
    const data = JSON.stringify(event);
    return { data, bytes: Buffer.byteLength(data) + POST_EVENT_OVERHEAD };
  }
  const data = queryString(event);
  return { data, bytes: data.length + GET_PATH.length + STM_WIDTH + 6 };
}

/** What a POST event given as JSON text (the Tracker's fast path) adds to a request, in bytes. */
export function postEventBytes(json: string): number {
  return Buffer.byteLength(json) + POST_EVENT_OVERHEAD;
}

/** What `String.prototype.toWellFormed` (Node 20, ES2024: not in this project's ES2023 lib) gives. */
type WellFormed = { toWellFormed(): string };

/**
 * A value ready for `encodeURIComponent`, which throws on a lone surrogate (what `title.slice(0, n)` leaves
 * when it cuts an emoji in half): each lone surrogate becomes U+FFFD, the rest is kept. POST needs no such
 * step: JSON escapes a lone surrogate (`\ud83d`).
 */
function wellFormed(value: unknown): string {
  return (String(value) as unknown as WellFormed).toWellFormed();
}

/** URL-encoded parameters in payload order, with `co`/`cx` last as the official trackers do. */
function queryString(event: Payload): string {
  const head: string[] = [];
  const tail: string[] = [];
  for (const key of Object.keys(event)) {
    const pair = `${encodeURIComponent(wellFormed(key))}=${encodeURIComponent(wellFormed(event[key]))}`;
    (key === 'co' || key === 'cx' ? tail : head).push(pair);
  }
  return head.concat(tail).join('&');
}

/** Turns encoded events back into payload records (for failure callbacks; never on the hot path). */
export function decodeEvents(data: readonly string[], method: HttpMethod): Payload[] {
  if (method === 'post') return data.map((one) => JSON.parse(one) as Payload);
  return data.map((one) => Object.fromEntries(new URLSearchParams(one)));
}

/**
 * The POST body for a batch: payload_data 1-0-4, each event with the same `stm` as its last key. Written
 * straight into one Buffer (from `allocate`, which the emitter serves from a pool) sized from the events'
 * `bytes`, so no string rope is built and flattened per request. The events' `bytes` must be those
 * `encodeEvent` gave: the size is trusted, not measured again.
 */
export function postBody(
  events: readonly { readonly data: string; readonly bytes: number }[],
  stm: string,
  allocate: (size: number) => Buffer = Buffer.allocUnsafe,
): Buffer {
  // Replaces each event's closing brace; `bytes` already counts it with a 13-digit stm and a comma.
  const member = `,"stm":"${stm}"}`;
  let size = POST_ENVELOPE_BYTES + events.length * Math.max(0, stm.length - STM_WIDTH);
  for (const event of events) size += event.bytes;
  const body = allocate(size);
  let at = body.write(BODY_HEAD, 0, 'latin1');
  for (let i = 0; i < events.length; i += 1) {
    const { data } = events[i] as { data: string };
    if (i > 0) body[at++] = 0x2c;
    at += body.write(data, at, 'utf8') - 1;
    at += body.write(data.length === 2 ? member.slice(1) : member, at, 'latin1');
  }
  at += body.write(BODY_TAIL, at, 'latin1');
  return body.subarray(0, at);
}

/** The path and query of a GET request for one event, `stm` first as the official trackers do. */
export function getPath(data: string, stm: string): string {
  return data === '' ? `${GET_PATH}?stm=${stm}` : `${GET_PATH}?stm=${stm}&${data}`;
}
