import { setImmediate as tick } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ContractError,
  currentSubject,
  type JsonInput,
  type Payload,
  runWithSubject,
  Subject,
} from '../../src/index.js';
import { BASE, EID, NOW, setup } from './support.js';

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('runWithSubject', () => {
  it('every track call inside fn, however many awaits later, uses the subject merged over the tracker’s', async () => {
    const { tracker, emitter } = setup({ subject: new Subject().setPlatform('web').setLang('en') });
    const request = new Subject().setUserId('user-7').setIpAddress('203.0.113.7');
    const result = await runWithSubject(request, async () => {
      await tick();
      await Promise.resolve();
      tracker.trackPageView({ pageUrl: 'u', eventId: EID });
      return 'done';
    });
    tracker.trackPageView({ pageUrl: 'u', eventId: EID });
    expect(result).toBe('done');
    expect(emitter.payloads).toStrictEqual([
      { e: 'pv', ...BASE, p: 'web', uid: 'user-7', lang: 'en', ip: '203.0.113.7', url: 'u' },
      { e: 'pv', ...BASE, p: 'web', lang: 'en', url: 'u' },
    ]);
  });

  it('a call’s own subject wins over the request’s, field by field; a nested run replaces the outer one', () => {
    const { tracker, emitter } = setup();
    runWithSubject(new Subject().setUserId('outer').setLang('de'), () => {
      tracker.trackStructEvent({
        category: 'c',
        action: 'a',
        eventId: EID,
        subject: new Subject().setLang('fr'),
      });
      runWithSubject(new Subject().setUserId('inner'), () => {
        tracker.trackStructEvent({ category: 'c', action: 'a', eventId: EID });
      });
      expect(currentSubject()?.fields.uid).toBe('outer');
    });
    expect(currentSubject()).toBeUndefined();
    expect(emitter.payloads.map(({ uid, lang }) => ({ uid, lang }))).toStrictEqual([
      { uid: 'outer', lang: 'fr' },
      { uid: 'inner', lang: undefined },
    ]);
  });

  it('100 interleaved async requests: no event carries another request’s subject (events given as JSON)', async () => {
    const json: string[] = [];
    const direct: JsonInput & { input(p: Payload): void } = {
      input: () => undefined,
      inputJson: (text) => void json.push(text),
    };
    const { tracker } = setup({ emitters: direct });
    await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        runWithSubject(new Subject().setUserId(`user-${n}`), async () => {
          for (let step = 0; step < 3; step += 1) {
            await tick();
            tracker.trackSelfDescribingEvent({
              event: { schema: 'iglu:com.acme/step/jsonschema/1-0-0', data: { n, step } },
            });
          }
        }),
      ),
    );
    const events = json.map((text) => JSON.parse(text) as Payload);
    expect(events).toHaveLength(300);
    for (const event of events) {
      const data = JSON.parse(Buffer.from(event.ue_px as string, 'base64url').toString()) as {
        data: { data: { n: number } };
      };
      expect(event.uid).toBe(`user-${data.data.data.n}`);
    }
  });

  it('refuses what is not a Subject or not a function', () => {
    expect(() => runWithSubject({} as Subject, () => 1)).toThrow(
      new ContractError('runWithSubject', 'subject', 'a Subject', 'an object'),
    );
    expect(() => runWithSubject(new Subject(), 'x' as never)).toThrow(
      new ContractError('runWithSubject', 'fn', 'a function', 'string "x"'),
    );
  });
});

describe('deviceTimestamp (backfills and replays)', () => {
  it('sets dtm beside the true timestamp, on the record path and the direct JSON path', () => {
    const { tracker, emitter } = setup();
    tracker.trackPageView({
      pageUrl: 'u',
      eventId: EID,
      deviceTimestamp: 1_600_000_000_000,
      timestamp: 1_600_000_000_500,
    });
    expect(emitter.payloads[0]).toStrictEqual({
      e: 'pv',
      ...BASE,
      dtm: '1600000000000',
      ttm: '1600000000500',
      url: 'u',
    });
    const json: string[] = [];
    const { tracker: direct } = setup({
      emitters: { input: () => undefined, inputJson: (t: string) => void json.push(t) } as never,
    });
    direct.trackSelfDescribingEvent({
      event: { schema: 'iglu:com.acme/x/jsonschema/1-0-0', data: {} },
      deviceTimestamp: 1_600_000_000_000,
    });
    expect((JSON.parse(json[0] as string) as Payload).dtm).toBe('1600000000000');
  });

  it('is a positive integer of epoch ms', () => {
    const { tracker } = setup();
    expect(() => tracker.trackPageView({ pageUrl: 'u', deviceTimestamp: 1.5 })).toThrow(
      new ContractError('Tracker.trackPageView', 'deviceTimestamp', 'a positive integer', 'number 1.5'),
    );
  });
});
