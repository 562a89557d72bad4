/**
 * Validates Tracker Protocol payloads against the real Iglu Central schemas (never copied into the
 * project): payload_data 1-0-4 for the record, unstruct_event 1-0-0 for `ue_px`/`ue_pr`, contexts 1-0-1
 * for `cx`/`co`. For tests of the core, the emitters and the collector alike:
 *
 *   describe.skipIf(!hasIgluSample)('...', () => { ... expectValidPayload(payload) ... })
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';

type Ajv = InstanceType<typeof AjvDraft04.default>;

/** `../shared/corpus/iglu-central-sample/schemas` from the project root. */
export const IGLU_SAMPLE_SCHEMAS = fileURLToPath(
  new URL('../../../shared/corpus/iglu-central-sample/schemas', import.meta.url),
);

/** False when the shared corpus is absent: skip the tests that need it, with `SKIP_MESSAGE`. */
export const hasIgluSample = existsSync(IGLU_SAMPLE_SCHEMAS);

export const SKIP_MESSAGE = `Iglu Central sample not found at ${IGLU_SAMPLE_SCHEMAS}: schema validation skipped`;

export const UNSTRUCT_EVENT_URI = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';
export const CONTEXTS_URI = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1';

const URL_SAFE_BASE64 = /^[A-Za-z0-9_-]*={0,2}$/;

interface Validators {
  payloadData: ValidateFunction;
  unstructEvent: ValidateFunction;
  contexts: ValidateFunction;
}
let validators: Validators | undefined;

/** Compiles an Iglu schema file; `$schema` (Iglu's meta-schema) and `self` are left out of the copy. */
function compile(ajv: Ajv, name: string, version: string): ValidateFunction {
  const path = join(IGLU_SAMPLE_SCHEMAS, 'com.snowplowanalytics.snowplow', name, 'jsonschema', version);
  const {
    $schema: _meta,
    self: _self,
    ...schema
  } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  return ajv.compile(schema);
}

function load(): Validators {
  if (!hasIgluSample) throw new Error(SKIP_MESSAGE);
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
  validators ??= {
    payloadData: compile(ajv, 'payload_data', '1-0-4'),
    unstructEvent: compile(ajv, 'unstruct_event', '1-0-0'),
    contexts: compile(ajv, 'contexts', '1-0-1'),
  };
  return validators;
}

function errorsOf(label: string, validate: ValidateFunction, data: unknown): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map(
    (e) => `${label}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}

/** Parses a `ue_*` or `co`/`cx` field: base64 (URL-safe alphabet only) or raw JSON. */
function parseField(payload: Record<string, string>, base64Key: string, rawKey: string): unknown {
  const encoded = payload[base64Key];
  if (encoded !== undefined) {
    if (!URL_SAFE_BASE64.test(encoded)) throw new Error(`${base64Key} is not URL-safe base64: ${encoded}`);
    return JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  }
  const raw = payload[rawKey];
  return raw === undefined ? undefined : JSON.parse(raw);
}

function wrapperErrors(key: string, wrapper: unknown, uri: string, validate: ValidateFunction): string[] {
  if (wrapper === undefined) return [];
  const w = wrapper as { schema?: unknown; data?: unknown };
  const keys = typeof wrapper === 'object' && wrapper !== null ? Object.keys(wrapper).sort().join(',') : '';
  if (keys !== 'data,schema')
    return [`${key}: wrapper must be exactly { schema, data }, got ${JSON.stringify(wrapper)}`];
  if (w.schema !== uri) return [`${key}: wrapper schema must be ${uri}, got ${String(w.schema)}`];
  return errorsOf(`${key}.data`, validate, w.data);
}

function fieldErrors(
  payload: Record<string, string>,
  keys: [string, string],
  uri: string,
  validate: ValidateFunction,
): string[] {
  let wrapper: unknown;
  try {
    wrapper = parseField(payload, keys[0], keys[1]);
  } catch (error) {
    return [`${keys.join('/')}: ${error instanceof Error ? error.message : String(error)}`];
  }
  return wrapperErrors(keys.join('/'), wrapper, uri, validate);
}

/** Every rule the payload breaks (empty when valid). Throws when the Iglu sample is absent. */
export function payloadErrors(payload: Record<string, string>): string[] {
  const v = load();
  return [
    ...errorsOf('payload', v.payloadData, [payload]),
    ...fieldErrors(payload, ['ue_px', 'ue_pr'], UNSTRUCT_EVENT_URI, v.unstructEvent),
    ...fieldErrors(payload, ['cx', 'co'], CONTEXTS_URI, v.contexts),
  ];
}

/** Throws an Error listing every violation when the payload is not valid. */
export function expectValidPayload(payload: Record<string, string>): void {
  const errors = payloadErrors(payload);
  if (errors.length > 0) {
    throw new Error(`Payload breaks its schemas:\n  ${errors.join('\n  ')}\n${JSON.stringify(payload)}`);
  }
}

/** The decoded JSON of `ue_px`/`ue_pr` and `cx`/`co`, for assertions on their content. */
export function decodeJsonFields(payload: Record<string, string>): { ue?: unknown; contexts?: unknown } {
  const out: { ue?: unknown; contexts?: unknown } = {};
  const ue = parseField(payload, 'ue_px', 'ue_pr');
  const contexts = parseField(payload, 'cx', 'co');
  if (ue !== undefined) out.ue = ue;
  if (contexts !== undefined) out.contexts = contexts;
  return out;
}
