import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CONTEXTS_SCHEMA,
  ContractError,
  decodeBase64Url,
  encodeBase64Url,
  IGLU_URI_PATTERN,
  Subject,
  Tracker,
  UNSTRUCT_EVENT_SCHEMA,
} from '../../src/index.js';
import { b64json, recordingEmitter } from './support.js';

const unicode = fc.string({ unit: 'binary' });
const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});
const jsonObject = fc.dictionary(unicode, fc.jsonValue(), { maxKeys: 6 });
const SCHEMA = 'iglu:com.acme/x/jsonschema/1-0-0';
/** JSON.parse(JSON.stringify(x)): what any JSON consumer reads back. */
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('base64 over UTF-8', () => {
  it('round-trips any Unicode string and uses only the URL-safe alphabet', () => {
    fc.assert(
      fc.property(unicode, (text) => {
        const encoded = encodeBase64Url(text);
        expect(encoded).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeBase64Url(encoded)).toBe(text);
        expect(encoded).toBe(Buffer.from(text, 'utf8').toString('base64url'));
      }),
    );
  });

  it('round-trips text too long for the scratch buffer', () => {
    const text = '漢字😀é'.repeat(3000);
    expect(decodeBase64Url(encodeBase64Url(text))).toBe(text);
  });
});

describe('nested JSON and Unicode through the payload', () => {
  it.each([true, false])('event and context data decode to what was given (base64 %s)', (encodeBase64) => {
    const emitter = recordingEmitter();
    const tracker = new Tracker({ emitters: emitter, encodeBase64 });
    fc.assert(
      fc.property(jsonObject, jsonObject, (data, entity) => {
        tracker.trackSelfDescribingEvent({
          event: { schema: SCHEMA, data },
          context: [{ schema: SCHEMA, data: entity }],
        });
        const p = emitter.payloads.at(-1) ?? {};
        const ue = encodeBase64 ? b64json(p.ue_px) : JSON.parse(p.ue_pr ?? '');
        const cx = encodeBase64 ? b64json(p.cx) : JSON.parse(p.co ?? '');
        expect(ue).toStrictEqual({
          schema: UNSTRUCT_EVENT_SCHEMA,
          data: { schema: SCHEMA, data: viaJson(data) },
        });
        expect(cx).toStrictEqual({
          schema: CONTEXTS_SCHEMA,
          data: [{ schema: SCHEMA, data: viaJson(entity) }],
        });
      }),
      { numRuns: 60 },
    );
  });

  it('string fields carry any non-empty Unicode string unchanged', () => {
    const emitter = recordingEmitter();
    const tracker = new Tracker({ emitters: emitter });
    const text = unicode.filter((s) => s.length > 0);
    fc.assert(
      fc.property(text, text, text, (url, title, label) => {
        tracker.trackPageView({ pageUrl: url, pageTitle: title });
        tracker.trackStructEvent({
          category: title,
          action: url,
          label,
          subject: new Subject().setUserId(label),
        });
        const [pv, se] = emitter.payloads.slice(-2);
        expect([pv?.url, pv?.page, se?.se_ca, se?.se_ac, se?.se_la, se?.uid]).toStrictEqual([
          url,
          title,
          title,
          url,
          label,
          label,
        ]);
      }),
      { numRuns: 60 },
    );
  });
});

