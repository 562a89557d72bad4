import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, type Payload, Subject, Tracker } from '../../src/index.js';
import { type JsonInput, payloadJson } from '../../src/payload.js';

// Any UTF-16 text, lone surrogates, quotes, backslashes and control characters included.
const unicode = fc.string({ unit: 'binary' });
const base64url = fc.stringMatching(/^[A-Za-z0-9_-]*$/);

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
