import type { SchemaUri } from './schema-uri.js';

/**
 * One event as Tracker Protocol parameters (payload_data 1-0-4): every value is a string, and empty
 * fields are absent.
 */
export type Payload = Record<string, string>;

/**
 * Any JSON value: the type of data whose schema does not constrain it (no `type`, no `properties`...).
 * Generated types use it for untyped schemas and sub-schemas; readonly, so any array or object fits.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * A self-describing JSON: the schema that describes `data`, and the data.
 * Generated context builders return `SelfDescribingJson<typeof URI, Data>`, so the schema is a literal type.
 */
export interface SelfDescribingJson<S extends string = string, D = unknown> {
  schema: S;
  data: D;
}

/** A context entity whose schema URI has been checked (what generated builders return). */
export type Entity<D = unknown, U extends string = string> = SelfDescribingJson<SchemaUri<U>, D>;

/**
 * Anything with `input(payload)` is an emitter (seed section 5.7). `flush` and `close` are optional; when
 * present, the tracker's `flush()` and `close()` wait for them.
 */
export interface EmitterLike {
  input(payload: Payload): void;
  flush?(options?: { timeout?: number }): Promise<void>;
  close?(options?: { timeout?: number }): Promise<void>;
}
