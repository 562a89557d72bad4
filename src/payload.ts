import {
  encodeBase64Url,
  jsonBytesAscii,
  jsonBytesBase64,
  jsonBytesRaw,
  jsonBytesStart,
  jsonBytesValue,
} from './base64.js';
import { dataToJson, openingOf } from './json-contracts.js';
import { DEFAULT_PLATFORM, SubjectFields } from './subject.js';
import type { Payload, SelfDescribingJson } from './types.js';

/*
 * Payload building: plain functions that write Tracker Protocol keys (payload_data 1-0-4) into one
 * record. They run once per event, so they allocate only the record and the strings they add.
 */

/** Wrapper of `ue_px`/`ue_pr`. */
export const UNSTRUCT_EVENT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';
/** Wrapper of `cx`/`co`: 1-0-1 (as the Python tracker), which unlike 1-0-0 has no minItems. */
export const CONTEXTS_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1';

const UE_PREFIX = `{"schema":"${UNSTRUCT_EVENT_SCHEMA}","data":`;
const CX_PREFIX = `{"schema":"${CONTEXTS_SCHEMA}","data":[`;

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

/** JSON text of one self-describing JSON. */
function selfDescribingJson(
  sdj: SelfDescribingJson,
  method: string,
  argument: string,
  index: number,
): string {
  return `${openingOf(sdj.schema)}${dataToJson(sdj.data, method, argument, index)}}`;
}

/** JSON of the event wrapped in unstruct_event 1-0-0 (`ue_pr`, or base64 in `ue_px`). */
export function eventJson(event: SelfDescribingJson, method: string, argument: string): string {
  return `${UE_PREFIX}${selfDescribingJson(event, method, argument, -1)}}`;
}

/** JSON of the entities wrapped in contexts 1-0-1 (`co`, or base64 in `cx`); undefined when none. */
export function contextsJson(
  contexts: readonly SelfDescribingJson[] | null | undefined,
  method: string,
  argument: string,
): string | undefined {
  if (contexts == null || contexts.length === 0) return undefined;
  let json = CX_PREFIX;
  for (let i = 0; i < contexts.length; i++) {
    if (i > 0) json += ',';
    json += selfDescribingJson(contexts[i] as SelfDescribingJson, method, argument, i);
  }
  return `${json}]}`;
}

/** `ue_px`: base64url of {@link eventJson}'s text, encoded from the data's bytes when it is plain. */
export function eventBase64(event: SelfDescribingJson, method: string, argument: string): string {
  const token = jsonBytesStart();
  const { schema, data } = event;
  const plain =
    jsonBytesRaw(UE_PREFIX) &&
    jsonBytesRaw(openingOf(schema)) &&
    jsonBytesValue(data) &&
    jsonBytesAscii('}}');
  return (plain && jsonBytesBase64(token)) || encodeBase64Url(eventJson(event, method, argument));
}

/** `cx`: base64url of {@link contextsJson}'s text (undefined when none), from the data's bytes when plain. */
export function contextsBase64(
  contexts: readonly SelfDescribingJson[] | null | undefined,
  method: string,
  argument: string,
): string | undefined {
  if (contexts == null || contexts.length === 0) return undefined;
  const token = jsonBytesStart();
  let plain = jsonBytesRaw(CX_PREFIX);
  for (let i = 0; plain && i < contexts.length; i++) {
    const { schema, data } = contexts[i] as SelfDescribingJson;
    plain = (i === 0 || jsonBytesAscii(',')) && jsonBytesRaw(openingOf(schema)) && jsonBytesValue(data);
    plain &&= jsonBytesAscii('}');
  }
  plain &&= jsonBytesAscii(']}');
  return (
    (plain && jsonBytesBase64(token)) || encodeBase64Url(contextsJson(contexts, method, argument) as string)
  );
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

/** A string as JSON: quoted as is when nothing needs escaping (the usual case), else by JSON.stringify. */
export function jsonString(value: string): string {
  // A loop, not a regex: the values here are short, where a regex call costs more than the scan.
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // What JSON.stringify escapes: control characters, quote, backslash, surrogates (when lone).
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(value);
  }
  return `"${value}"`;
}

