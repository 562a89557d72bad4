import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeBase64Url } from '../../src/base64.js';
import { ContractError } from '../../src/errors.js';
import {
  CONTEXTS_SCHEMA,
  createLogger,
  type Payload,
  Subject,
  Tracker,
  UNSTRUCT_EVENT_SCHEMA,
} from '../../src/index.js';
import { EventJsonWriter, jsonString, payloadJson } from '../../src/json-writer/index.js';
import { type JsonInput, putEncoded, startPayload, type TrackerParams } from '../../src/payload.js';
import { SubjectFields } from '../../src/subject.js';

// Any UTF-16 text, lone surrogates, quotes, backslashes and control characters included.
const unicode = fc.string({ unit: 'binary' });
const base64url = fc.stringMatching(/^[A-Za-z0-9_-]*$/);
/** Text made mostly of what JSON escapes or UTF-8 encodes in more than one byte, or any UTF-16 text. */
const nasty = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      ...['a', '/', 'é', '漢', '😀', '\ud800', '\udbff', '\udc00', '\udfff', '\u2028', '\u2029'],
      ...['\u0000', '\u001f', '\u007f', '\n', '"', '\\'],
    ),
  }),
  unicode,
);
const TRACKER: TrackerParams = { tv: 'plowtype-test', tna: 'ns', aid: 'app' };

describe('payloadJson: the JSON the Tracker hands to a fast-path emitter', () => {
  it('equals JSON.stringify of the record for any string values', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('e', 'eid', 'uid', 'url', 'ue_pr', 'co', 'se_la'), unicode),
        (r) => {
          expect(payloadJson(r)).toBe(JSON.stringify(r));
        },
      ),
    );
  });

  it.each([
    ['a lone low surrogate', 'a\udc00b'],
    ['a lone high surrogate', '\ud83d.'],
    ['a pair', '😀'],
    ['U+2028 and U+2029 (JSON.stringify leaves them)', '\u2028\u2029'],
    ['control characters, DEL', '\u0000\u001f\u007f'],
    ['quote and backslash', '"\\'],
  ])('equals JSON.stringify for %s', (_name, value) => {
    const record: Payload = { e: 'pv', url: value };
    expect(payloadJson(record)).toBe(JSON.stringify(record));
  });

  it('equals JSON.stringify with the base64url fields too, in key order', () => {
    fc.assert(
      fc.property(unicode, base64url, base64url, (uid, ue, cx) => {
        const record: Payload = { e: 'ue', eid: 'x', uid, ue_px: ue, cx };
        expect(payloadJson(record)).toBe(JSON.stringify(record));
      }),
    );
    expect(payloadJson({})).toBe('{}');
  });

  it('a Tracker gives inputJson the JSON of the very record a plain emitter gets', () => {
    const records: Payload[] = [];
    const texts: string[] = [];
    const fast: JsonInput & { input(p: Payload): void } = {
      input: () => {
        throw new Error('input() must not be called when inputJson is given');
      },
      inputJson: (json) => texts.push(json),
    };
    const subject = new Subject().setUserId('ü "quoted" \\ \u0001').setLang('en-GB');
    const tracker = new Tracker({
      emitters: [{ input: (p) => records.push(p) }, fast],
      subject,
      namespace: 'ns',
      logger: createLogger({ level: 'off' }),
    });
    const event = { schema: 'iglu:com.acme/e/jsonschema/1-0-0', data: { a: 'ünï "x"' } };
    tracker.trackSelfDescribingEvent({ event, context: [event], timestamp: 1700000000000 });
    tracker.trackPageView({ pageUrl: 'https://a.example/?q="1"', pageTitle: 'Tïtle' });
    expect(texts.map((json) => JSON.parse(json))).toStrictEqual(records);
    expect(texts).toStrictEqual(records.map((r) => JSON.stringify(r)));
  });

  it('a plugin that scrubs a field with undefined or sets a number: inputJson gets the event, as JSON.stringify writes it', () => {
    const records: Payload[] = [];
    const texts: string[] = [];
    const scrub = {
      beforeTrack: (e: { event: Payload }) => {
        (e.event as Record<string, unknown>).uid = undefined;
        (e.event as Record<string, unknown>).n = 5;
      },
    };
    for (const emitters of [
      { input: (p: Payload) => records.push(p) },
      { input: () => undefined, inputJson: (json: string) => texts.push(json) },
    ]) {
      const subject = new Subject().setUserId('to-scrub');
      new Tracker({ emitters, subject, logger: createLogger({ level: 'off' }) })
        .addPlugin(scrub)
        .trackPageView({
          pageUrl: 'https://a.example/',
          eventId: 'b6b9c7a4-7a1e-4f33-9a0b-2f6a4f4b3c21',
          deviceTimestamp: 1_700_000_000_000,
        });
    }
    expect(texts).toHaveLength(1);
    expect(texts[0]).toBe(JSON.stringify(records[0]));
    expect(JSON.parse(texts[0] as string)).not.toHaveProperty('uid');
  });

  it('inputJson may be a method: it is called on its emitter, on both paths', () => {
    class MethodEmitter {
      readonly texts: string[] = [];
      input(): void {
        throw new Error('input() must not be called when inputJson is given');
      }
      inputJson(json: string): void {
        this.texts.push(json);
      }
    }
    const emitter = new MethodEmitter();
    const tracker = new Tracker({ emitters: emitter, logger: createLogger({ level: 'off' }) });
    tracker.trackSelfDescribingEvent({ event: { schema: 'iglu:com.acme/e/jsonschema/1-0-0', data: {} } });
    tracker.trackPageView({ pageUrl: 'https://a.example/' });
    expect(emitter.texts.map((json) => (JSON.parse(json) as Payload).e)).toStrictEqual(['ue', 'pv']);
  });

  it('an inputJson that is undefined (a GET emitter) leaves the event to input()', () => {
    const records: Payload[] = [];
    const tracker = new Tracker({
      emitters: { input: (p: Payload) => records.push(p), inputJson: undefined } as JsonInput & {
        input(p: Payload): void;
      },
      logger: createLogger({ level: 'off' }),
    });
    tracker.trackStructEvent({ category: 'c', action: 'a' });
    expect(records).toHaveLength(1);
    expect(records[0]?.se_ca).toBe('c');
  });
});