// Arbitrary values that break each rule.
const notNonEmptyString = anything.filter((v) => typeof v !== 'string' || v === '');
const notOptionalString = anything.filter((v) => v != null && typeof v !== 'string');
const notPositiveInteger = anything.filter(
  (v) => !(typeof v === 'number' && Number.isSafeInteger(v) && v > 0),
);
const notInteger = anything.filter((v) => !(typeof v === 'number' && Number.isSafeInteger(v)));
const notFinite = anything.filter((v) => !(typeof v === 'number' && Number.isFinite(v)));
const notOptionalFinite = notFinite.filter((v) => v != null);
const notParams = anything.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v));
/** Data that is no JSON value at all (any JSON value, arrays and primitives too, is valid data). */
const notJsonData = fc.oneof(
  fc.constant(undefined),
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
  fc.bigInt(),
  fc.record({ n: fc.bigInt() }),
);
const notIglu = anything.filter((v) => typeof v !== 'string' || !IGLU_URI_PATTERN.test(v));
const badEntity = fc.oneof(
  notParams,
  fc.record({ schema: notIglu, data: fc.constant({}) }),
  fc.record({ schema: fc.constant(SCHEMA), data: notJsonData }),
);
const notContexts = fc.oneof(
  fc.constant([]),
  anything.filter((v) => v != null && !Array.isArray(v)),
  fc.array(badEntity, { minLength: 1, maxLength: 3 }),
);
const notSubject = anything.filter((v) => v != null);

type Call = (bad: unknown) => unknown;
const loose = (target: object) => target as Record<string, (...args: unknown[]) => unknown>;
const tracker = () => loose(new Tracker({ emitters: { input() {} } }));
const subject = () => loose(new Subject());
const item = { sku: 's', price: 1, quantity: 1 };
const options: [string, fc.Arbitrary<unknown>][] = [
  ['context', notContexts],
  ['timestamp', notPositiveInteger.filter((v) => v != null)],
  ['subject', notSubject],
  ['eventId', anything.filter((v) => v != null && typeof v !== 'string')],
];

