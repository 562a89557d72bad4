/**
 * Every event kind through the real Tracker and HTTP emitters, over real HTTP into the collector: each
 * event arrives good, with exactly the parameters an InMemoryEmitter recorded for the same calls (plus
 * the `stm` the HTTP emitter adds at send time).
 */
import { AsyncEmitter, Emitter, InMemoryEmitter, Subject, Tracker } from 'plowtype';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Collector, startCollector } from '../../src/collector/index.js';
import { LEVEL_UP, PLAYER, PLAYER_ID, REGISTRY } from './helpers.js';

const collector: Collector = await startCollector({ registries: [REGISTRY] });
afterAll(() => collector.stop());
beforeEach(() => collector.reset());

const player = { schema: PLAYER, data: { id: PLAYER_ID, name: 'Zoë 😀' } };

/** One call of each kind the tracker offers (8 events: the transaction makes 3). */
function trackEverything(tracker: Tracker): void {
  const userB = new Subject().setUserId('user-b').setPlatform('mob');
  tracker
    .trackPageView({
      pageUrl: 'https://example.com/a?b=c&d=e f',
      pageTitle: 'Ünïcode & <more>',
      referrer: 'https://r.example',
    })
    .trackScreenView({ name: 'Settings', id: 'b2f1c7c8-3a2e-4a55-9c1e-1d6c4f1e9a10' })
    .trackStructEvent({
      category: 'shop',
      action: 'add',
      label: 'l',
      property: 'p',
      value: 2.5,
      context: [player],
    })
    .trackSelfDescribingEvent({
      event: { schema: LEVEL_UP, data: { level: 7, character: 'Zoë', mode: 'easy' } },
      context: [player, { schema: PLAYER, data: { id: PLAYER_ID, name: null } }],
      timestamp: 1_700_000_000_123,
      subject: userB,
    })
    .trackEcommerceTransaction({
      orderId: 'order-1',
      totalValue: 31.5,
      affiliation: 'web',
      taxValue: 1.5,
      shipping: 5,
      city: 'Berlin',
      country: 'DE',
      currency: 'EUR',
      items: [
        { sku: 'sku-1', price: 10, quantity: 2, name: 'Sock', category: 'clothes' },
        { sku: 'sku-2', price: 5.25, quantity: 1, context: [player] },
      ],
    })
    .trackEcommerceTransactionItem({
      orderId: 'order-2',
      sku: 'sku-3',
      price: 1,
      quantity: 3,
      currency: 'USD',
    });
}

const KINDS = [
  'page_view',
  'unstruct',
  'struct',
  'unstruct',
  'transaction',
  'transaction_item',
  'transaction_item',
  'transaction_item',
];

async function run(method: 'get' | 'post', encodeBase64: boolean, Kind: typeof Emitter = Emitter) {
  const memory = new InMemoryEmitter();
  const http = new Kind({ endpoint: collector.url, method, flushInterval: 0 });
  const subject = new Subject().setUserId('user-a').setScreenResolution(1920, 1080).setLang('de-DE');
  const tracker = new Tracker({
    emitters: [memory, http],
    subject,
    namespace: 'e2e',
    appId: 'plowtype-test',
    encodeBase64,
  });
  trackEverything(tracker);
  await tracker.flush();
  await tracker.close();
  return memory.payloads;
}

describe.each([
  ['post', true],
  ['post', false],
  ['get', true],
  ['get', false],
] as const)('Tracker + Emitter, %s, base64 %s', (method, encodeBase64) => {
  it('delivers every event kind, good and exactly as tracked, in order', async () => {
    const tracked = await run(method, encodeBase64);
    expect(collector.events.bad()).toEqual([]);
    const received = collector.events.good().reverse();
    expect(received.map((g) => g.eventType)).toEqual(KINDS);
    expect(received.map((g) => g.rawEvent.api.version)).toEqual(
      KINDS.map(() => (method === 'get' ? 'tp1' : 'tp2')),
    );
    received.forEach((good, i) => {
      const { stm, ...parameters } = good.rawEvent.parameters;
      expect(stm).toMatch(/^\d{13}$/);
      expect(parameters).toEqual(tracked[i]);
      const plain = encodeBase64 ? ['ue_pr', 'co'] : ['ue_px', 'cx'];
      expect(Object.keys(parameters).filter((k) => plain.includes(k))).toEqual([]);
    });
    const unstruct = received.filter((g) => g.eventType === 'unstruct');
    expect(unstruct.map((g) => g.schema)).toEqual([
      'iglu:com.snowplowanalytics.snowplow/screen_view/jsonschema/1-0-0',
      LEVEL_UP,
    ]);
    expect(unstruct[1]?.event).toMatchObject({
      unstruct_event: { data: { schema: LEVEL_UP, data: { level: 7, character: 'Zoë', mode: 'easy' } } },
      user_id: 'user-b',
      platform: 'mob',
      true_tstamp: '2023-11-14T22:13:20.123Z',
    });
    expect(unstruct[1]?.contexts).toEqual([PLAYER, PLAYER]);
    expect(received[0]?.event).toMatchObject({
      page_title: 'Ünïcode & <more>',
      user_id: 'user-a',
      dvce_screenwidth: 1920,
    });
  });
});

describe('AsyncEmitter (concurrent, unordered)', () => {
  it.each(['get', 'post'] as const)('delivers every event exactly once over %s', async (method) => {
    const tracked = await run(method, true, AsyncEmitter);
    expect(collector.events.bad()).toEqual([]);
    const byEid = (a: { eid?: string }, b: { eid?: string }) => String(a.eid).localeCompare(String(b.eid));
    const received = collector.events.good().map(
      ({
        rawEvent: {
          parameters: { stm: _s, ...p },
        },
      }) => p,
    );
    expect(received.sort(byEid)).toEqual([...tracked].sort(byEid));
  });
});
