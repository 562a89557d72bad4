/*
 * Base64 with the URL-safe alphabet (RFC 4648 section 5) over the UTF-8 bytes of a string, without
 * padding (Enrich decodes padded and unpadded alike). Buffer does the work natively, so non-ASCII text
 * round-trips (the seed's ASCII encoding crashed on it).
 */

// One scratch buffer, reused by every call, saves a Buffer allocation per encoded field on the hot path.
// Encoding is synchronous, so no call can see another's bytes. Allocated on first use, not at import.
const SCRATCH_BYTES = 16 * 1024;
let scratch: Buffer | undefined;

/** URL-safe base64 (no padding) of the UTF-8 bytes of `text`. */
export function encodeBase64Url(text: string): string {
  // A UTF-16 code unit never takes more than 3 UTF-8 bytes, so this bound guarantees the text fits.
  if (text.length * 3 > SCRATCH_BYTES) return Buffer.from(text, 'utf8').toString('base64url');
  scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES);
  const length = scratch.write(text, 0, 'utf8');
  return scratch.toString('base64url', 0, length);
}

/** Decodes URL-safe or standard base64, padded or not, into a UTF-8 string. */
export function decodeBase64Url(encoded: string): string {
  return Buffer.from(encoded, 'base64url').toString('utf8');
}

/*
 * Base64url of JSON written as UTF-8 bytes straight into the scratch buffer, for `ue_px` and `cx`. The
 * JSON text itself is never built: JSON.stringify, the string concatenation around it and the UTF-8
 * copy cost more than writing the bytes of plain data here (measured). Only plain data is written
 * (plain objects and arrays, strings, numbers, booleans, null, Date); anything else makes a write
 * return false, and the caller encodes JSON.stringify's text instead, so the bytes are always the same.
 */

let at = 0;
// Counts encodings started: a getter in the data that tracks an event starts another one, which spoils
// the bytes of the first; the first then sees the count moved and falls back to its caller's path.
let started = 0;
const rawPieces = new Map<string, Uint8Array>();
const dateToJson = Date.prototype.toJSON;

/** Starts a JSON-to-base64url encoding in the scratch buffer; returns its token for the end. */
export function jsonBytesStart(): number {
  scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES);
  at = 0;
  started += 1;
  return started;
}

/** Appends JSON text that needs no serialising (wrapper openings); its bytes are kept, there are few. */
export function jsonBytesRaw(text: string): boolean {
  let bytes = rawPieces.get(text);
  if (bytes === undefined) {
    if (rawPieces.size >= 4096) rawPieces.clear();
    bytes = Buffer.from(text, 'utf8');
    rawPieces.set(text, bytes);
  }
  if (at + bytes.length > SCRATCH_BYTES) return false;
  (scratch as Buffer).set(bytes, at);
  at += bytes.length;
  return true;
}

/** Appends ASCII-only JSON punctuation (`,`, `}}`...): byte by byte is cheaper than a lookup here. */
export function jsonBytesAscii(text: string): boolean {
  return putAscii(text);
}

/** Appends the JSON of `value`; false when it is not plain data (or does not fit). */
export function jsonBytesValue(value: unknown): boolean {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return false;
  try {
    return putValue(value, 0);
  } catch {
    // A getter or proxy trap threw: the caller's JSON.stringify path meets it again and reports it as
    // the ContractError it is, rather than this raw error escaping a track call.
    return false;
  }
}

/** The base64url of everything appended since {@link jsonBytesStart}; undefined if another started since. */
export function jsonBytesBase64(token: number): string | undefined {
  return token === started ? (scratch as Buffer).toString('base64url', 0, at) : undefined;
}

function putValue(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      return putString(value);
    case 'number':
      return putAscii(Number.isFinite(value) ? String(value) : 'null');
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

/** ASCII text (numbers, literals, punctuation), byte by byte. */
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
  const start = at;
  out[at++] = 0x22;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c < 0x20 || c === 0x22 || c === 0x5c) return putEscaped(text, start);
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
      if (!(low >= 0xdc00 && low <= 0xdfff)) return putEscaped(text, start); // a lone surrogate
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

/** Rewrites a string from `start` as JSON.stringify's text (escaped), UTF-8 encoded by Buffer. */
function putEscaped(text: string, start: number): boolean {
  at = start;
  at += (scratch as Buffer).write(JSON.stringify(text), at, 'utf8');
  return true;
}
