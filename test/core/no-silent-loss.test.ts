/**
 * Property: no input to any track method is dropped without a report. Each call either throws a
 * ContractError (and then no emitter got any event of it), or every event id it returned reaches every
 * emitter: delivered to the collector, or given to `onFailure`. Strings include lone surrogates (half an
 * emoji), data includes what JSON cannot hold; events go out over GET and POST at once, and through a
 * second tracker whose one POST emitter takes events as JSON (the direct path of self-describing events).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ContractError,
  createLogger,
  Emitter,
  InMemoryEmitter,
  type Payload,
  Subject,
  Tracker,
} from '../../src/index.js';
import { mockCollector, ORIGIN } from '../emitters/mock-collector.js';

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', '\ud83d', 'Café 😀'.slice(0, 6), '\udc00x', 'a'.repeat(9000)),
);
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(Number.NaN, 1_700_000_000_000));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, fc.constant(undefined), fc.constant(null));
/** Mostly absent: an option that breaks its contract fails the whole call, so most calls leave them out. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, { arbitrary: maybe(arb), weight: 1 });
const data = fc.oneof(fc.jsonValue(), fc.anything({ withBigInt: true, maxDepth: 2 }));
const schema = fc.oneof(fc.constant('iglu:com.acme/x/jsonschema/1-0-0'), text);
const sdj = fc.oneof(fc.record({ schema, data }), data);
const context = maybe(fc.oneof(fc.array(sdj, { maxLength: 3 }), data));
const options = {
  context: rarely(context),
  timestamp: rarely(number),
  deviceTimestamp: rarely(number),
  subject: rarely(fc.oneof(fc.constant(new Subject().setUserId('u')), data)),
  eventId: rarely(fc.oneof(fc.uuid({ version: 4 }), text)),
};
const item = fc.record({ sku: text, price: number, quantity: number, name: maybe(text), context });

const calls = fc.oneof(
  fc.record({
    method: fc.constant('trackPageView'),
    p: fc.record({ pageUrl: text, pageTitle: maybe(text), referrer: maybe(text), ...options }),
  }),
  fc.record({
    method: fc.constant('trackScreenView'),
    p: fc.record({ name: maybe(text), id: maybe(text), ...options }),
  }),
  fc.record({
    method: fc.constant('trackStructEvent'),
    p: fc.record({
      category: text,
      action: text,
      label: maybe(text),
      property: maybe(text),
      value: maybe(number),
      ...options,
    }),
  }),
  fc.record({
    method: fc.constantFrom('trackSelfDescribingEvent', 'trackUnstructEvent'),
    p: fc.record({ event: sdj, ...options }),
  }),
  fc.record({
    method: fc.constant('trackEcommerceTransaction'),
    p: fc.record({
      orderId: text,
      totalValue: number,
      currency: maybe(text),
      items: fc.array(item, { maxLength: 3 }),
      ...options,
    }),
  }),
  fc.record({
    method: fc.constant('trackEcommerceTransactionItem'),
    p: fc.record({ orderId: text, sku: text, price: number, quantity: number, ...options }),
  }),
  fc.record({ method: fc.constant('trackPageView'), p: data }),
  // What generated track functions call: the event and the options apart.
  fc.record({ method: fc.constant('trackSelfDescribing'), p: sdj, options: maybe(fc.record(options)) }),
);

describe('no track input is dropped without a report', () => {
  it('every event id returned is delivered or reported by every emitter; a call that throws sends nothing', async () => {
    const get = mockCollector();
    const post = mockCollector();
    const alone = mockCollector();
    type Kind = 'get' | 'post' | 'alone';
    const unsent: Record<Kind, Payload[]> = { get: [], post: [], alone: [] };
    const quiet = createLogger({ level: 'off' });
    const emitter = (kind: Kind, agent: typeof get.agent) =>
      new Emitter({
        endpoint: ORIGIN,
        method: kind === 'get' ? 'get' : 'post',
        dispatcher: agent,
        logger: quiet,
        flushInterval: 0,
        onFailure: (_sent, events) => void unsent[kind].push(...events),
      });
    const record = new InMemoryEmitter();
    const emitters = [emitter('get', get.agent), emitter('post', post.agent), record];
    const tracker = new Tracker({ emitters, logger: quiet });
    // A tracker with one POST Emitter takes the direct JSON path (inputJson) for self-describing events.
    const direct = emitter('alone', alone.agent);
    const directTracker = new Tracker({ emitters: direct, logger: quiet });
    const tracked: string[] = [];
    const trackedDirect: string[] = [];
    let thrown = 0;
    fc.assert(
      fc.property(calls, (call) => {
        const { method, p } = call;
        const before = record.payloads.length;
        try {
          for (const t of [directTracker, tracker]) {
            const track = (t as unknown as Record<string, (...args: unknown[]) => void>)[method];
            if ('options' in call) track?.call(t, p, call.options);
            else track?.call(t, p);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(ContractError);
          expect(record.payloads.length).toBe(before);
          thrown += 1;
          return;
        }
        expect(tracker.lastEventIds.length).toBeGreaterThan(0);
        expect(record.payloads.slice(before).map((one) => one.eid)).toStrictEqual(tracker.lastEventIds);
        tracked.push(...tracker.lastEventIds);
        trackedDirect.push(...directTracker.lastEventIds);
      }),
      { numRuns: 400, seed: 10 },
    );
    await Promise.all([...emitters, direct].map((e) => e.close()));
    for (const [kind, sent, ids] of [
      ['get', get.sent, tracked],
      ['post', post.sent, tracked],
      ['alone', alone.sent, trackedDirect],
    ] as const) {
      const seen = new Set([
        ...sent.flatMap((r) => r.events.map((e) => e.eid)),
        ...unsent[kind].map((e) => e.eid),
      ]);
      expect(ids.filter((eid) => !seen.has(eid))).toStrictEqual([]);
    }
    expect(trackedDirect).toHaveLength(tracked.length);
    // The property says something only if both outcomes happened, and some events were too large for GET.
    expect(thrown).toBeGreaterThan(50);
    expect(tracked.length).toBeGreaterThan(50);
    expect(unsent.get.length).toBeGreaterThan(0);
  });
});
