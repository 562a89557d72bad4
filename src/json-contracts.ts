import { breach } from './contracts.js';
import { ContractError } from './errors.js';
import { IGLU_URI_PATTERN } from './schema-uri.js';

/*
 * Checks for self-describing JSON (events and context entities) and the one place data becomes JSON.
 */

// Schema URIs are few and usually literal constants. Remembering each valid one with the JSON text that
// starts its self-describing JSON turns the regex into a Map lookup on the hot path, and spares building
// that text per event. The cap keeps a caller who builds URIs dynamically from growing it forever.
const knownUris = new Map<string, string>();
const KNOWN_URIS_MAX = 4096;

function remember(uri: string): string {
  if (knownUris.size >= KNOWN_URIS_MAX) knownUris.clear();
  // A valid Iglu URI has no character that JSON escapes, so it is quoted as it is.
  const opening = `{"schema":"${uri}","data":`;
  knownUris.set(uri, opening);
  return opening;
}

function isIgluUri(value: string): boolean {
  if (knownUris.has(value)) return true;
  if (!IGLU_URI_PATTERN.test(value)) return false;
  remember(value);
  return true;
}

/**
 * The JSON text that opens a self-describing JSON up to its data: `{"schema":"<uri>","data":`. A schema
 * that is no Iglu URI (only reachable with contracts off) is escaped by JSON.stringify.
 */
export function openingOf(schema: unknown): string {
  if (typeof schema === 'string') {
    const known = knownUris.get(schema);
    if (known !== undefined) return known;
    if (IGLU_URI_PATTERN.test(schema)) return remember(schema);
  }
  return `{"schema":${JSON.stringify(schema) ?? 'null'},"data":`;
}

const IGLU_EXPECTED = 'an Iglu URI (iglu:vendor/name/jsonschema/M-R-A)';

/** `argument`, `argument[index]`, then `.field` when given; built only for an error message. */
function pathOf(argument: string, index: number, field: string): string {
  const base = index < 0 ? argument : `${argument}[${index}]`;
  return field === '' ? base : `${base}.${field}`;
}

/**
 * `{ schema: 'iglu:...', data }` with a valid Iglu URI and JSON data. Data is any JSON value, not only an
 * object: 14 Iglu Central schemas describe arrays or unions at the top level. `index` >= 0 names it as
 * one of the array `argument`. Field paths are only built on a breach, so a pass allocates nothing.
 */
export function checkSelfDescribing(method: string, argument: string, value: unknown, index = -1): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    breach(method, pathOf(argument, index, ''), 'a self-describing JSON { schema, data }', value);
  }
  const { schema, data } = value as { schema?: unknown; data?: unknown };
  if (typeof schema !== 'string' || !isIgluUri(schema)) {
    breach(method, pathOf(argument, index, 'schema'), IGLU_EXPECTED, schema);
  }
  if (data === undefined || typeof data === 'function' || typeof data === 'symbol') {
    breach(method, pathOf(argument, index, 'data'), 'a JSON value', data);
  }
}

/** Contexts: absent, null, or a non-empty array of self-describing JSON. */
export function checkContexts(method: string, argument: string, value: unknown): void {
  if (value == null) return;
  if (!Array.isArray(value) || value.length === 0) {
    breach(method, argument, 'a non-empty array of self-describing JSON', value);
  }
  for (let i = 0; i < value.length; i++) checkSelfDescribing(method, argument, value[i], i);
}

/**
 * JSON text of the `data` of a self-describing JSON named `argument` (with `index` when it is one of an
 * array). Circular structures, bigints and data that serialises to nothing become a ContractError even
 * when contracts are off: the alternative is a broken payload. The path is only built on failure.
 */
export function dataToJson(value: unknown, method: string, argument: string, index: number): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    const got = `data that fails: ${why}`;
    throw new ContractError(method, dataPath(argument, index), 'JSON-serialisable data', got, { cause });
  }
  if (json === undefined) breach(method, dataPath(argument, index), 'JSON-serialisable data', value);
  return json;
}

function dataPath(argument: string, index: number): string {
  return index < 0 ? `${argument}.data` : `${argument}[${index}].data`;
}
