import { describe, expect, it } from 'vitest';
import { hasIgluSample, payloadErrors, SKIP_MESSAGE } from '../helpers/payload-schema.js';

const UE = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';
const CX = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1';
const ok = { e: 'ue', tv: 'plowtype-0.1.0', p: 'srv' };
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
const sdj = { schema: 'iglu:com.acme/x/jsonschema/1-0-0', data: { a: 1 } };

// The validator every payload of the core tests goes through must itself catch what it claims to.
describe.skipIf(!hasIgluSample)('payload schema helper', () => {
  if (!hasIgluSample) process.stderr.write(`${SKIP_MESSAGE}\n`);
  const cases: [string, Record<string, string>, string[]][] = [
    [
      'a valid payload with both wrappers',
      { ...ok, ue_px: b64({ schema: UE, data: sdj }), co: JSON.stringify({ schema: CX, data: [sdj] }) },
      [],
    ],
    [
      'a key outside payload_data 1-0-4',
      { ...ok, cv: 'x' },
      ['payload/0 must NOT have additional properties {"additionalProperty":"cv"}'],
    ],
    [
      'a missing required key',
      { tv: 'x', p: 'srv' },
      ['payload/0 must have required property \'e\' {"missingProperty":"e"}'],
    ],
    ['a non-string value', { ...ok, vid: 3 as never }, ['payload/0/vid must be string {"type":"string"}']],
    [
      'the contexts 1-0-0 wrapper',
      { ...ok, co: JSON.stringify({ schema: CX.replace('1-0-1', '1-0-0'), data: [sdj] }) },
      [`cx/co: wrapper schema must be ${CX}, got ${CX.replace('1-0-1', '1-0-0')}`],
    ],
    [
      'an extra key in the wrapper',
      { ...ok, ue_pr: JSON.stringify({ schema: UE, data: sdj, x: 1 }) },
      [
        `ue_px/ue_pr: wrapper must be exactly { schema, data }, got ${JSON.stringify({ schema: UE, data: sdj, x: 1 })}`,
      ],
    ],
    [
      'an event schema that is no Iglu URI',
      { ...ok, ue_pr: JSON.stringify({ schema: UE, data: { schema: 'x', data: {} } }) },
      [
        'ue_px/ue_pr.data/schema must match pattern "^iglu:[a-zA-Z0-9-_.]+/[a-zA-Z0-9-_]+/[a-zA-Z0-9-_]+/[0-9]+-[0-9]+-[0-9]+$" {"pattern":"^iglu:[a-zA-Z0-9-_.]+/[a-zA-Z0-9-_]+/[a-zA-Z0-9-_]+/[0-9]+-[0-9]+-[0-9]+$"}',
      ],
    ],
    [
      'an extra key in an entity',
      { ...ok, co: JSON.stringify({ schema: CX, data: [{ ...sdj, x: 1 }] }) },
      ['cx/co.data/0 must NOT have additional properties {"additionalProperty":"x"}'],
    ],
    ['standard (not URL-safe) base64', { ...ok, cx: 'ab+/' }, ['cx/co: cx is not URL-safe base64: ab+/']],
    [
      'raw JSON that does not parse',
      { ...ok, ue_pr: '{' },
      ["ue_px/ue_pr: Expected property name or '}' in JSON at position 1"],
    ],
  ];
  it.each(cases)('%s', (_name, payload, want) => {
    expect(payloadErrors(payload)).toStrictEqual(want);
  });
});
