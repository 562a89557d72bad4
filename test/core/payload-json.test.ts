import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
