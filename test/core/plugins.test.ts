import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ContractError,
  createLogger,
  type MessageLevel,
  type Payload,
  type Plugin,
  Subject,
} from '../../src/index.js';
import { BASE, b64json, EID, NOW, setup } from './support.js';

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const PAGE = { schema: 'iglu:com.acme/page/jsonschema/1-0-0', data: { section: 'shop' } };
const APP = { schema: 'iglu:com.acme/app/jsonschema/1-0-0', data: { build: '7' } };
const VIEWED = {
  schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0',
  data: { sku: 'SKU-1', email: 'a@b.c' },
};

function logged() {
  const lines: [MessageLevel, string][] = [];
  return {
    lines,
    logger: createLogger({ level: 'debug', sink: (level, msg) => void lines.push([level, msg]) }),
  };
}

const cx = (p: Payload | undefined) => (b64json(p?.cx) as { data: unknown[] }).data;

describe('plugins', () => {
  it('run in tracker-core’s order: call contexts, plugin contexts, global contexts, beforeTrack, filter, send, afterTrack', () => {
    const calls: string[] = [];
    const { tracker, emitter } = setup();
    tracker.addGlobalContexts([
      () => {
        calls.push('global context');
        return PAGE;
      },
    ]);
    tracker.addPlugin({
      contexts: () => {
        calls.push('contexts');
        return [APP];
      },
      beforeTrack: (e) => void calls.push(`beforeTrack ${e.contexts.length}`),
      filter: () => {
        calls.push('filter');
        return true;
      },
      afterTrack: (p) => void calls.push(`afterTrack ${p.eid} ${emitter.payloads.length}`),
    });
    tracker.trackPageView({ pageUrl: 'u', eventId: EID, context: [VIEWED] });
    expect(calls).toStrictEqual([
      'contexts',
      'global context',
      'beforeTrack 3',
      'filter',
      `afterTrack ${EID} 1`,
    ]);
    expect(cx(emitter.payloads[0])).toStrictEqual([VIEWED, APP, PAGE]);
  });

  it('beforeTrack changes the event: PII scrubbed from fields and from the event data, entities dropped', () => {
    const { tracker, emitter } = setup({ subject: new Subject().setUserId('user-1').setLang('de') });
    const scrub: Plugin = {
      beforeTrack(e) {
        delete e.event.uid;
        if (e.event.url) e.event.url = e.event.url.replace(/\?.*$/, '');
        if (e.selfDescribing) {
          const { email: _gone, ...data } = e.selfDescribing.data as Record<string, unknown>;
          e.selfDescribing = { schema: e.selfDescribing.schema, data };
        }
        e.contexts.splice(0, e.contexts.length, ...e.contexts.filter((c) => c.schema !== PAGE.schema));
      },
    };
    tracker.addPlugin(scrub);
    tracker.trackPageView({ pageUrl: 'https://x/p?token=secret', eventId: EID, context: [PAGE] });
    tracker.trackSelfDescribingEvent({ event: VIEWED, eventId: EID });
    expect(emitter.payloads[0]).toStrictEqual({ e: 'pv', ...BASE, lang: 'de', url: 'https://x/p' });
    expect(b64json(emitter.payloads[1]?.ue_px)).toStrictEqual({
      schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
      data: { schema: VIEWED.schema, data: { sku: 'SKU-1' } },
    });
    // The caller's object is untouched.
    expect(VIEWED.data.email).toBe('a@b.c');
  });

  it('a filter returning false drops the event: logged at debug, not sent, not in lastEventIds', () => {
    const { lines, logger } = logged();
    const { tracker, emitter } = setup({ logger });
    tracker.addPlugin({ filter: (e) => e.eventType !== 'ti' && e.event.url !== 'https://test/' });
    tracker.trackPageView({ pageUrl: 'https://test/', eventId: EID });
    expect(tracker.lastEventId).toBeUndefined();
    tracker.trackEcommerceTransaction({
      orderId: 'o',
      totalValue: 1,
      items: [{ sku: 's', price: 1, quantity: 1 }],
    });
    expect(emitter.payloads.map((p) => p.e)).toStrictEqual(['tr']);
    expect(tracker.lastEventIds).toStrictEqual([emitter.payloads[0]?.eid]);
    expect(lines.map(([level, msg]) => [level, msg.replace(/eid [^)]+/, 'eid X')])).toStrictEqual([
      ['debug', 'Event dropped by a plugin filter (eid X)'],
      ['debug', 'Event dropped by a plugin filter (eid X)'],
    ]);
  });

  it('a hook that throws is logged and skipped; the event still goes; a throwing filter keeps it', () => {
    const { lines, logger } = logged();
    const { tracker, emitter } = setup({ logger });
    const boom = () => {
      throw new Error('boom');
    };
    tracker.addPlugin({ contexts: boom, beforeTrack: boom, filter: boom, afterTrack: boom });
    tracker.addPlugin({ contexts: () => [{ schema: 'nope', data: {} }] });
    tracker.trackPageView({ pageUrl: 'u', eventId: EID });
    expect(emitter.payloads).toStrictEqual([{ e: 'pv', ...BASE, url: 'u' }]);
    expect(lines).toStrictEqual([
      ['error', 'Plugin contexts threw: boom'],
      [
        'error',
        'Plugin contexts threw: Contract breach in Plugin.contexts: result[0].schema expected an Iglu URI (iglu:vendor/name/jsonschema/M-R-A), got string "nope"',
      ],
      ['error', 'Plugin beforeTrack threw: boom'],
      ['error', 'Plugin filter threw: boom'],
      ['error', 'Plugin afterTrack threw: boom'],
    ]);
  });

  it('an entity a plugin adds in beforeTrack that cannot be encoded is left out, logged; the call’s own stay', () => {
    const { lines, logger } = logged();
    const { tracker, emitter } = setup({ logger });
    tracker.addPlugin({ beforeTrack: (e) => void e.contexts.push({ schema: APP.schema, data: { n: 1n } }) });
    tracker.trackPageView({ pageUrl: 'u', eventId: EID, context: [PAGE] });
    expect(cx(emitter.payloads[0])).toStrictEqual([PAGE]);
    expect(lines).toStrictEqual([
      [
        'error',
        `Plugin and global contexts left out of event ${EID}: Contract breach in Tracker.trackPageView: context[1].data expected JSON-serialisable data, got data that fails: Do not know how to serialize a BigInt`,
      ],
    ]);
  });

  it('addPlugin refuses a hook that is not a function', () => {
    const { tracker } = setup();
    expect(() => tracker.addPlugin({ filter: true } as unknown as Plugin)).toThrow(
      new ContractError('Tracker.addPlugin', 'plugin.filter', 'a function', 'boolean true'),
    );
  });
});