/**
 * JSON text of a payload record the builders above just wrote, equal to `JSON.stringify(out)`. Keys are
 * the builders' identifiers and `ue_px`/`cx` their base64url text, so those are written without the
 * escape scan that costs JSON.stringify most of its time (they are most of the bytes).
 */
export function payloadJson(out: Payload): string {
  let json = '{"';
  let first = true;
  for (const key of Object.keys(out)) {
    const value = out[key] as string;
    if (first) first = false;
    else json += ',"';
    json += key === 'ue_px' || key === 'cx' ? `${key}":"${value}"` : `${key}":${jsonString(value)}`;
  }
  return first ? '{}' : `${json}}`;
}

/** The parts of a payload's JSON that come from the tracker and its subject, between `eid` and `dtm`. */
interface SubjectJson {
  params: TrackerParams | undefined;
  /** A copy of the subject's fields the parts were built from, to notice a setter called since. */
  fields: SubjectFields;
  /** `,"tv":..,"p":..,"dtm":"` */
  head: string;
  /** `,"tna":..` through `,"vid":..`, each only when set. */
  tail: string;
}

const subjectJson: SubjectJson = { params: undefined, fields: new SubjectFields(), head: '', tail: '' };

function sameFields(a: Readonly<SubjectFields>, b: Readonly<SubjectFields>): boolean {
  return (
    a.p === b.p &&
    a.uid === b.uid &&
    a.res === b.res &&
    a.vp === b.vp &&
    a.cd === b.cd &&
    a.tz === b.tz &&
    a.lang === b.lang &&
    a.ip === b.ip &&
    a.ua === b.ua &&
    a.duid === b.duid &&
    a.tnuid === b.tnuid &&
    a.sid === b.sid &&
    a.vid === b.vid
  );
}

/**
 * The tracker and subject parts of the JSON, rebuilt only when the tracker or a subject field changed:
 * they are the same for event after event, so their escaping is done once, not per event.
 */
function subjectParts(tracker: TrackerParams, subject: Readonly<SubjectFields>): SubjectJson {
  const c = subjectJson;
  if (c.params === tracker && sameFields(c.fields, subject)) return c;
  const record = startPayload('', '', tracker, subject, undefined, '', undefined);
  const json = payloadJson(record);
  // The record's keys after eid, in order: tv, p, dtm, then tna, aid and the subject's (dtm is '' here).
  const dtmAt = json.indexOf(',"dtm":');
  c.head = `${json.slice(json.indexOf(',"tv":'), dtmAt)},"dtm":"`;
  c.tail = json.slice(dtmAt + ',"dtm":""'.length, -1);
  c.params = tracker;
  c.fields = Object.assign(new SubjectFields(), subject);
  return c;
}

/**
 * JSON text of a self-describing event's payload without building the record: equal to
 * `payloadJson()` of what `startPayload()` and `putEncoded()` build with no per-event subject. `eidJson`
 * is the event id as JSON text ({@link jsonString}); `ue` and `co` are encoded as `putEncoded()` takes them.
 */
export function unstructPayloadJson(
  eidJson: string,
  tracker: TrackerParams,
  subject: Readonly<SubjectFields>,
  dtm: string,
  ttm: number | null | undefined,
  ue: string,
  co: string | undefined,
  base64: boolean,
): string {
  const parts = subjectParts(tracker, subject);
  const times = ttm == null ? `${dtm}"` : `${dtm}","ttm":${jsonString(String(ttm))}`;
  let json = `{"e":"ue","eid":${eidJson}${parts.head}${times}${parts.tail}`;
  if (base64) {
    json += `,"ue_px":"${ue}"`;
    if (co !== undefined) json += `,"cx":"${co}"`;
  } else {
    json += `,"ue_pr":${JSON.stringify(ue)}`;
    if (co !== undefined) json += `,"co":${JSON.stringify(co)}`;
  }
  return `${json}}`;
}
