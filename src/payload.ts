import { DEFAULT_PLATFORM, type SubjectFields } from './subject.js';
import type { Payload } from './types.js';

/*
 * Payload building: plain functions that write Tracker Protocol keys (payload_data 1-0-4) into one
 * record. They run once per event, so they allocate only the record and the strings they add.
 */

/** Wrapper of `ue_px`/`ue_pr`. */
export const UNSTRUCT_EVENT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';
/** Wrapper of `cx`/`co`: 1-0-1 (as the Python tracker), which unlike 1-0-0 has no minItems. */
export const CONTEXTS_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1';

/** The tracker-wide parameters of every payload. */
export interface TrackerParams {
  tv: string;
  tna: string | undefined;
  aid: string | undefined;
}

let lastMs = -1;
let lastDtm = '';

/** The creation time (`dtm`) as text; the text is reused within one millisecond, where many events fall. */
export function creationTime(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastDtm = String(ms);
  }
  return lastDtm;
}

/** The device timestamp (`dtm`): the caller's `deviceTimestamp`, for a backfill or replay, else now. */
export function deviceTime(p: { deviceTimestamp?: number | null | undefined }): string {
  return p.deviceTimestamp == null ? creationTime() : String(p.deviceTimestamp);
}

/** Sets `key` when `value` is a non-empty string: empty, null and undefined are left out. */
export function put(out: Payload, key: string, value: string | null | undefined): void {
  if (value) out[key] = value;
}

/** Sets `key` to the decimal text of `value` when it is a number. */
export function putNumber(out: Payload, key: string, value: number | null | undefined): void {
  if (value != null) out[key] = String(value);
}

/**
 * Starts a payload: event type, id, tracker parameters, times, and the subject's fields with the
 * per-event subject's set fields winning.
 */
export function startPayload(
  e: string,
  eid: string,
  tracker: TrackerParams,
  subject: Readonly<SubjectFields>,
  override: Readonly<SubjectFields> | undefined,
  dtm: string,
  ttm: number | null | undefined,
): Payload {
  const o = override ?? subject;
  const out: Payload = { e, eid, tv: tracker.tv, p: o.p ?? subject.p ?? DEFAULT_PLATFORM, dtm };
  if (ttm != null) out.ttm = String(ttm);
  if (tracker.tna !== undefined) out.tna = tracker.tna;
  if (tracker.aid !== undefined) out.aid = tracker.aid;
  put(out, 'uid', o.uid ?? subject.uid);
  put(out, 'res', o.res ?? subject.res);
  put(out, 'vp', o.vp ?? subject.vp);
  put(out, 'cd', o.cd ?? subject.cd);
  put(out, 'tz', o.tz ?? subject.tz);
  put(out, 'lang', o.lang ?? subject.lang);
  put(out, 'ip', o.ip ?? subject.ip);
  put(out, 'ua', o.ua ?? subject.ua);
  put(out, 'duid', o.duid ?? subject.duid);
  put(out, 'tnuid', o.tnuid ?? subject.tnuid);
  put(out, 'sid', o.sid ?? subject.sid);
  put(out, 'vid', o.vid ?? subject.vid);
  return out;
}

/** Adds the event and contexts as encoded: base64url in `ue_px`/`cx`, or JSON text in `ue_pr`/`co`. */
export function putEncoded(
  out: Payload,
  ue: string | undefined,
  co: string | undefined,
  base64: boolean,
): void {
  if (base64) {
    if (ue !== undefined) out.ue_px = ue;
    if (co !== undefined) out.cx = co;
  } else {
    if (ue !== undefined) out.ue_pr = ue;
    if (co !== undefined) out.co = co;
  }
}

/**
 * Optional fast path an emitter may expose beside `input()`. When `inputJson` is a function, the Tracker
 * hands it each event as the JSON object text of its payload record (string values only, an `eid`, no
 * `stm`) instead of calling `input()`, so the event is serialised once, by the code that knows which
 * values need no escaping (it is called with the emitter as `this`, so a method works as well as a bound
 * function). Emitters without it (any plain `{ input }`) get payload records as before.
 */
export interface JsonInput {
  /** Accepts one event as JSON object text; undefined when the emitter wants records (e.g. GET). */
  readonly inputJson?: ((json: string) => void) | undefined;
}
