import type { SelfDescribingJson } from '../types.js';
import { CX_PREFIX, UE_PREFIX } from './json-text.js';
import { schemaOpening } from './schema-opening.js';

/*
 * Base64url of the wrapped event or contexts JSON, written as UTF-8 bytes straight into a scratch buffer
 * (`ue_px` and `cx`). The JSON text itself is never built: JSON.stringify, the string concatenation around
 * it and the UTF-8 copy cost more than writing the bytes of plain data here (measured). Only plain data is
 * written (plain objects and arrays, strings, numbers, booleans, null, Date); anything else makes the
 * write give up (undefined), and the caller encodes JSON.stringify's text instead, so the bytes are always
 * JSON.stringify's. A non-finite number gives up too: the text path turns it into a ContractError.
 *
 * The state below is this file's alone: no caller sees or keeps it in step. One buffer serves the process
 * because encoding is synchronous; `started` counts encodings begun, so one that a getter in the data
 * interrupts (by tracking another event) sees the count moved and gives up rather than return spoilt bytes.
 */

const SCRATCH_BYTES = 16 * 1024;
let scratch: Buffer | undefined; // allocated on first use, not at import
let at = 0;
let started = 0;
const dateToJson = Date.prototype.toJSON;
const UE_PREFIX_BYTES = Buffer.from(UE_PREFIX, 'utf8');
const CX_PREFIX_BYTES = Buffer.from(CX_PREFIX, 'utf8');

/** `ue_px`: base64url of the unstruct_event JSON of `event`; undefined when its data is not plain. */
export function eventBase64Bytes(event: SelfDescribingJson): string | undefined {
  const token = start();
  const plain = putBytes(UE_PREFIX_BYTES) && putSelfDescribing(event) && putAscii('}');
  return plain ? end(token) : undefined;
}

/** `cx`: base64url of the contexts JSON of a non-empty `list`; undefined when some data is not plain. */
export function contextsBase64Bytes(list: readonly SelfDescribingJson[]): string | undefined {
  const token = start();
  let plain = putBytes(CX_PREFIX_BYTES);
  for (let i = 0; plain && i < list.length; i++) {
    plain = (i === 0 || putAscii(',')) && putSelfDescribing(list[i] as SelfDescribingJson);
  }
  return plain && putAscii(']}') ? end(token) : undefined;
}

function start(): number {
  scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES);
  at = 0;
  started += 1;
  return started;
}

function end(token: number): string | undefined {
  return token === started ? (scratch as Buffer).toString('base64url', 0, at) : undefined;
}

/** `{"schema":"<uri>","data":<data>}` */
function putSelfDescribing({ schema, data }: SelfDescribingJson): boolean {
  if (data === undefined || typeof data === 'function' || typeof data === 'symbol') return false;
  const opening = schemaOpening(schema);
  if (!putBytes(opening.bytes)) return false;
  try {
    return putValue(data, 0) && putAscii('}');
  } catch {
    // A getter or proxy trap threw: the caller's JSON.stringify path meets it again and reports it as
    // the ContractError it is, rather than this raw error escaping a track call.
    return false;
  }
}

function putBytes(bytes: Uint8Array): boolean {
  if (at + bytes.length > SCRATCH_BYTES) return false;
  (scratch as Buffer).set(bytes, at);
  at += bytes.length;
  return true;
}

function putValue(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      return putString(value);
    case 'number':
      // NaN and ±Infinity have no JSON: the JSON text path names them in a ContractError.
      return Number.isFinite(value) && putAscii(String(value));
    case 'boolean':
      return putAscii(value ? 'true' : 'false');
    case 'object':
      break;
    default:
      return false; // bigint (JSON.stringify throws); undefined, function, symbol are handled by callers
  }
  if (value === null) return putAscii('null');
  const proto = Object.getPrototypeOf(value);
  if (proto === Date.prototype && (value as Date).toJSON === dateToJson) {
    const iso = (value as Date).toJSON();
    return iso === null ? putAscii('null') : putString(iso);
  }
  if (depth > 32 || (value as { toJSON?: unknown }).toJSON !== undefined) return false;
  const out = scratch as Buffer;
  if (Array.isArray(value)) {
    if (proto !== Array.prototype || at + 1 > SCRATCH_BYTES) return false;
    out[at++] = 0x5b;
    for (let i = 0; i < value.length; i++) {
      if (i > 0 && !putAscii(',')) return false;
      const item: unknown = value[i];
      const skipped = item === undefined || typeof item === 'function' || typeof item === 'symbol';
      if (!(skipped ? putAscii('null') : putValue(item, depth + 1))) return false;
    }
    return putAscii(']');
  }
  if ((proto !== Object.prototype && proto !== null) || at + 1 > SCRATCH_BYTES) return false;
  out[at++] = 0x7b;
  let first = true;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    if (!((first || putAscii(',')) && putString(key) && putAscii(':') && putValue(item, depth + 1))) {
      return false;
    }
    first = false;
  }
  return putAscii('}');
}

/** ASCII text (numbers, literals, punctuation), byte by byte: cheaper than a call into Buffer here. */
function putAscii(text: string): boolean {
  if (at + text.length > SCRATCH_BYTES) return false;
  const out = scratch as Buffer;
  for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
  return true;
}

/**
 * A JSON string, UTF-8 encoded here byte by byte (a call into Buffer's encoder costs more than the
 * loop for event-sized strings). Text that JSON escapes (quotes, backslashes, control characters, lone
 * surrogates) is rare: it is written as JSON.stringify's text.
 */
function putString(text: string): boolean {
  // UTF-8 takes at most 3 bytes per UTF-16 unit; an escape (\uXXXX) at most 6 per unit, plus quotes.
  if (at + text.length * 6 + 2 > SCRATCH_BYTES) return false;
  const out = scratch as Buffer;
  const begin = at;
  out[at++] = 0x22;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c < 0x20 || c === 0x22 || c === 0x5c) return putEscaped(text, begin);
      out[at++] = c;
    } else if (c < 0x800) {
      out[at++] = 0xc0 | (c >> 6);
      out[at++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      out[at++] = 0xe0 | (c >> 12);
      out[at++] = 0x80 | ((c >> 6) & 0x3f);
      out[at++] = 0x80 | (c & 0x3f);
    } else {
      const low = c <= 0xdbff ? text.charCodeAt(i + 1) : 0; // NaN past the end
      if (!(low >= 0xdc00 && low <= 0xdfff)) return putEscaped(text, begin); // a lone surrogate
      const point = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
      out[at++] = 0xf0 | (point >> 18);
      out[at++] = 0x80 | ((point >> 12) & 0x3f);
      out[at++] = 0x80 | ((point >> 6) & 0x3f);
      out[at++] = 0x80 | (point & 0x3f);
      i += 1;
    }
  }
  out[at++] = 0x22;
  return true;
}

/** Rewrites a string from `begin` as JSON.stringify's text (escaped), UTF-8 encoded by Buffer. */
function putEscaped(text: string, begin: number): boolean {
  at = begin;
  at += (scratch as Buffer).write(JSON.stringify(text), at, 'utf8');
  return true;
}
