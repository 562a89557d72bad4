/**
 * What the loader hands to every later phase (and to the local collector): one parsed, checked Iglu
 * self-describing JSON schema, and where it came from.
 */

import type { SchemaKey } from './key.js';

export type { SchemaKey } from './key.js';

/** A JSON Schema object as parsed from a file (draft-04 plus Iglu's `self`). */
export type JsonSchema = { [key: string]: unknown };

/** True for a JSON object (not null, not an array), the only thing a sub-schema can be in draft-04. */
export function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own property, so that a key named `__proto__` stays data and never reaches a prototype. */
export function setOwn(target: JsonSchema, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One loaded and checked schema. */
export interface LoadedSchema {
  key: SchemaKey;
  /** `iglu:vendor/name/format/M-R-A` */
  uri: string;
  /** File path (or URL) it was read from: every message about this schema names it. */
  source: string;
  /** The registry directory or URL it was found in. */
  registry: string;
  /** The parsed schema, never mutated by any phase. */
  schema: JsonSchema;
}

/** A problem with one file or registry; `source` names the file or URL. */
export interface SchemaProblem {
  source: string;
  message: string;
}

/** Everything the loader found. `errors` empty means every jsonschema file was usable. */
export interface LoadResult {
  schemas: LoadedSchema[];
  /** Files in other formats (avro, thrift, ...) and other skipped files, each with the reason. */
  skipped: SchemaProblem[];
  errors: SchemaProblem[];
  /** The text each usable schema was parsed from, by source; only with the loader's `keepTexts`. */
  texts?: Map<string, string>;
}

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Copies data (enum, default, examples...) as plain JSON; `__proto__` stays an own key. */
export function cloneJson(value: unknown): Json {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (value === null || typeof value !== 'object') return value as Json;
  const out: { [key: string]: Json } = {};
  for (const key of Object.keys(value)) setOwn(out, key, cloneJson((value as Record<string, unknown>)[key]));
  return out;
}

/** Reads an own property only, so a key inherited from `Object.prototype` is never taken for schema content. */
export function own(obj: object, key: string): unknown {
  return Object.hasOwn(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** Describes a JSON value's kind for messages: `array`, `null`, `string`, ... */
export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}
