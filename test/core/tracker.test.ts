import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  type EmitterLike,
  InMemoryEmitter,
  type Logger,
  type Payload,
  Subject,
  Tracker,
  type TrackerOptions,
} from '../../src/index.js';
import { recordingEmitter } from './support.js';

/** A promise with its resolve/reject exposed, to settle emitters in a chosen order. */
function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } {
  let resolve = (): void => undefined;
  let reject = (_e: unknown): void => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback run. */
const drain = () => new Promise<void>((r) => setImmediate(r));

function watch(promise: Promise<void>): { state: 'pending' | 'resolved' | 'rejected'; reason?: unknown } {
  const w: { state: 'pending' | 'resolved' | 'rejected'; reason?: unknown } = { state: 'pending' };
  promise.then(
    () => {
      w.state = 'resolved';
    },
    (reason: unknown) => {
      w.state = 'rejected';
      w.reason = reason;
    },
  );
  return w;
}

function recordingLogger(): Logger & { lines: [string, string, object | undefined][] } {
  const lines: [string, string, object | undefined][] = [];
  const at = (level: string) => (msg: string, meta?: object) => {
    lines.push([level, msg, meta]);
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('per-event subject override', () => {
  it('serves two concurrent users from one tracker without mixing their fields', async () => {
    const emitter = recordingEmitter();
    const shared = new Subject().setTimezone('UTC').setUseragent('server/1.0').setLang('en');
    const tracker = new Tracker({ emitters: emitter, subject: shared });
    const handle = async (user: string, ip: string, pages: number) => {
      const subject = new Subject().setUserId(user).setIpAddress(ip).setUseragent(`${user}-agent`);
      for (let i = 0; i < pages; i++) {
        tracker.trackPageView({ pageUrl: `https://shop/${user}/${i}`, subject });
        await new Promise<void>((r) => setImmediate(r)); // the other request runs in between
      }
    };
    await Promise.all([handle('alice', '198.51.100.1', 3), handle('bob', '198.51.100.2', 3)]);
    expect(emitter.payloads.map((p) => p.uid)).toStrictEqual([
      'alice',
      'bob',
      'alice',
      'bob',
      'alice',
      'bob',
    ]);
    for (const p of emitter.payloads) {
      const user = p.uid as string;
      expect(p.url?.startsWith(`https://shop/${user}/`)).toBe(true);
      expect(p.ip).toBe(user === 'alice' ? '198.51.100.1' : '198.51.100.2');
      expect(p.ua).toBe(`${user}-agent`); // the event's subject wins
      expect([p.tz, p.lang, p.p]).toStrictEqual(['UTC', 'en', 'srv']); // the tracker's fills the rest
    }
    tracker.trackPageView({ pageUrl: 'https://shop/' });
    expect(emitter.payloads.at(-1)).toMatchObject({ ua: 'server/1.0', tz: 'UTC' });
    expect(emitter.payloads.at(-1)).not.toHaveProperty('uid');
  });

  it("an override's platform wins; an unset one falls back to the tracker subject's", () => {
    const emitter = recordingEmitter();
    const tracker = new Tracker({ emitters: emitter, subject: new Subject().setPlatform('web') });
    tracker.trackPageView({ pageUrl: 'u', subject: new Subject().setPlatform('app') });
    tracker.trackPageView({ pageUrl: 'u', subject: new Subject().setUserId('x') });
    expect(emitter.payloads.map((p) => p.p)).toStrictEqual(['app', 'web']);
  });

  it('a transaction carries the override on the tr and every ti', () => {
    const emitter = recordingEmitter();
    new Tracker({ emitters: emitter }).trackEcommerceTransaction({
      orderId: 'o',
      totalValue: 2,
      items: [
        { sku: 'a', price: 1, quantity: 1 },
        { sku: 'b', price: 1, quantity: 1 },
      ],
      subject: new Subject().setUserId('carol'),
    });
    expect(emitter.payloads.map((p) => [p.e, p.uid])).toStrictEqual([
      ['tr', 'carol'],
      ['ti', 'carol'],
      ['ti', 'carol'],
    ]);
  });
});

describe('tracker', () => {
  it('track methods, setSubject and addEmitter chain and return the tracker', () => {
    const tracker = new Tracker({ emitters: recordingEmitter() });
    const second = recordingEmitter();
    expect(
      tracker
        .trackPageView({ pageUrl: 'u' })
        .trackScreenView({ name: 'n' })
        .setSubject(new Subject().setUserId('u2'))
        .addEmitter(second)
        .trackStructEvent({ category: 'c', action: 'a' }),
    ).toBe(tracker);
    expect(second.payloads).toStrictEqual([expect.objectContaining({ e: 'se', uid: 'u2' })]);
  });

  it('lastEventId and lastEventIds before and after tracking', () => {
    const emitter = recordingEmitter();
    const tracker = new Tracker({ emitters: emitter });
    expect(tracker.lastEventId).toBeUndefined();
    expect(tracker.lastEventIds).toStrictEqual([]);
    tracker.trackEcommerceTransaction({ orderId: 'o', totalValue: 0, items: [] });
    expect(tracker.lastEventIds).toStrictEqual([emitter.payloads[0]?.eid]);
    tracker.trackSelfDescribing({ schema: 'iglu:com.acme/x/jsonschema/1-0-0', data: {} });
    expect(tracker.lastEventId).toBe(emitter.payloads[1]?.eid);
  });

  it('keeps the given options: logger and validation', () => {
    const logger = recordingLogger();
    const tracker = new Tracker({ emitters: new InMemoryEmitter(), logger, validation: 'warn' });
    expect(tracker.logger).toBe(logger);
    expect(tracker.validation).toBe('warn');
    expect(new Tracker({ emitters: new InMemoryEmitter() }).validation).toBeUndefined();
  });

  it('an emitter whose input throws is logged, the others still get the event, track does not throw', () => {
    const logger = recordingLogger();
    const failure = new Error('disk full');
    const after = recordingEmitter();
    const broken: EmitterLike = {
      input() {
        throw failure;
      },
    };
    const tracker = new Tracker({ emitters: [broken, after], logger });
    tracker.trackPageView({ pageUrl: 'u' });
    expect(after.payloads).toHaveLength(1);
    expect(logger.lines).toStrictEqual([
      [
        'error',
        `Emitter input failed, event not sent (eid ${after.payloads[0]?.eid}): disk full`,
        { error: failure, eid: after.payloads[0]?.eid },
      ],
    ]);
  });

  it('an async emitter whose input rejects is logged too', async () => {
    const logger = recordingLogger();
    const failure = new Error('queue closed');
    const tracker = new Tracker({
      emitters: { input: () => Promise.reject(failure) } as EmitterLike,
      logger,
    });
    tracker.trackPageView({ pageUrl: 'u' });
    await drain();
    expect(logger.lines).toStrictEqual([['error', 'Emitter input failed', { error: failure }]]);
  });

  it('an async inputJson that rejects is logged, on the direct path and the record path', async () => {
    const logger = recordingLogger();
    const failure = new Error('queue closed');
    const emitter = {
      input() {
        throw new Error('input() must not be called when inputJson is given');
      },
      inputJson: (_json: string) => Promise.reject(failure),
    };
    const tracker = new Tracker({ emitters: emitter, logger });
    tracker.trackSelfDescribing({ schema: 'iglu:com.acme/x/jsonschema/1-0-0', data: {} });
    tracker.trackPageView({ pageUrl: 'u' });
    await drain();
    expect(logger.lines).toStrictEqual([
      ['error', 'Emitter input failed', { error: failure }],
      ['error', 'Emitter input failed', { error: failure }],
    ]);
  });
});

describe('flush and close settle after every emitter has', () => {
  it('flush waits for the slowest emitter', async () => {
    const slow = deferred();
    const fast = deferred();
    const tracker = new Tracker({
      emitters: [
        { input() {}, flush: () => slow.promise },
        { input() {}, flush: () => fast.promise },
        { input() {} }, // no flush at all
      ],
    });
    const flushed = watch(tracker.flush());
    fast.resolve();
    await drain();
    expect(flushed.state).toBe('pending');
    slow.resolve();
    await drain();
    expect(flushed.state).toBe('resolved');
  });

  it('a failing flush rejects only once the others have settled, with its own error', async () => {
    const slow = deferred();
    const failure = new Error('collector down');
    const tracker = new Tracker({
      emitters: [
        { input() {}, flush: () => Promise.reject(failure) },
        { input() {}, flush: () => slow.promise },
      ],
    });
    const flushed = watch(tracker.flush());
    await drain();
    expect(flushed.state).toBe('pending');
    slow.resolve();
    await drain();
    expect(flushed).toStrictEqual({ state: 'rejected', reason: failure });
  });

  it('several failures reject with one AggregateError holding each', async () => {
    const a = new Error('a');
    const b = new Error('b');
    const tracker = new Tracker({
      emitters: [
        {
          input() {},
          flush() {
            throw a; // a synchronous throw is a failure like any other
          },
        },
        { input() {}, close: () => Promise.reject(b) },
      ],
    });
    const error = await tracker.close().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AggregateError);
    expect((error as AggregateError).message).toBe('2 emitters failed to close');
    expect((error as AggregateError).errors).toStrictEqual([a, b]);
  });

  it('close passes its options to close(), and flushes an emitter without close()', async () => {
    const calls: string[] = [];
    const slow = deferred();
    const tracker = new Tracker({
      emitters: [
        {
          input() {},
          close: (options?: { timeout?: number }) => {
            calls.push(`close ${JSON.stringify(options)}`);
            return slow.promise;
          },
        },
        {
          input() {},
          flush: async () => {
            calls.push('flush');
          },
        },
      ],
    });
    const closed = watch(tracker.close({ timeout: 250 }));
    await drain();
    expect(calls).toStrictEqual(['close {"timeout":250}', 'flush']);
    expect(closed.state).toBe('pending');
    slow.resolve();
    await drain();
    expect(closed.state).toBe('resolved');
  });

  it('InMemoryEmitter flushes and closes at once and can be cleared', async () => {
    const emitter = recordingEmitter();
    const tracker = new Tracker({ emitters: emitter });
    tracker.trackPageView({ pageUrl: 'u' });
    await tracker.flush();
    await tracker.close();
    expect(emitter.payloads).toHaveLength(1);
    emitter.clear();
    expect(emitter.payloads).toStrictEqual([]);
  });
});

describe('bad tracker options throw a ConfigError naming the option', () => {
  const emitter = new InMemoryEmitter();
  const cases: [string, unknown, string][] = [
    ['no options', undefined, 'options must be an object, got undefined'],
    [
      'no emitters',
      {},
      'emitters must be an emitter (an object with input()) or a non-empty array of emitters, got undefined',
    ],
    [
      'empty emitters',
      { emitters: [] },
      'emitters must be an emitter (an object with input()) or a non-empty array of emitters, got an array of length 0',
    ],
    [
      'an array with a non-emitter',
      { emitters: [emitter, { send() {} }] },
      'emitters[1] must be an emitter (an object with input()), got an object',
    ],
    [
      'subject not a Subject',
      { emitters: emitter, subject: { uid: 'x' } },
      'subject must be a Subject, got an object',
    ],
    [
      'empty namespace',
      { emitters: emitter, namespace: '' },
      'namespace must be a non-empty string, got an empty string',
    ],
    ['number app id', { emitters: emitter, appId: 7 }, 'appId must be a non-empty string, got number 7'],
    [
      'string encodeBase64',
      { emitters: emitter, encodeBase64: 'no' },
      'encodeBase64 must be a boolean, got string "no"',
    ],
    ['number contracts', { emitters: emitter, contracts: 0 }, 'contracts must be a boolean, got number 0'],
    [
      'unknown validation',
      { emitters: emitter, validation: 'strict' },
      'validation must be one of throw, warn, off, got string "strict"',
    ],
    [
      'logger without error()',
      { emitters: emitter, logger: { debug() {}, info() {}, warn() {} } },
      'logger must be an object with debug, info, warn and error methods, got an object',
    ],
  ];
  it.each(cases)('%s', (_name, options, message) => {
    let error: unknown;
    try {
      new Tracker(options as TrackerOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('SP_ERR_CONFIG');
    expect((error as ConfigError).message).toBe(`Invalid tracker options: ${message}`);
  });

  it('copies the emitters array: later changes to the caller array do not reach the tracker', () => {
    const list: EmitterLike[] = [recordingEmitter()];
    const tracker = new Tracker({ emitters: list });
    const late: Payload[] = [];
    list.push({ input: (p) => void late.push(p) });
    tracker.trackPageView({ pageUrl: 'u' });
    expect(late).toStrictEqual([]);
  });
});
