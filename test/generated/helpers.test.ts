/**
 * `plowtype/generated` on its own (no generated folder): the track function per validation mode, context
 * entities carrying their validators, the words of each rule, JSON paths, and the validator helpers.
 */
import { createLogger, decodeBase64Url, InMemoryEmitter, schemaUri, Tracker } from 'plowtype';
import {
  createTrack,
  entity,
  equal,
  has,
  isObject,
  pushError,
  ruleMessage,
  ucs2length,
  type Validator,
} from 'plowtype/generated';
import { describe, expect, it } from 'vitest';

const URI = schemaUri('iglu:com.acme/thing/jsonschema/1-0-0');
const CONTEXT = schemaUri('iglu:com.acme/ctx/jsonschema/1-0-0');

/** Valid when `data.n` is a number; else one `type` error at /n. */
const needsNumber: Validator = Object.assign(
  (data: unknown) => {
    const ok = typeof (data as { n?: unknown }).n === 'number';
    needsNumber.errors = ok ? null : [{ instancePath: '/n', keyword: 'type', params: { type: 'number' } }];
    return ok;
  },
  { errors: null },
);

function setup(validation?: 'throw' | 'warn' | 'off') {
  const emitter = new InMemoryEmitter();
  const logs: [string, string][] = [];
  const logger = createLogger({ level: 'warn', sink: (level, message) => logs.push([level, message]) });
  const tracker = new Tracker({ emitters: emitter, logger, ...(validation ? { validation } : {}) });
  return { emitter, logs, tracker };
}

const sentEvent = (emitter: InMemoryEmitter) =>
  JSON.parse(decodeBase64Url(emitter.payloads[0]?.ue_px ?? '')) as { data: unknown };

describe('createTrack', () => {
  it('tracks valid data and returns the event id', () => {
    const { emitter, tracker } = setup();
    const id = createTrack('throw')(tracker, URI, { n: 1 }, needsNumber, undefined);
    expect(id).toBe(emitter.payloads[0]?.eid);
    expect(sentEvent(emitter).data).toEqual({ schema: URI, data: { n: 1 } });
  });

  it('passes timestamp, deviceTimestamp and eventId on as ttm, dtm and eid', () => {
    const { emitter, tracker } = setup();
    const eventId = '6b8f0c64-5b52-4c4b-9a8e-2f7d6f0e1a11';
    const options = { timestamp: 1_700_000_000_000, deviceTimestamp: 1_600_000_000_000, eventId };
    createTrack('throw')(tracker, URI, { n: 1 }, needsNumber, options);
    expect(emitter.payloads[0]).toMatchObject({ ttm: '1700000000000', dtm: '1600000000000', eid: eventId });
  });

  it("throws in the folder's default mode, naming schema, path and rule, and sends nothing", () => {
    const { emitter, tracker } = setup();
    expect(() => createTrack('throw')(tracker, URI, { n: 'x' }, needsNumber, undefined)).toThrow(
      expect.objectContaining({
        name: 'ValidationError',
        code: 'SP_ERR_VALIDATION',
        message: `Validation failed for ${URI}: $.n must be number`,
        violations: [{ path: '$.n', rule: 'type', message: 'must be number' }],
      }),
    );
    expect(emitter.payloads).toEqual([]);
  });

  it("takes the call's mode over the tracker's, and the tracker's over the default", () => {
    const warned = setup('warn');
    createTrack('throw')(warned.tracker, URI, { n: 'x' }, needsNumber, undefined);
    expect(warned.emitter.payloads).toHaveLength(1);
    expect(warned.logs.map(([level]) => level)).toEqual(['warn']);
    expect(() =>
      createTrack('off')(warned.tracker, URI, { n: 'x' }, needsNumber, { validation: 'throw' }),
    ).toThrow('must be number');
    const off = setup();
    createTrack('throw')(off.tracker, URI, { n: 'x' }, needsNumber, { validation: 'off' });
    expect(off.emitter.payloads).toHaveLength(1);
  });

  it('checks contexts built by entity() with their validator, and NaN anywhere', () => {
    const { tracker } = setup();
    const context = entity(CONTEXT, { n: 'x' }, needsNumber);
    expect(context).toEqual({ schema: CONTEXT, data: { n: 'x' } });
    expect(() => createTrack('throw')(tracker, URI, { n: 1 }, needsNumber, { context: [context] })).toThrow(
      expect.objectContaining({ schema: CONTEXT }),
    );
    expect(() =>
      createTrack('throw')(tracker, URI, { n: 1, list: [Number.NaN] }, needsNumber, undefined),
    ).toThrow(
      expect.objectContaining({
        violations: [
          {
            path: '$.list[0]',
            rule: 'finite',
            message: 'must be a finite number (NaN and Infinity are not JSON)',
          },
        ],
      }),
    );
  });
});