/** [method and field, bad values, call with the bad value in that field] */
const targets: [string, fc.Arbitrary<unknown>, Call][] = [
  ['Subject.setPlatform', anything, (v) => subject().setPlatform?.(v)],
  ['Subject.setUserId', notNonEmptyString, (v) => subject().setUserId?.(v)],
  ['Subject.setScreenResolution width', notPositiveInteger, (v) => subject().setScreenResolution?.(v, 1)],
  ['Subject.setViewport height', notPositiveInteger, (v) => subject().setViewport?.(1, v)],
  ['Subject.setColorDepth', notPositiveInteger, (v) => subject().setColorDepth?.(v)],
  ['Subject.setTimezone', notNonEmptyString, (v) => subject().setTimezone?.(v)],
  ['Subject.setLang', notNonEmptyString, (v) => subject().setLang?.(v)],
  ['Subject.setIpAddress', notNonEmptyString, (v) => subject().setIpAddress?.(v)],
  ['Subject.setUseragent', notNonEmptyString, (v) => subject().setUseragent?.(v)],
  ['Subject.setDomainUserId', notNonEmptyString, (v) => subject().setDomainUserId?.(v)],
  ['Subject.setNetworkUserId', notNonEmptyString, (v) => subject().setNetworkUserId?.(v)],
  ['Subject.setDomainSessionId', anything, (v) => subject().setDomainSessionId?.(v)],
  ['Subject.setDomainSessionIndex', notPositiveInteger, (v) => subject().setDomainSessionIndex?.(v)],
  ['Tracker.setSubject', anything, (v) => tracker().setSubject?.(v)],
  ['Tracker.addEmitter', anything, (v) => tracker().addEmitter?.(v)],
  ['trackPageView params', notParams, (v) => tracker().trackPageView?.(v)],
  ['trackPageView pageUrl', notNonEmptyString, (v) => tracker().trackPageView?.({ pageUrl: v })],
  [
    'trackPageView pageTitle',
    notOptionalString,
    (v) => tracker().trackPageView?.({ pageUrl: 'u', pageTitle: v }),
  ],
  ['trackScreenView params', notParams, (v) => tracker().trackScreenView?.(v)],
  ['trackScreenView name', notOptionalString, (v) => tracker().trackScreenView?.({ name: v })],
  [
    'trackStructEvent category',
    notNonEmptyString,
    (v) => tracker().trackStructEvent?.({ category: v, action: 'a' }),
  ],
  [
    'trackStructEvent value',
    notOptionalFinite,
    (v) => tracker().trackStructEvent?.({ category: 'c', action: 'a', value: v }),
  ],
  ['trackSelfDescribingEvent event', notParams, (v) => tracker().trackSelfDescribingEvent?.({ event: v })],
  [
    'trackSelfDescribingEvent schema',
    notIglu,
    (v) => tracker().trackSelfDescribingEvent?.({ event: { schema: v, data: {} } }),
  ],
  [
    'trackSelfDescribingEvent data',
    notJsonData,
    (v) => tracker().trackSelfDescribingEvent?.({ event: { schema: SCHEMA, data: v } }),
  ],
  ['trackUnstructEvent event', notParams, (v) => tracker().trackUnstructEvent?.({ event: v })],
  ['trackSelfDescribing event', notParams, (v) => tracker().trackSelfDescribing?.(v)],
  [
    'trackSelfDescribing options',
    notParams.filter((v) => v !== undefined),
    (v) => tracker().trackSelfDescribing?.({ schema: SCHEMA, data: {} }, v),
  ],
  [
    'trackEcommerceTransaction orderId',
    notNonEmptyString,
    (v) => tracker().trackEcommerceTransaction?.({ orderId: v, totalValue: 1, items: [] }),
  ],
  [
    'trackEcommerceTransaction totalValue',
    notFinite,
    (v) => tracker().trackEcommerceTransaction?.({ orderId: 'o', totalValue: v, items: [] }),
  ],
  [
    'trackEcommerceTransaction items',
    anything.filter((v) => !Array.isArray(v)),
    (v) => tracker().trackEcommerceTransaction?.({ orderId: 'o', totalValue: 1, items: v }),
  ],
  [
    'trackEcommerceTransaction items[0]',
    notParams,
    (v) => tracker().trackEcommerceTransaction?.({ orderId: 'o', totalValue: 1, items: [v] }),
  ],
  [
    'trackEcommerceTransaction items[0].quantity',
    notInteger,
    (v) =>
      tracker().trackEcommerceTransaction?.({
        orderId: 'o',
        totalValue: 1,
        items: [{ ...item, quantity: v }],
      }),
  ],
  [
    'trackEcommerceTransaction items[0].context',
    notContexts,
    (v) =>
      tracker().trackEcommerceTransaction?.({
        orderId: 'o',
        totalValue: 1,
        items: [{ ...item, context: v }],
      }),
  ],
  [
    'trackEcommerceTransactionItem price',
    notFinite,
    (v) => tracker().trackEcommerceTransactionItem?.({ orderId: 'o', sku: 's', price: v, quantity: 1 }),
  ],
  ['trackEcommerceTransactionItem params', notParams, (v) => tracker().trackEcommerceTransactionItem?.(v)],
  ['close options', notParams.filter((v) => v !== undefined), (v) => tracker().close?.(v)],
  ...options.map(([field, bad]): [string, fc.Arbitrary<unknown>, Call] => [
    `event option ${field}`,
    bad,
    (v) => tracker().trackPageView?.({ pageUrl: 'u', [field]: v }),
  ]),
];

describe('arbitrary bad arguments give a ContractError, never another exception', () => {
  it.each(targets)('%s', (_name, bad, call) => {
    fc.assert(
      fc.property(bad, (value) => {
        let error: unknown;
        try {
          call(value);
        } catch (e) {
          error = e;
        }
        // setPlatform/setDomainSessionId/setSubject/addEmitter take `anything`: the valid few must pass.
        if (error === undefined) {
          const valid =
            ['pc', 'tv', 'mob', 'cnsl', 'iot', 'web', 'srv', 'app', 'headset'].includes(value as string) ||
            value instanceof Subject ||
            (typeof value === 'object' &&
              value !== null &&
              typeof (value as { input?: unknown }).input === 'function') ||
            (typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value));
          expect(valid).toBe(true);
          return;
        }
        expect(error).toBeInstanceOf(ContractError);
      }),
      { numRuns: 80 },
    );
  });
});
