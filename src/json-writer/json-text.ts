import { breach, describeValue } from '../contracts.js';
import { ContractError } from '../errors.js';
import { CONTEXTS_SCHEMA, UNSTRUCT_EVENT_SCHEMA } from '../payload.js';
import type { Payload, SelfDescribingJson } from '../types.js';
import { schemaOpening } from './schema-opening.js';

/*
 * JSON text, equal to JSON.stringify's, written faster where the writer knows which values need no escape
 * scan. Data of unknown shape always goes through JSON.stringify itself.
 */

/** `{"schema":"<unstruct_event>","data":`, closed by `}` after the event. */
export const UE_PREFIX = `{"schema":"${UNSTRUCT_EVENT_SCHEMA}","data":`;
/** `{"schema":"<contexts>","data":[`, closed by `]}` after the entities. */
export const CX_PREFIX = `{"schema":"${CONTEXTS_SCHEMA}","data":[`;

/** A string as JSON: quoted as is when nothing needs escaping (the usual case), else by JSON.stringify. */
export function jsonString(value: string): string {
  return needsEscape(value) ? JSON.stringify(value) : `"${value}"`;
}

/** True when JSON.stringify escapes some character of `text`. */
function needsEscape(text: string): boolean {
  // A loop, not a regex: the values here are short, where a regex call costs more than the scan.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // What JSON.stringify escapes: control characters, quote, backslash, surrogates (when lone).
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

/**
 * JSON text of a payload record, equal to `JSON.stringify(record)`. `ue_px` and `cx` are the tracker's
 * base64url text (it sets them after the plugins ran), so they are written without the escape scan that
 * costs JSON.stringify most of its time (they are most of the bytes). A record a plugin gave a key that
 * needs escaping, or a value that is not a string (`uid = undefined` to scrub it, a number), is rare:
 * JSON.stringify writes that one.
 */
export function payloadJson(record: Payload): string {
  let json = '{"';
  let first = true;
  for (const key of Object.keys(record)) {
    const value: unknown = record[key];
    if (typeof value !== 'string' || needsEscape(key)) return JSON.stringify(record);
    if (first) first = false;
    else json += ',"';
    json += key === 'ue_px' || key === 'cx' ? `${key}":"${value}"` : `${key}":${jsonString(value)}`;
  }
  return first ? '{}' : `${json}}`;
}

/** `ue_pr`: JSON text of the event wrapped in unstruct_event 1-0-0. */
export function eventJson(event: SelfDescribingJson, method: string): string {
  return `${UE_PREFIX}${selfDescribingJson(event, method, 'event', -1)}}`;
}

/** `co`: JSON text of a non-empty list of entities wrapped in contexts 1-0-1. */
export function contextsJson(list: readonly SelfDescribingJson[], method: string, argument: string): string {
  let json = CX_PREFIX;
  for (let i = 0; i < list.length; i++) {
    if (i > 0) json += ',';
    json += selfDescribingJson(list[i] as SelfDescribingJson, method, argument, i);
  }
  return `${json}]}`;
}

function selfDescribingJson(
  sdj: SelfDescribingJson,
  method: string,
  argument: string,
  index: number,
): string {
  const json = dataJson(sdj.data, method, argument, index);
  // JSON.stringify writes NaN and ±Infinity as `null`: only text holding a null can hide one.
  if (json.includes('null')) checkFinite(sdj, method, argument, index);
  return `${schemaOpening(sdj.schema).text}${json}}`;
}

/**
 * JSON text of the `data` of a self-describing JSON named `argument` (with `index` when it is one of an
 * array). Circular structures, bigints, throwing getters and data that serialises to nothing become a
 * ContractError even when contracts are off: the alternative is a broken payload (likewise a non-finite
 * number, see checkFinite). The path is only built on failure.
 */
function dataJson(value: unknown, method: string, argument: string, index: number): string {
  let json: string | undefined;
  try {
    json = stringifyData(value);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    const got = `data that fails: ${why}`;
    throw new ContractError(method, dataPath(argument, index), 'JSON-serialisable data', got, { cause });
  }
  if (json === undefined) breach(method, dataPath(argument, index), 'JSON-serialisable data', value);
  return json;
}

/**
 * JSON.stringify of `value` as the `data` of an object: a `toJSON` method is called with the key `'data'`,
 * as when the whole payload is stringified (the official tracker's way), not with `''`.
 */
function stringifyData(value: unknown): string | undefined {
  if (typeof (value as { toJSON?: unknown } | null | undefined)?.toJSON !== 'function') {
    return JSON.stringify(value);
  }
  const wrapped = JSON.stringify({ data: value });
  return wrapped === '{}' ? undefined : wrapped.slice('{"data":'.length, -1);
}

/**
 * Throws the ContractError for the first NaN or ±Infinity that JSON.stringify would write as `null`
 * (after `toJSON`), naming the schema and the field's path; the data's own nulls pass. Sending `null` in
 * a number's place would turn the event into a different one without a word.
 */
function checkFinite(sdj: SelfDescribingJson, method: string, argument: string, index: number): void {
  const path = nonFinitePath(sdj.data);
  if (path === undefined) return;
  const schema = typeof sdj.schema === 'string' ? sdj.schema : describeValue(sdj.schema);
  const got = `number ${String(path.value)}`;
  const where = `${index < 0 ? argument : `${argument}[${index}]`}${path.at}`;
  throw new ContractError(method, where, `a finite number (schema ${schema})`, got);
}

/** The path (from the self-describing JSON, `.data…`) and value of the first non-finite number. */
function nonFinitePath(data: unknown): { at: string; value: number } | undefined {
  const paths = new WeakMap<object, string>();
  let found: { at: string; value: number } | undefined;
  JSON.stringify({ data }, function (this: object, key: string, value: unknown) {
    if (found !== undefined) return undefined;
    const at = key === '' ? '' : `${paths.get(this) ?? ''}${segment(this, key)}`;
    const number = value instanceof Number ? value.valueOf() : value;
    if (typeof number === 'number' && !Number.isFinite(number)) found = { at, value: number };
    else if (typeof value === 'object' && value !== null) paths.set(value, at);
    return value;
  });
  return found;
}

/** `[0]` for an array item, `.name` for an identifier key, else `["key"]`. */
function segment(holder: object, key: string): string {
  if (Array.isArray(holder)) return `[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function dataPath(argument: string, index: number): string {
  return index < 0 ? `${argument}.data` : `${argument}[${index}].data`;
}