describe('the direct JSON of self-describing events (one fast-path emitter, no per-event subject)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_700_000_000_000, toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Two trackers alike but for their emitter: one gets records, the other JSON text. */
  function twins(options: { namespace?: string; appId?: string; encodeBase64?: boolean }, subject: Subject) {
    const records: Payload[] = [];
    const texts: string[] = [];
    const quiet = createLogger({ level: 'off' });
    const plain = new Tracker({
      ...options,
      subject,
      emitters: { input: (p) => records.push(p) },
      logger: quiet,
    });
    const fast = new Tracker({
      ...options,
      subject,
      emitters: { input: () => undefined, inputJson: (json: string) => texts.push(json) } as JsonInput & {
        input(p: Payload): void;
      },
      logger: quiet,
    });
    return { plain, fast, records, texts };
  }

  const event = { schema: 'iglu:com.acme/e/jsonschema/1-0-0', data: { a: 'ünï "x" \\ \u0000', n: [1, 2.5] } };
  const ctx = [{ schema: 'iglu:com.acme/c/jsonschema/1-0-0', data: { note: '漢字 😀' } }];

  it.each([
    ['base64, namespace and app id', { namespace: 'ns "q"', appId: 'app' }],
    ['raw JSON (base64 off), no namespace', { encodeBase64: false }],
  ])(
    '%s: every call gives JSON.stringify of the record, also after the subject changed',
    (_name, options) => {
      const subject = new Subject().setUserId('user "42" ü').setLang('en-GB');
      const { plain, fast, records, texts } = twins(options, subject);
      const calls: ((t: Tracker) => void)[] = [
        (t) => t.trackSelfDescribingEvent({ event, eventId: 'b6b9c7a4-7a1e-4f33-9a0b-2f6a4f4b3c21' }),
        (t) => t.trackSelfDescribingEvent({ event, context: ctx, timestamp: 1_600_000_000_000 }),
        (t) => t.trackScreenView({ name: 'Home', context: ctx }),
        (t) => t.trackSelfDescribing(event),
      ];
      for (const call of calls) {
        call(plain);
        call(fast);
        subject.setIpAddress(`10.0.0.${texts.length}`).setPlatform(texts.length % 2 === 0 ? 'web' : 'srv');
      }
      expect(texts).toHaveLength(calls.length);
      const json = records.map((record, i) =>
        // The generated eid is the one thing that differs between the twins.
        JSON.stringify({ ...record, eid: (JSON.parse(texts[i] as string) as Payload).eid }),
      );
      expect(texts).toStrictEqual(json);
      expect(Object.keys(JSON.parse(texts[1] as string) as Payload)).toStrictEqual(
        Object.keys(records[1] as Payload),
      );
      expect(fast.lastEventId).toBe((JSON.parse(texts[3] as string) as Payload).eid);
    },
  );

  it("a second tracker with another subject gets its own parts, not the first one's", () => {
    const a = twins({ namespace: 'a' }, new Subject().setUserId('alice'));
    const b = twins({ namespace: 'b' }, new Subject().setUserId('bob'));
    for (const t of [a.fast, b.fast, a.fast]) t.trackSelfDescribingEvent({ event });
    const users = [...a.texts, ...b.texts].map((json) => JSON.parse(json) as Payload);
    expect(users.map((u) => [u.tna, u.uid])).toStrictEqual([
      ['a', 'alice'],
      ['a', 'alice'],
      ['b', 'bob'],
    ]);
  });

  it('each subject setter alone, called between two events, reaches the next event', () => {
    const subject = new Subject();
    const { plain, fast, records, texts } = twins({ namespace: 'ns' }, subject);
    const setters: ((s: Subject) => void)[] = [
      (s) => s.setPlatform('web'),
      (s) => s.setUserId('u'),
      (s) => s.setScreenResolution(1920, 1080),
      (s) => s.setViewport(800, 600),
      (s) => s.setColorDepth(24),
      (s) => s.setTimezone('Europe/Paris'),
      (s) => s.setLang('fr'),
      (s) => s.setIpAddress('192.0.2.1'),
      (s) => s.setUseragent('agent'),
      (s) => s.setDomainUserId('duid'),
      (s) => s.setNetworkUserId('tnuid'),
      (s) => s.setDomainSessionId('5f0c5a8e-1d2b-4c3a-9e4f-6a7b8c9d0e1f'),
      (s) => s.setDomainSessionIndex(2),
    ];
    const eventId = 'b6b9c7a4-7a1e-4f33-9a0b-2f6a4f4b3c21';
    for (const set of [() => undefined, ...setters]) {
      set(subject);
      plain.trackSelfDescribingEvent({ event, eventId });
      fast.trackSelfDescribingEvent({ event, eventId });
    }
    expect(texts).toStrictEqual(records.map((record) => JSON.stringify(record)));
    // Every subject key reached the last event.
    expect(Object.keys(records.at(-1) ?? {})).toStrictEqual(
      'e eid tv p dtm tna uid res vp cd tz lang ip ua duid tnuid sid vid ue_px'.split(' '),
    );
  });

  it('a caller eventId is escaped (contracts off let any text through); a generated one needs no escape', () => {
    const texts: string[] = [];
    const tracker = new Tracker({
      contracts: false,
      emitters: { input: () => undefined, inputJson: (json: string) => texts.push(json) } as JsonInput & {
        input(p: Payload): void;
      },
      logger: createLogger({ level: 'off' }),
    });
    tracker.trackSelfDescribingEvent({ event, eventId: 'id "1" \\ \u0001' });
    tracker.trackSelfDescribingEvent({ event });
    expect((JSON.parse(texts[0] as string) as Payload).eid).toBe('id "1" \\ \u0001');
    expect((JSON.parse(texts[1] as string) as Payload).eid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('a per-event subject still wins (through the record path)', () => {
    const { fast, texts } = twins({}, new Subject().setUserId('tracker-user'));
    fast.trackSelfDescribingEvent({ event, subject: new Subject().setUserId('event-user') });
    expect((JSON.parse(texts[0] as string) as Payload).uid).toBe('event-user');
  });
});

describe('ue_px and cx written from the data bytes: always the base64url of the JSON text', () => {
  const schema = 'iglu:com.acme/e/jsonschema/1-0-0';
  const writer = new EventJsonWriter({ tracker: TRACKER, base64: true });
  const textWriter = new EventJsonWriter({ tracker: TRACKER, base64: false });
  const ue = (data: unknown) => writer.event({ schema, data }, 'M');
  const wantUe = (data: unknown) => encodeBase64Url(textWriter.event({ schema, data }, 'M'));
  const cx = (...data: unknown[]) =>
    writer.contexts(
      data.map((d) => ({ schema, data: d })),
      'M',
      'context',
    );
  const wantCx = (...data: unknown[]) =>
    encodeBase64Url(
      textWriter.contexts(
        data.map((d) => ({ schema, data: d })),
        'M',
        'context',
      ) as string,
    );

  it('for any value fast-check makes (dates, boxed values, class instances, holes, maps, any UTF-16)', () => {
    const data = fc.anything({
      withDate: true,
      withBoxedValues: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withMap: true,
      withSet: true,
      withTypedArray: true,
      withUnicodeString: true,
      stringUnit: 'binary',
    });
    fc.assert(
      fc.property(data, data, (a, b) => {
        if (JSON.stringify(a) === undefined || hasNonFinite(a)) {
          expect(() => ue(a)).toThrow(ContractError);
          return;
        }
        expect(ue(a)).toBe(wantUe(a));
        if (JSON.stringify(b) !== undefined && !hasNonFinite(b)) expect(cx(a, b)).toBe(wantCx(a, b));
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    ['a toJSON method', { a: 1, toJSON: () => ({ b: 2 }) }],
    ['a nested toJSON', { a: [{ toJSON: (key: string) => `key ${key}` }] }],
    ['dates, valid and invalid', { d: new Date(1_700_000_000_000), bad: new Date(Number.NaN) }],
    [
      'a class instance',
      {
        x: new (class P {
          y = 1;
        })(),
      },
    ],
    [
      'functions, symbols and undefined',
      { f: () => 1, s: Symbol('s'), u: undefined, a: [undefined, () => 1] },
    ],
    ['odd numbers', [-0, 1e21, 5e-7, 0.1 + 0.2, Number.MAX_VALUE, -Number.MIN_VALUE]],
    ['escapes', { 'k"\\\n': 'v\u0000\u001f\u007f "q" \\' }],
    ['2-, 3- and 4-byte UTF-8, U+2028', { s: 'é ß Ā Ж ߿ ࠀ ✓ 漢字 😀 \u2028 \uffff 􏿿' }],
    ['a control character alone', { s: 'a\u001fb' }],
    ['lone surrogates', ['\ud800', 'a\udc00b', '😀\ud83d', '\ud83d😀']],
    ['deep nesting', JSON.parse(`${'['.repeat(60)}1${']'.repeat(60)}`)],
    ['more than the scratch buffer holds', { big: 'x'.repeat(20_000), also: '漢'.repeat(6000) }],
  ])('%s', (_name, value) => {
    expect(ue(value)).toBe(wantUe(value));
    expect(cx(value, { n: 1 })).toBe(wantCx(value, { n: 1 }));
  });

  it('a getter that tracks another event mid-way does not spoil either encoding', () => {
    const inner = { a: 'inner' };
    let nested: string | undefined;
    const outer = {
      get b() {
        nested = ue(inner);
        return 'outer';
      },
    };
    expect(ue(outer)).toBe(wantUe({ b: 'outer' }));
    expect(nested).toBe(wantUe(inner));
  });

  it('data whose getter or proxy trap throws is the same ContractError as on the JSON path', () => {
    const getter = {
      get x(): number {
        throw new Error('boom');
      },
    };
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    const fails = (why: string, argument: string) =>
      `Contract breach in M: ${argument}.data expected JSON-serialisable data, got data that fails: ${why}`;
    expect(() => textWriter.event({ schema, data: getter }, 'M')).toThrow(fails('boom', 'event'));
    expect(() => ue(getter)).toThrow(fails('boom', 'event'));
    expect(() => ue({ nested: [proxy] })).toThrow(fails('trap', 'event'));
    expect(() => cx({ ok: 1 }, getter)).toThrow(fails('boom', 'context[1]'));
    expect(() => ue(getter)).toThrow(ContractError);
  });

  it.each([
    ['NaN', { n: Number.NaN }, 'event.data.n', 'NaN'],
    ['Infinity in an array', { a: [0, Number.POSITIVE_INFINITY] }, 'event.data.a[1]', 'Infinity'],
    ['-Infinity at the top', Number.NEGATIVE_INFINITY, 'event.data', '-Infinity'],
    ['a boxed NaN', { b: Object(Number.NaN) }, 'event.data.b', 'NaN'],
    ['NaN past the scratch buffer', { big: 'x'.repeat(20_000), n: Number.NaN }, 'event.data.n', 'NaN'],
  ])('%s is a ContractError naming schema and field, as base64 and as text', (_name, data, at, got) => {
    const message = `Contract breach in M: ${at} expected a finite number (schema ${schema}), got number ${got}`;
    expect(() => ue(data)).toThrow(message);
    expect(() => textWriter.event({ schema, data }, 'M')).toThrow(message);
    const inContext = message.replace('event.data', 'context[1].data');
    expect(() => cx({ ok: null }, data)).toThrow(inContext);
  });

  it('circular data is still the ContractError it was', () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    const message =
      'Contract breach in M: event.data expected JSON-serialisable data, got data that fails: Converting circular structure to JSON';
    expect(() => ue({ circular })).toThrow(message);
    expect(() => cx({ ok: 1 }, [1n])).toThrow(ContractError);
    expect(cx()).toBeUndefined();
  });
});

/** Data a caller may pass: JSON with any text and any double, and what JSON.stringify treats specially. */
const { value: callerData } = fc.letrec<{ value: unknown; leaf: unknown; special: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nasty, tie('value'), { maxKeys: 4 }),
    tie('special'),
  ),
  // fc.double() gives NaN, both infinities and -0 too: the first three are a ContractError, -0 is 0.
  leaf: fc.oneof(nasty, fc.double(), fc.integer(), fc.boolean(), fc.constant(null)),
  special: fc.oneof(
    // toJSON gets its key: 'data' at the top (as when the whole payload is stringified), else the key.
    tie('leaf').map((v) => ({ toJSON: (key: string) => [key, v] })),
    fc.constant({ toJSON: () => undefined }),
    fc.date({ noInvalidDate: false }),
    fc.constantFrom(undefined, () => 1, Symbol('s'), 1n),
    tie('leaf').map((v) => ({
      v,
      get boom(): never {
        throw new Error('a throwing getter');
      },
    })),
  ),
}));

