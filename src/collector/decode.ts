/**
 * Decoding of the JSON-carrying parameters: `ue_px`/`cx` are base64 (URL-safe or standard alphabet,
 * padded or not, over UTF-8), `ue_pr`/`co` are plain JSON. Every failure says what was wrong, so a bad
 * event can report it field by field.
 */

/** A decoded value, or the reason it could not be decoded. */
export type Decoded = { ok: true; value: unknown } | { ok: false; message: string };

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes base64 in either alphabet, with or without padding. Node's own decoder skips characters it does
 * not know, so the shape is checked first: otherwise garbage would decode to something.
 */
export function decodeBase64(input: string): { ok: true; value: string } | { ok: false; message: string } {
  const body = input.replace(/=+$/, '');
  if (
    !BASE64.test(input) ||
    body.length % 4 === 1 ||
    (input.length !== body.length && input.length % 4 !== 0)
  ) {
    return { ok: false, message: 'Not valid base64' };
  }
  const text = decodeUtf8(Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  return text.ok ? text : { ok: false, message: 'Base64 does not decode to UTF-8 text' };
}

/** Decodes UTF-8 bytes, refusing invalid sequences instead of replacing them. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; value: string } | { ok: false; message: string } {
  try {
    return { ok: true, value: utf8.decode(bytes) };
  } catch {
    return { ok: false, message: 'Not valid UTF-8' };
  }
}

/**
 * Deepest nesting of arrays and objects accepted: Jackson's default (StreamReadConstraints), which
 * Snowplow's pipeline parses with. Deeper JSON would also overflow the stack of whatever recursed
 * over it later (a validator on a recursive schema, JSON.stringify on a read).
 */
export const MAX_JSON_DEPTH = 1000;

/** True when `value` nests arrays and objects deeper than `limit` (the walk stops at the limit). */
function deeperThan(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  for (const key in value) {
    if (deeperThan((value as Record<string, unknown>)[key], limit - 1)) return true;
  }
  return false;
}

/** Parses JSON text, naming the parse error; JSON nested deeper than {@link MAX_JSON_DEPTH} is refused. */
export function parseJson(text: string): Decoded {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
  }
  if (deeperThan(value, MAX_JSON_DEPTH)) {
    return { ok: false, message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` };
  }
  return { ok: true, value };
}

/** Decodes the JSON of a parameter: base64 first for the encoded names. */
export function decodeJsonParam(name: string, value: string): Decoded {
  if (name === 'ue_px' || name === 'cx') {
    const text = decodeBase64(value);
    if (!text.ok) return text;
    return parseJson(text.value);
  }
  return parseJson(value);
}
