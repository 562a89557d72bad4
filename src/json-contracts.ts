import { breach } from './contracts.js';
import { isIgluUri } from './json-writer/index.js';

/*
 * Checks for self-describing JSON (events and context entities). The JSON writer owns the cache of
 * valid schema URIs, so a URI checked here is already known when the event is written.
 */

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
