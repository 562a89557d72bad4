/**
 * The envelopes around self-describing JSON in an event: `unstruct_event` 1-0-0 for `ue_pr`/`ue_px` and
 * `contexts` 1-0-0 or 1-0-1 for `co`/`cx`. The rules are the wrapper schemas' own (both keys required, no
 * others, `schema` an Iglu URI; contexts 1-0-0 needs at least one entity), checked by hand so that the
 * collector needs no copy of the wrapper schema files.
 */

import { IGLU_URI_SHAPE } from '../iglu/key.js';
import { quote, type Reason, reason } from './reasons.js';

/** A self-describing JSON found in an event. */
export interface SelfDescribing {
  schema: string;
  data: unknown;
}

export const UNSTRUCT_EVENT_SCHEMA = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';
export const CONTEXTS_SCHEMAS = [
  'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
  'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1',
] as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks `{ schema, data }` with nothing else; `path` locates it for the reasons. */
function checkSelfDescribing(field: string, path: string, value: unknown, reasons: Reason[]): boolean {
  if (!isObject(value)) {
    reasons.push(reason(field, path, 'Not a self-describing JSON: expected an object with schema and data'));
    return false;
  }
  const before = reasons.length;
  for (const key of Object.keys(value)) {
    if (key !== 'schema' && key !== 'data') reasons.push(reason(field, path, `Unexpected key ${quote(key)}`));
  }
  if (typeof value.schema !== 'string') reasons.push(reason(field, `${path}.schema`, 'Missing Iglu URI'));
  else if (!IGLU_URI_SHAPE.test(value.schema)) {
    reasons.push(reason(field, `${path}.schema`, `Not an Iglu URI: ${quote(value.schema)}`));
  }
  if (!('data' in value)) reasons.push(reason(field, `${path}.data`, 'Missing data'));
  return reasons.length === before;
}

/** Opens the wrapper: checks the envelope and returns its `data`, or undefined after pushing reasons. */
function openWrapper(
  field: string,
  value: unknown,
  allowed: readonly string[],
  reasons: Reason[],
): { schema: string; data: unknown } | undefined {
  const wrapper = allowed.join(' or ');
  if (!isObject(value) || typeof value.schema !== 'string' || !('data' in value)) {
    reasons.push(reason(field, '$', `Not wrapped in ${wrapper}: expected an object with schema and data`));
    return undefined;
  }
  if (!allowed.includes(value.schema)) {
    reasons.push(reason(field, '$', `Not wrapped in ${wrapper}: schema is ${quote(value.schema)}`));
    return undefined;
  }
  const extra = Object.keys(value).filter((k) => k !== 'schema' && k !== 'data');
  if (extra.length > 0) {
    reasons.push(reason(field, '$', `Unexpected key ${quote(extra[0] ?? '')} in the wrapper`, value.schema));
    return undefined;
  }
  return { schema: value.schema, data: value.data };
}

/** The self-describing event inside an `unstruct_event` wrapper, or undefined with reasons pushed. */
export function unwrapUnstruct(field: string, value: unknown, reasons: Reason[]): SelfDescribing | undefined {
  const opened = openWrapper(field, value, [UNSTRUCT_EVENT_SCHEMA], reasons);
  if (!opened || !checkSelfDescribing(field, '$', opened.data, reasons)) return undefined;
  return opened.data as SelfDescribing;
}

/**
 * The entities inside a `contexts` wrapper, each with its position in the array; the ones that are not
 * self-describing are reported and left out.
 */
export function unwrapContexts(field: string, value: unknown, reasons: Reason[]): [number, SelfDescribing][] {
  const opened = openWrapper(field, value, CONTEXTS_SCHEMAS, reasons);
  if (!opened) return [];
  if (!Array.isArray(opened.data)) {
    reasons.push(reason(field, '$', 'Not an array of entities', opened.schema));
    return [];
  }
  if (opened.data.length === 0 && opened.schema === CONTEXTS_SCHEMAS[0]) {
    reasons.push(
      reason(field, '$', 'Empty array of entities (contexts 1-0-0 needs at least one)', opened.schema),
    );
  }
  const entities: [number, SelfDescribing][] = [];
  opened.data.forEach((entity: unknown, i: number) => {
    if (checkSelfDescribing(field, `$[${i}]`, entity, reasons)) entities.push([i, entity as SelfDescribing]);
  });
  return entities;
}
