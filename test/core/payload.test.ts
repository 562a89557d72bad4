import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONTEXTS_SCHEMA, Subject, Tracker, UNSTRUCT_EVENT_SCHEMA } from '../../src/index.js';
import { BASE, b64json, EID, fullSubject, NOW, recordingEmitter, setup } from './support.js';

const EVENT = { schema: 'iglu:com.acme/save_game/jsonschema/1-0-2', data: { save_id: '4321', level: 23 } };
const CTX = [
  { schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: { tier: 2 } },
  { schema: 'iglu:com.acme/page/jsonschema/1-0-1', data: { note: 'naïve ✓ 漢字 😀' } },
];
const UE_JSON = `{"schema":"${UNSTRUCT_EVENT_SCHEMA}","data":{"schema":"iglu:com.acme/save_game/jsonschema/1-0-2","data":{"save_id":"4321","level":23}}}`;
const CX_JSON = `{"schema":"${CONTEXTS_SCHEMA}","data":[{"schema":"iglu:com.acme/user/jsonschema/1-0-0","data":{"tier":2}},{"schema":"iglu:com.acme/page/jsonschema/1-0-1","data":{"note":"naïve ✓ 漢字 😀"}}]}`;
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('payload per event kind', () => {
  it('page view', () => {
    const { tracker, emitter } = setup();
    tracker.trackPageView({
      pageUrl: 'https://a.example/p?q=1',
      pageTitle: 'Tïtle',
      referrer: 'https://r',
      eventId: EID,
    });
    expect(emitter.payloads).toStrictEqual([
      { ...BASE, e: 'pv', url: 'https://a.example/p?q=1', page: 'Tïtle', refr: 'https://r' },
    ]);
  });

  it('screen view as screen_view 1-0-0, base64', () => {
    const { tracker, emitter } = setup();
    tracker.trackScreenView({ name: 'HUD > Save Game', id: 'screen23', eventId: EID });
    const json = `{"schema":"${UNSTRUCT_EVENT_SCHEMA}","data":{"schema":"iglu:com.snowplowanalytics.snowplow/screen_view/jsonschema/1-0-0","data":{"name":"HUD > Save Game","id":"screen23"}}}`;
    expect(emitter.payloads).toStrictEqual([{ ...BASE, e: 'ue', ue_px: b64(json) }]);
  });

  it('screen view with only an id leaves name out', () => {
    const { tracker, emitter } = setup({ encodeBase64: false });
    tracker.trackScreenView({ id: 'screen23', name: '', eventId: EID });
    expect(emitter.payloads[0]?.ue_pr).toBe(
      `{"schema":"${UNSTRUCT_EVENT_SCHEMA}","data":{"schema":"iglu:com.snowplowanalytics.snowplow/screen_view/jsonschema/1-0-0","data":{"id":"screen23"}}}`,
    );
  });

  it('structured event, with a value of 0 kept and empty strings left out', () => {
    const { tracker, emitter } = setup();
    tracker.trackStructEvent({
      category: 'shop',
      action: 'add',
      label: '',
      property: 'pcs',
      value: 0,
      eventId: EID,
    });
    expect(emitter.payloads).toStrictEqual([
      { ...BASE, e: 'se', se_ca: 'shop', se_ac: 'add', se_pr: 'pcs', se_va: '0' },
    ]);
  });

  it('structured event with every field and a decimal value', () => {
    const { tracker, emitter } = setup();
    tracker.trackStructEvent({
      category: 'c',
      action: 'a',
      label: 'l',
      property: 'p',
      value: 13.99,
      eventId: EID,
    });
    expect(emitter.payloads).toStrictEqual([
      { ...BASE, e: 'se', se_ca: 'c', se_ac: 'a', se_la: 'l', se_pr: 'p', se_va: '13.99' },
    ]);
  });

  it('self-describing event with two contexts, base64 over UTF-8', () => {
    const { tracker, emitter } = setup();
    tracker.trackSelfDescribingEvent({ event: EVENT, context: CTX, eventId: EID });
    expect(emitter.payloads).toStrictEqual([{ ...BASE, e: 'ue', ue_px: b64(UE_JSON), cx: b64(CX_JSON) }]);
  });

  it('self-describing event with two contexts, raw JSON', () => {
    const { tracker, emitter } = setup({ encodeBase64: false });
    tracker.trackUnstructEvent({ event: EVENT, context: CTX, eventId: EID });
    expect(emitter.payloads).toStrictEqual([{ ...BASE, e: 'ue', ue_pr: UE_JSON, co: CX_JSON }]);
  });

  it('trackSelfDescribing takes the event and the options apart', () => {
    const { tracker, emitter } = setup({ encodeBase64: false });
    tracker.trackSelfDescribing(EVENT, { context: CTX, eventId: EID, timestamp: 1_600_000_000_000 });
    tracker.trackSelfDescribing(EVENT);
    expect(emitter.payloads[0]).toStrictEqual({
      ...BASE,
      e: 'ue',
      ttm: '1600000000000',
      ue_pr: UE_JSON,
      co: CX_JSON,
    });
    expect(emitter.payloads[1]?.ue_pr).toBe(UE_JSON);
    expect(emitter.payloads[1]?.co).toBeUndefined();
  });

  it('dtm is the creation time of each event, also when the clock moves by a millisecond', () => {
    const { tracker, emitter } = setup();
    tracker.trackPageView({ pageUrl: 'https://a' });
    vi.setSystemTime(NOW + 1);
    tracker.trackPageView({ pageUrl: 'https://a' });
    tracker.trackSelfDescribing(EVENT);
    vi.setSystemTime(NOW + 60_000);
    tracker.trackSelfDescribing(EVENT);
    expect(emitter.payloads.map((p) => Number(p.dtm) - NOW)).toStrictEqual([0, 1, 1, 60_000]);
  });

  it('true timestamp: ttm alongside dtm', () => {
    const { tracker, emitter } = setup();
    tracker.trackPageView({ pageUrl: 'https://a', timestamp: 1_368_725_287_000, eventId: EID });
    expect(emitter.payloads).toStrictEqual([{ ...BASE, e: 'pv', url: 'https://a', ttm: '1368725287000' }]);
  });

  it('ecommerce transaction: tr, then one ti per item sharing order id, currency and times', () => {
    const { tracker, emitter } = setup({ encodeBase64: false });
    tracker.trackEcommerceTransaction({
      orderId: '6a8078be',
      totalValue: 35,
      affiliation: 'shop',
      taxValue: 3.5,
      shipping: 0,
      city: 'London',
      state: 'LDN',
      country: 'UK',
      currency: 'GBP',
      timestamp: 1_600_000_000_000,
      eventId: EID,
      items: [
        {
          sku: 'pbz0026',
          price: 20,
          quantity: 1,
          name: 'Pizza',
          category: 'food',
          context: [CTX[0] as never],
        },
        { sku: 'pbz0038', price: 15, quantity: 1 },
      ],
    });
    const [tr, ti1, ti2] = emitter.payloads;
    expect(tr).toStrictEqual({
      ...BASE,
      e: 'tr',
      ttm: '1600000000000',
      tr_id: '6a8078be',
      tr_af: 'shop',
      tr_tt: '35',
      tr_tx: '3.5',
      tr_sh: '0',
      tr_ci: 'London',
      tr_st: 'LDN',
      tr_co: 'UK',
      tr_cu: 'GBP',
    });
    const item = { ...BASE, e: 'ti', ttm: '1600000000000', ti_id: '6a8078be', ti_cu: 'GBP' };
    expect(ti1).toStrictEqual({
      ...item,
      eid: ti1?.eid,
      ti_sk: 'pbz0026',
      ti_nm: 'Pizza',
      ti_ca: 'food',
      ti_pr: '20',
      ti_qu: '1',
      co: `{"schema":"${CONTEXTS_SCHEMA}","data":[{"schema":"iglu:com.acme/user/jsonschema/1-0-0","data":{"tier":2}}]}`,
    });
    expect(ti2).toStrictEqual({ ...item, eid: ti2?.eid, ti_sk: 'pbz0038', ti_pr: '15', ti_qu: '1' });
    expect(new Set([tr?.eid, ti1?.eid, ti2?.eid]).size).toBe(3);
    expect(tracker.lastEventId).toBe(EID);
    expect(tracker.lastEventIds).toStrictEqual([EID, ti1?.eid, ti2?.eid]);
  });

  it('ecommerce transaction item on its own', () => {
    const { tracker, emitter } = setup();
    tracker.trackEcommerceTransactionItem({
      orderId: 'order-789',
      sku: '2001',
      price: 49.99,
      quantity: 1,
      name: 'Green shoes',
      category: 'clothing',
      currency: 'EUR',
      eventId: EID,
    });
    expect(emitter.payloads).toStrictEqual([
      {
        ...BASE,
        e: 'ti',
        ti_id: 'order-789',
        ti_sk: '2001',
        ti_nm: 'Green shoes',
        ti_ca: 'clothing',
        ti_pr: '49.99',
        ti_qu: '1',
        ti_cu: 'EUR',
      },
    ]);
  });

  it('every subject field, with the network user id as tnuid', () => {
    const { tracker, emitter } = setup({ subject: fullSubject() });
    tracker.trackPageView({ pageUrl: 'https://a', eventId: EID });
    expect(emitter.payloads).toStrictEqual([
      {
        ...BASE,
        e: 'pv',
        url: 'https://a',
        p: 'mob',
        uid: 'user-1',
        res: '1920x1080',
        vp: '1280x720',
        cd: '24',
        tz: 'Europe/London',
        lang: 'en-GB',
        ip: '203.0.113.9',
        ua: 'agent/1.0',
        duid: 'duid-1',
        tnuid: 'nuid-1',
        sid: '5f0c5a8e-1d2b-4c3a-9e4f-6a7b8c9d0e1f',
        vid: '3',
      },
    ]);
    expect(emitter.payloads[0]).not.toHaveProperty('nuid');
  });

  it('no namespace, no app id, null optional fields: those keys are absent', () => {
    const emitter = recordingEmitter();
    new Tracker({ emitters: emitter }).trackPageView({
      pageUrl: 'https://a',
      pageTitle: null,
      referrer: undefined,
      eventId: EID,
      context: null,
    });
    expect(emitter.payloads).toStrictEqual([
      { e: 'pv', eid: EID, tv: 'plowtype-0.1.0', p: 'srv', dtm: String(NOW), url: 'https://a' },
    ]);
  });

  it('generates a fresh UUID v4 per event when no eventId is given', () => {
    const { tracker, emitter } = setup();
    tracker.trackPageView({ pageUrl: 'https://a' }).trackPageView({ pageUrl: 'https://a' });
    const [a, b] = emitter.payloads.map((p) => p.eid);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(tracker.lastEventId).toBe(b);
    expect(tracker.lastEventIds).toStrictEqual([b]);
  });

  it('decodes to the same JSON it was given, non-ASCII included', () => {
    const { tracker, emitter } = setup();
    tracker.trackSelfDescribingEvent({ event: EVENT, context: CTX });
    const payload = emitter.payloads[0] ?? {};
    expect(b64json(payload.ue_px)).toStrictEqual({ schema: UNSTRUCT_EVENT_SCHEMA, data: EVENT });
    expect(b64json(payload.cx)).toStrictEqual({ schema: CONTEXTS_SCHEMA, data: CTX });
  });

  it('gives every emitter its own copy of the payload, even one that changes it inside input()', () => {
    const a = {
      input: (p: Record<string, string>) => {
        p.stm = '1';
      },
    };
    const b = recordingEmitter();
    const c = recordingEmitter();
    new Tracker({ emitters: [a, b, c] }).trackPageView({ pageUrl: 'https://a', eventId: EID });
    const { tna: _n, aid: _a, ...base } = BASE;
    expect(b.payloads).toStrictEqual([{ ...base, e: 'pv', url: 'https://a' }]);
    expect(c.payloads[0]).toStrictEqual(b.payloads[0]);
    expect(c.payloads[0]).not.toBe(b.payloads[0]);
  });

  it('the default subject is shared state: setters after construction apply to later events', () => {
    const subject = new Subject();
    const { tracker, emitter } = setup({ subject });
    tracker.trackPageView({ pageUrl: 'https://a' });
    subject.setUserId('later');
    tracker.trackPageView({ pageUrl: 'https://a' });
    expect(emitter.payloads.map((p) => p.uid)).toStrictEqual([undefined, 'later']);
  });
});