describe('ruleMessage', () => {
  const cases: [string, { given: [string, Record<string, unknown>]; want: string }][] = [
    ['required', { given: ['required', { missingProperty: 'a' }], want: 'must have required property "a"' }],
    ['maxLength', { given: ['maxLength', { limit: 3 }], want: 'must NOT have more than 3 characters' }],
    ['minItems', { given: ['minItems', { limit: 1 }], want: 'must NOT have fewer than 1 items' }],
    ['minimum', { given: ['minimum', { comparison: '>=', limit: 0 }], want: 'must be >= 0' }],
    ['an unknown keyword', { given: ['x-custom', {}], want: 'must pass "x-custom"' }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(ruleMessage(...given)).toBe(want);
  });
});

describe('validator helpers', () => {
  it('pushError starts a list or appends to it', () => {
    const first = pushError(null, '/a', 'type', { type: 'string' });
    expect(first).toEqual([{ instancePath: '/a', keyword: 'type', params: { type: 'string' } }]);
    expect(pushError(first, '', 'required', {})).toBe(first);
    expect(first).toHaveLength(2);
  });

  const params: [string, { given: [string, unknown?]; want: Record<string, unknown> }][] = [
    [
      'an object, as ajv writes it',
      { given: ['maximum', { comparison: '<=', limit: 9 }], want: { comparison: '<=', limit: 9 } },
    ],
    ['the type alone', { given: ['type', 'string'], want: { type: 'string' } }],
    ['types alone', { given: ['type', ['string', 'null']], want: { type: ['string', 'null'] } }],
    ['a missing property', { given: ['required', 'id'], want: { missingProperty: 'id' } }],
    ['an extra property', { given: ['additionalProperties', 'x'], want: { additionalProperty: 'x' } }],
    ['a limit', { given: ['maxLength', 36], want: { limit: 36 } }],
    ['nothing', { given: ['enum'], want: {} }],
  ];
  it.each(params)('pushError takes a rule with one parameter by its value: %s', (_name, { given, want }) => {
    const [keyword, value] = given;
    expect(pushError(null, '/a', keyword, ...(given.length > 1 ? [value] : []))).toEqual([
      { instancePath: '/a', keyword, params: want },
    ]);
  });

  it('has reads own properties that are not undefined; isObject is an object and not an array', () => {
    expect([
      has({ a: 1 }, 'a'),
      has({ a: undefined }, 'a'),
      has({}, 'toString'),
      has(Object.create({ a: 1 }), 'a'),
    ]).toEqual([true, false, false, false]);
    expect([isObject({}), isObject([]), isObject(null), isObject('x'), isObject(() => 1)]).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('ucs2length counts code points', () => {
    expect(ucs2length('a😀')).toBe(2);
  });

  it('equal compares JSON values deeply, own keys only', () => {
    expect(equal({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(equal({ a: 1 }, { b: 1 })).toBe(false);
    expect(equal([1], { 0: 1 })).toBe(false);
    expect(equal(Object.create({ a: 1 }), { a: 1 })).toBe(false);
  });
});