/** True when JSON.stringify would write some NaN or ±Infinity in `value` (after toJSON) as null. */
function hasNonFinite(value: unknown): boolean {
  let found = false;
  try {
    JSON.stringify({ data: value }, (_key, v: unknown) => {
      const n = v instanceof Number ? v.valueOf() : v;
      if (typeof n === 'number' && !Number.isFinite(n)) found = true;
      return v;
    });
  } catch {
    // Data that throws is the other ContractError, checked apart.
  }
  return found;
}

/** JSON.stringify of `value`, or 'throws' when it throws. */
function stringified(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return 'throws';
  }
}

describe('the writer is JSON.stringify, byte for byte', () => {
  const base64 = new EventJsonWriter({ tracker: TRACKER, base64: true });
  const text = new EventJsonWriter({ tracker: TRACKER, base64: false });
  const schema = 'iglu:com.acme/e/jsonschema/1-0-0';
  const b64 = (json: string) => Buffer.from(json, 'utf8').toString('base64url');

  it('jsonString: any string', () => {
    fc.assert(
      fc.property(nasty, (value) => {
        expect(jsonString(value)).toBe(JSON.stringify(value));
      }),
    );
  });

  it('payloadJson: any record a plugin may leave (any key, undefined, numbers, objects)', () => {
    const value = fc.oneof(nasty, fc.constant(undefined), fc.double(), fc.jsonValue());
    fc.assert(
      fc.property(fc.dictionary(nasty, value), base64url, (record, ue) => {
        const withUe = { ...record, ue_px: ue } as Payload;
        expect(payloadJson(record as Payload)).toBe(JSON.stringify(record));
        expect(payloadJson(withUe)).toBe(JSON.stringify(withUe));
      }),
    );
  });

  it('event and entities, as JSON text and as base64url, for any data and any schema text (contracts off); a ContractError where it throws', () => {
    // A schema that is no Iglu URI only gets this far with contracts off; the writer still escapes it.
    const schemaText = fc.oneof(
      fc.constant(schema),
      fc.constant('iglu:com.acme/other/jsonschema/2-0-1'),
      nasty,
    );
    fc.assert(
      fc.property(
        schemaText,
        callerData,
        fc.array(callerData, { minLength: 1, maxLength: 3 }),
        (uri, data, datas) => {
          const event = { schema: uri, data };
          const want = stringified({ schema: UNSTRUCT_EVENT_SCHEMA, data: event });
          if (want === 'throws' || stringified({ data }) === '{}' || hasNonFinite(data)) {
            expect(() => text.event(event, 'M')).toThrow(ContractError);
            expect(() => base64.event(event, 'M')).toThrow(ContractError);
          } else {
            expect(text.event(event, 'M')).toBe(want);
            expect(base64.event(event, 'M')).toBe(b64(want as string));
          }
          const list = datas.map((d, i) => ({ schema: i === 0 ? uri : schema, data: d }));
          const wantCo = stringified({ schema: CONTEXTS_SCHEMA, data: list });
          const bad = (d: unknown) => stringified({ data: d }) === '{}' || hasNonFinite(d);
          if (wantCo === 'throws' || datas.some(bad)) {
            expect(() => text.contexts(list, 'M', 'context')).toThrow(ContractError);
            expect(() => base64.contexts(list, 'M', 'context')).toThrow(ContractError);
          } else {
            expect(text.contexts(list, 'M', 'context')).toBe(wantCo);
            expect(base64.contexts(list, 'M', 'context')).toBe(b64(wantCo as string));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    ["-0 and nulls (the data's own: not taken for a NaN)", [-0, null, { n: null }]],
    ['a toJSON that reads its key, at the top', { toJSON: (key: string) => `key "${key}"` }],
    ['lone surrogates, U+2028 and control characters in keys and values', { '\ud800\u2028': '\u0001\udfff' }],
  ])('event data with %s', (_name, data) => {
    const want = JSON.stringify({ schema: UNSTRUCT_EVENT_SCHEMA, data: { schema, data } });
    expect(text.event({ schema, data }, 'M')).toBe(want);
    expect(base64.event({ schema, data }, 'M')).toBe(b64(want));
  });

  const subjectFields = fc.record(
    Object.fromEntries(
      Object.keys(new SubjectFields()).map((key) => [key, fc.option(nasty, { nil: undefined })]),
    ) as Record<keyof SubjectFields, fc.Arbitrary<string | undefined>>,
  );

  it('unstructPayload: the record builders’ JSON, for any subject, tracker, ids and times, also as they change', () => {
    const call = fc.record({
      subject: subjectFields,
      eid: fc.oneof(fc.uuid(), nasty),
      dtm: fc.integer({ min: 0 }).map(String),
      ttm: fc.option(fc.oneof(fc.integer(), fc.double()), { nil: undefined }),
      ue: nasty,
      co: fc.option(nasty, { nil: undefined }),
    });
    const params = fc.record({
      tv: nasty,
      tna: fc.option(nasty, { nil: undefined }),
      aid: fc.option(nasty, { nil: undefined }),
    });
    fc.assert(
      fc.property(
        params,
        fc.boolean(),
        fc.array(call, { minLength: 1, maxLength: 4 }),
        (tracker, b64on, calls) => {
          const writer = new EventJsonWriter({ tracker, base64: b64on });
          // One subject object changed between calls, as setters change a tracker's subject.
          const subject = new SubjectFields();
          for (const c of calls) {
            Object.assign(subject, c.subject);
            const ue = b64on ? b64(c.ue) : c.ue;
            const co = c.co === undefined ? undefined : b64on ? b64(c.co) : c.co;
            const record = startPayload('ue', c.eid, tracker, subject, undefined, c.dtm, c.ttm);
            putEncoded(record, ue, co, b64on);
            const eidIsGenerated = /^[0-9a-f-]{36}$/.test(c.eid);
            const input = { eid: c.eid, eidIsGenerated, subject, dtm: c.dtm, ttm: c.ttm, ue, co };
            expect(writer.unstructPayload(input)).toBe(JSON.stringify(record));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
