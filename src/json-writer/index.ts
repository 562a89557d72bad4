import { encodeBase64Url } from '../base64.js';
import { startPayload, type TrackerParams } from '../payload.js';
import { SubjectFields } from '../subject.js';
import type { SelfDescribingJson } from '../types.js';
import { contextsBase64Bytes, eventBase64Bytes } from './base64-bytes.js';
import { contextsJson, eventJson, jsonString, payloadJson } from './json-text.js';

/*
 * The hot path's one JSON writer. Everything it writes equals what JSON.stringify writes for the same value
 * (test/core/json-writer.test.ts checks that property on arbitrary data); it is only faster, by skipping
 * the escape scan where the text is known to need none and by writing base64 from the data's bytes.
 */

export { jsonString, payloadJson } from './json-text.js';
export { isIgluUri } from './schema-opening.js';

/** What a writer is set up with: fixed for the life of its tracker. */
export interface EventJsonWriterOptions {
  /** The tracker-wide parameters of every payload. */
  tracker: TrackerParams;
  /** Event and entities as base64url (`ue_px`/`cx`), else as JSON text (`ue_pr`/`co`). */
  base64: boolean;
}

/** One self-describing event's payload, for {@link EventJsonWriter.unstructPayload}. */
export interface UnstructPayloadInput {
  /** The event id (`eid`). */
  eid: string;
  /** True when `eid` is a generated UUID (hex and dashes): it is then written without the escape scan. */
  eidIsGenerated: boolean;
  /** The tracker's subject (a per-event subject takes the record path, not this one). */
  subject: Readonly<SubjectFields>;
  /** The device timestamp (`dtm`), as decimal text. */
  dtm: string;
  /** The true timestamp (`ttm`), when the caller gave one. */
  ttm: number | null | undefined;
  /** The event as {@link EventJsonWriter.event} wrote it. */
  ue: string;
  /** The entities as {@link EventJsonWriter.contexts} wrote them, or undefined when none. */
  co: string | undefined;
}

/**
 * Writes one tracker's events as JSON text. Its one piece of state is a cache of the payload parts that
 * come from the tracker and its subject, the same for event after event: they are escaped once, not per
 * event, and rebuilt when a subject field changed. Each tracker owns its writer, so two trackers never
 * evict each other's parts.
 */
export class EventJsonWriter {
  readonly #tracker: TrackerParams;
  readonly #base64: boolean;
  /** A copy of the subject's fields the parts were built from, to notice a setter called since. */
  #fields: SubjectFields | undefined = undefined;
  /** `,"tv":..,"p":..,"dtm":"` */
  #head = '';
  /** `,"tna":..` through `,"vid":..`, each only when set. */
  #tail = '';

  constructor(options: EventJsonWriterOptions) {
    this.#tracker = options.tracker;
    this.#base64 = options.base64;
  }

  /**
   * The event as it is sent: base64url (`ue_px`) or JSON text (`ue_pr`). Data that cannot be JSON
   * (circular, bigint, a throwing getter, nothing at all) is a ContractError naming `method`.
   */
  event(event: SelfDescribingJson, method: string): string {
    if (!this.#base64) return eventJson(event, method);
    return eventBase64Bytes(event) ?? encodeBase64Url(eventJson(event, method));
  }

  /** The entities as they are sent: base64url (`cx`) or JSON text (`co`); undefined when none. */
  contexts(
    list: readonly SelfDescribingJson[] | null | undefined,
    method: string,
    argument: string,
  ): string | undefined {
    if (list == null || list.length === 0) return undefined;
    if (!this.#base64) return contextsJson(list, method, argument);
    return contextsBase64Bytes(list) ?? encodeBase64Url(contextsJson(list, method, argument));
  }

  /**
   * JSON text of a self-describing event's payload, written without building the record: equal to
   * `JSON.stringify()` of the record `startPayload()` and `putEncoded()` build with no per-event subject.
   */
  unstructPayload(input: UnstructPayloadInput): string {
    if (this.#fields === undefined || !sameFields(this.#fields, input.subject)) this.#rebuild(input.subject);
    const { ttm, dtm } = input;
    const eid = input.eidIsGenerated ? `"${input.eid}"` : jsonString(input.eid);
    const times = ttm == null ? `${dtm}"` : `${dtm}","ttm":${jsonString(String(ttm))}`;
    let json = `{"e":"ue","eid":${eid}${this.#head}${times}${this.#tail}`;
    if (this.#base64) {
      json += `,"ue_px":"${input.ue}"`;
      if (input.co !== undefined) json += `,"cx":"${input.co}"`;
    } else {
      json += `,"ue_pr":${JSON.stringify(input.ue)}`;
      if (input.co !== undefined) json += `,"co":${JSON.stringify(input.co)}`;
    }
    return `${json}}`;
  }

  /** Writes the tracker and subject parts of the payload JSON from the record the builders make. */
  #rebuild(subject: Readonly<SubjectFields>): void {
    const json = payloadJson(startPayload('', '', this.#tracker, subject, undefined, '', undefined));
    // The record's keys after eid, in order: tv, p, dtm, then tna, aid and the subject's (dtm is '' here).
    const dtmAt = json.indexOf(',"dtm":');
    this.#head = `${json.slice(json.indexOf(',"tv":'), dtmAt)},"dtm":"`;
    this.#tail = json.slice(dtmAt + ',"dtm":""'.length, -1);
    this.#fields = Object.assign(new SubjectFields(), subject);
  }
}

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
