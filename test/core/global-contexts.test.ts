import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ContextEvent,
  ContractError,
  createLogger,
  type GlobalContext,
  type MessageLevel,
} from '../../src/index.js';
import { BASE, b64json, EID, NOW, setup } from './support.js';

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const PAGE = { schema: 'iglu:com.acme/page/jsonschema/1-0-0', data: { section: 'shop' } };
const USER = { schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: { tier: 2 } };
const VIEWED = { schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0', data: { sku: 'SKU-1' } };
const OTHER = { schema: 'iglu:org.other/thing/jsonschema/2-0-0', data: {} };
const CONTEXTS = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1';

function logged() {
  const lines: [MessageLevel, string][] = [];
  return {
    lines,
    logger: createLogger({ level: 'debug', sink: (level, msg) => void lines.push([level, msg]) }),
  };
}

/** The entities of each payload, as schemas (or the data for our own test entities). */
const entities = (payloads: Record<string, string>[]) =>
  payloads.map((p) => (p.cx === undefined ? [] : (b64json(p.cx) as { data: { schema: string }[] }).data));

describe('global contexts', () => {
  it('a fixed entity goes to every kind of event, after the call’s own contexts', () => {
    const { tracker, emitter } = setup();
    tracker.addGlobalContexts([PAGE]);
    tracker
      .trackPageView({ pageUrl: 'https://x/', eventId: EID, context: [USER] })
      .trackStructEvent({ category: 'c', action: 'a', eventId: EID })
      .trackSelfDescribingEvent({ event: VIEWED, eventId: EID })
      .trackEcommerceTransaction({
        orderId: 'o-1',
        totalValue: 10,
        items: [{ sku: 's', price: 10, quantity: 1 }],
      });
    expect(emitter.payloads[0]).toStrictEqual({
      e: 'pv',
      ...BASE,
      url: 'https://x/',
      cx: Buffer.from(JSON.stringify({ schema: CONTEXTS, data: [USER, PAGE] })).toString('base64url'),
    });
    expect(entities(emitter.payloads)).toStrictEqual([[USER, PAGE], [PAGE], [PAGE], [PAGE], [PAGE]]);
  });

  it('a generator builds entities from the event (node-tracker’s arguments); nothing returned adds nothing', () => {
    const { tracker, emitter } = setup();
    const seen: ContextEvent[] = [];
    tracker.addGlobalContexts([
      (args) => {
        seen.push({ ...args, event: { ...args.event } });
        return args.eventType === 'se' ? undefined : { schema: PAGE.schema, data: { section: args.event.e } };
      },
    ]);
    tracker.trackStructEvent({ category: 'c', action: 'a', eventId: EID });
    tracker.trackSelfDescribingEvent({ event: VIEWED, eventId: EID });
    expect(entities(emitter.payloads)).toStrictEqual([
      [],
      [{ schema: PAGE.schema, data: { section: 'ue' } }],
    ]);
    expect(seen).toStrictEqual([
      { event: { e: 'se', ...BASE, se_ca: 'c', se_ac: 'a' }, eventType: 'se', eventSchema: '' },
      { event: { e: 'ue', ...BASE }, eventType: 'ue', eventSchema: VIEWED.schema },
    ]);
  });

  it.each<[string, GlobalContext, string[]]>([
    [
      'accept by vendor',
      [{ accept: 'iglu:com.acme/*/jsonschema/*-*-*' }, [PAGE]],
      ['viewed_product', 'user'],
    ],
    [
      'accept a list',
      [{ accept: ['iglu:org.other/*/jsonschema/2-*-*', 'iglu:com.acme/user/jsonschema/1-0-0'] }, PAGE],
      ['user', 'thing'],
    ],
    [
      'reject only: all but those',
      [{ reject: 'iglu:com.acme/user/jsonschema/*-*-*' }, [PAGE]],
      ['viewed_product', 'thing', 'pv'],
    ],
    [
      'accept and reject',
      [{ accept: 'iglu:com.acme/*/jsonschema/*-*-*', reject: 'iglu:*/user/*/*-*-*' }, [PAGE]],
      ['viewed_product'],
    ],
    ['a filter', [(a: ContextEvent) => a.eventType === 'pv', [PAGE]], ['pv']],
  ])('a conditional provider: %s', (_name, provider, want) => {
    const { tracker, emitter } = setup();
    tracker.addGlobalContexts([provider]);
    for (const event of [VIEWED, USER, OTHER]) tracker.trackSelfDescribingEvent({ event });
    tracker.trackPageView({ pageUrl: 'u' });
    const kinds = ['viewed_product', 'user', 'thing', 'pv'];
    expect(kinds.filter((_k, i) => entities(emitter.payloads)[i]?.length === 1)).toStrictEqual(
      kinds.filter((k) => want.includes(k)),
    );
  });

  it('removeGlobalContexts compares as node-tracker: an equal entity or ruleset, the same function', () => {
    const { tracker, emitter } = setup();
    const filter = () => true;
    tracker.addGlobalContexts([
      PAGE,
      [{ accept: 'iglu:com.acme/*/jsonschema/*-*-*' }, [USER]],
      [filter, [OTHER]],
    ]);
    tracker.removeGlobalContexts([
      structuredClone(PAGE),
      [{ accept: 'iglu:com.acme/*/jsonschema/*-*-*' }, [structuredClone(USER)]],
      [() => true, [OTHER]], // another function: not the one added
    ]);
    tracker.trackSelfDescribingEvent({ event: VIEWED });
    expect(entities(emitter.payloads)).toStrictEqual([[OTHER]]);
  });

  it('removeGlobalContexts by the same object or function, or by name; clearGlobalContexts', () => {
    const { tracker, emitter } = setup();
    const generator = () => USER;
    tracker.addGlobalContexts([PAGE, generator]).addGlobalContexts({ other: OTHER });
    tracker.trackPageView({ pageUrl: 'u' });
    tracker.removeGlobalContexts([generator, 'other']).trackPageView({ pageUrl: 'u' });
    tracker.clearGlobalContexts().trackPageView({ pageUrl: 'u' });
    expect(entities(emitter.payloads)).toStrictEqual([[PAGE, USER, OTHER], [PAGE], []]);
  });

  it('a generator that throws or returns a non-entity is logged and left out; the event still goes', () => {
    const { lines, logger } = logged();
    const { tracker, emitter } = setup({ logger });
    tracker.addGlobalContexts([
      () => {
        throw new Error('no session');
      },
      () => ({ schema: 'not-iglu', data: {} }),
      PAGE,
    ]);
    tracker.trackPageView({ pageUrl: 'u', eventId: EID });
    expect(entities(emitter.payloads)).toStrictEqual([[PAGE]]);
    expect(lines).toStrictEqual([
      ['error', `Global context left out of event ${EID}: no session`],
      [
        'error',
        `Global context left out of event ${EID}: Contract breach in global context generator: result[0].schema expected an Iglu URI (iglu:vendor/name/jsonschema/M-R-A), got string "not-iglu"`,
      ],
    ]);
  });

  it.each<[string, unknown, string]>([
    [
      'a bad entity',
      [{ schema: 'x', data: {} }],
      'contexts[0][0].schema expected an Iglu URI (iglu:vendor/name/jsonschema/M-R-A), got string "x"',
    ],
    [
      'a bad rule',
      [[{ accept: 'iglu:com.acme/*' }, [PAGE]]],
      'contexts[0][0].accept[0] expected an Iglu pattern (iglu:vendor/name/jsonschema/M-R-A, * for any), got string "iglu:com.acme/*"',
    ],
    [
      'no rule',
      [[{}, [PAGE]]],
      'contexts[0][0] expected a filter function or a ruleset { accept?, reject? }, got an object',
    ],
    [
      'a triple',
      [[() => true, PAGE, PAGE]],
      'contexts[0] expected a context, or a [filter or ruleset, contexts] pair, got an array of length 3',
    ],
    ['not a list', 'x', 'contexts expected an array or a record of global contexts, got string "x"'],
  ])('adding %s throws a ContractError naming it', (_name, given, want) => {
    const { tracker } = setup();
    let thrown: unknown;
    try {
      tracker.addGlobalContexts(given as GlobalContext[]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ContractError);
    expect((thrown as ContractError).message).toBe(`Contract breach in Tracker.addGlobalContexts: ${want}`);
  });
});
