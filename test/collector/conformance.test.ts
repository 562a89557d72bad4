/**
 * The collector's hand-written protocol rules against the real Iglu Central schemas (test data in
 * ../shared, skipped when absent): the same verdicts as ajv on payload_data 1-0-4, unstruct_event 1-0-0
 * and contexts 1-0-0/1-0-1, over generated inputs; and every sample schema compiles in the validator.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAYLOAD_DATA_KEYS } from '../../src/collector/protocol.js';
import type { Reason } from '../../src/collector/reasons.js';
import { SchemaValidator } from '../../src/collector/schemas.js';
import { checkEvent } from '../../src/collector/validate-event.js';
import {
  CONTEXTS_SCHEMAS,
  UNSTRUCT_EVENT_SCHEMA,
  unwrapContexts,
  unwrapUnstruct,
} from '../../src/collector/wrappers.js';
import { loadRegistries } from '../../src/iglu/load.js';

const SAMPLE = fileURLToPath(new URL('../../../shared/corpus/iglu-central-sample/schemas', import.meta.url));
const SNOWPLOW = join(SAMPLE, 'com.snowplowanalytics.snowplow');

function compile(path: string) {
  const { $schema: _m, self: _s, ...schema } = JSON.parse(readFileSync(join(SNOWPLOW, path), 'utf8'));
  return { schema, validate: new AjvDraft04.default({ strict: false }).compile(schema) };
}

const PROTOCOL_MESSAGES =
  /^(Not a payload_data 1-0-4 parameter|Value cannot be null|Value is not a string|Missing required parameter$)/;
const protocolReasons = (reasons: Reason[]) => reasons.filter((r) => PROTOCOL_MESSAGES.test(r.message));

/** Counts the verdicts, so a test can show that both occurred (a property that only ever saw one proves little). */
function verdicts() {
  const seen = { valid: 0, invalid: 0 };
  return {
    seen,
    note: (valid: boolean) => {
      seen[valid ? 'valid' : 'invalid']++;
      return valid;
    },
  };
}

describe.skipIf(!existsSync(SAMPLE))('conformance with the Iglu Central schemas (../shared)', () => {
  const validator = new SchemaValidator([]);

  it('allows exactly the 80 keys of payload_data 1-0-4', () => {
    const { schema } = compile('payload_data/jsonschema/1-0-4');
    expect([...PAYLOAD_DATA_KEYS].sort()).toEqual(Object.keys(schema.items.properties).sort());
    expect(PAYLOAD_DATA_KEYS.size).toBe(80);
  });

  it('judges an event as payload_data 1-0-4 does', () => {
    const { validate } = compile('payload_data/jsonschema/1-0-4');
    const key = fc.oneof(fc.constantFrom(...PAYLOAD_DATA_KEYS), fc.string({ maxLength: 6 }));
    const value = fc.oneof(
      { weight: 8, arbitrary: fc.string() },
      fc.integer(),
      fc.constant(null),
      fc.boolean(),
    );
    const event = fc
      .tuple(fc.subarray(['tv', 'p', 'e']), fc.dictionary(key, value, { maxKeys: 6 }))
      .map(([required, rest]) => ({ ...Object.fromEntries(required.map((k) => [k, 'x'])), ...rest }));
    const { seen, note } = verdicts();
    fc.assert(
      fc.property(event, (e) => {
        const mine = protocolReasons(checkEvent(e, validator).reasons);
        expect(mine.length === 0).toBe(note(validate([e])));
      }),
      { numRuns: 2000 },
    );
    expect(seen.valid).toBeGreaterThan(50);
    expect(seen.invalid).toBeGreaterThan(50);
  });

  const uri = fc.oneof(
    fc.constantFrom('iglu:com.acme/x/jsonschema/1-0-0', 'iglu:a.b-c_d/e_f-g/jsonschema/10-2-33'),
    fc.constantFrom(
      'com.acme/x/jsonschema/1-0-0',
      'iglu:com.acme/x/jsonschema/1-0',
      'iglu:com acme/x/jsonschema/1-0-0',
      '',
    ),
    fc.string(),
  );
  const entity = fc.oneof(
    { weight: 6, arbitrary: fc.record({ schema: uri, data: fc.jsonValue() }, { requiredKeys: [] }) },
    fc.record({ schema: uri, data: fc.jsonValue(), extra: fc.jsonValue() }),
    fc.jsonValue(),
  );

  it('judges the data of an unstruct_event 1-0-0 wrapper as its schema does', () => {
    const { validate } = compile('unstruct_event/jsonschema/1-0-0');
    const { seen, note } = verdicts();
    fc.assert(
      fc.property(entity, (data) => {
        const reasons: Reason[] = [];
        const opened = unwrapUnstruct('ue_pr', { schema: UNSTRUCT_EVENT_SCHEMA, data }, reasons);
        expect(reasons.length === 0).toBe(note(validate(data)));
        expect(opened !== undefined).toBe(validate(data));
      }),
      { numRuns: 2000 },
    );
    expect(seen.valid).toBeGreaterThan(50);
    expect(seen.invalid).toBeGreaterThan(50);
  });

  it.each([
    ['1-0-0', 0],
    ['1-0-1', 1],
  ] as const)('judges the data of a contexts %s wrapper as its schema does', (version, index) => {
    const { validate } = compile(`contexts/jsonschema/${version}`);
    const { seen, note } = verdicts();
    fc.assert(
      fc.property(
        fc.oneof({ weight: 6, arbitrary: fc.array(entity, { maxLength: 3 }) }, fc.jsonValue()),
        (data) => {
          const reasons: Reason[] = [];
          unwrapContexts('co', { schema: CONTEXTS_SCHEMAS[index], data }, reasons);
          expect(reasons.length === 0).toBe(note(validate(data)));
        },
      ),
      { numRuns: 2000 },
    );
    expect(seen.valid).toBeGreaterThan(50);
    expect(seen.invalid).toBeGreaterThan(50);
  });

  it('compiles every JSON schema of the sample', async () => {
    const loaded = await loadRegistries([SAMPLE]);
    const all = new SchemaValidator(loaded.schemas);
    const failures = loaded.schemas
      .flatMap((s) => all.validate('ue_pr', '$', { schema: s.uri, data: {} }))
      .filter((r) => r.message.startsWith('Schema could not be compiled'));
    expect(loaded.schemas.length).toBeGreaterThan(100);
    expect(failures).toEqual([]);
  });
});
