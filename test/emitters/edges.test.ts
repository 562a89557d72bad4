/**
 * The edges of issue 10, each found by trying it: events lost without a report, timeouts Node's timers
 * mangle, a 400 where a size error belongs, options silently ignored. Fake clock and a scripted collector.
 */
import {
  type ConfigError,
  createLogger,
  Emitter,
  type EventStore,
  InMemoryEmitter,
  MemoryStore,
  type StoredEvent,
  Tracker,
} from 'plowtype';
import { describe, expect, it, vi } from 'vitest';
import { advance, idle, setup, T0, useFakeClock } from './fake-clock.js';
import { event, ORIGIN } from './mock-collector.js';

useFakeClock();

const POST_URL = `POST ${ORIGIN}/com.snowplowanalytics.snowplow/tp2`;

function thrown(make: () => unknown): { name: string; code: string; message: string } {
  try {
    make();
  } catch (error) {
    const { name, code, message } = error as ConfigError;
    return { name, code, message };
  }
  throw new Error('expected a throw');
}

describe('no event lost without a report', () => {
  it('GET: a lone surrogate (half an emoji) is sent as U+FFFD, the rest of the text kept', async () => {
    const { emitter, sent } = setup([], { method: 'get' });
    const title = 'Café 😀'.slice(0, 6); // "Café " and the high half of the emoji
    emitter.input(event(1, { page: title, se_la: '\udc00 low' }));
    await emitter.flush();
    expect(sent[0]?.path).toBe(
      `/i?stm=${T0}&e=se&se_ca=cat&se_ac=action-1&eid=${event(1).eid}&tv=plowtype-0.1.0&p=srv` +
        '&dtm=1700000000000&page=Caf%C3%A9%20%EF%BF%BD&se_la=%EF%BF%BD%20low',
    );
    expect(sent[0]?.events[0]?.page).toBe('Café \ufffd');
  });

  it('an event no encoder takes reaches onFailure and onError instead of throwing out of input()', async () => {
    const onFailure = vi.fn();
    const onError = vi.fn();
    const { emitter, sent, logs } = setup([], { onFailure, onError });
    // Custom code upstream of an emitter put a BigInt in a payload: JSON.stringify throws on it.
    const bad = { ...event(1), se_va: 10n as unknown as string };
    emitter.input(bad);
    await emitter.flush();
    expect(sent).toHaveLength(0);
    expect(onFailure).toHaveBeenCalledExactlyOnceWith(0, [bad]);
    const failure = onError.mock.calls[0]?.[0];
    expect([failure.code, failure.willRetry, failure.error.message]).toEqual([
      'SP_ERR_CONTRACT',
      false,
      'Event could not be encoded: Do not know how to serialize a BigInt',
    ]);
    expect(logs).toEqual([
      ['warn', 'Event could not be encoded: Do not know how to serialize a BigInt (1 event(s) not sent)'],
    ]);
  });

  it('a store that throws on add: the event is reported (SP_ERR_STORE), the Tracker call returns', async () => {
    const onFailure = vi.fn();
    const onError = vi.fn();
    const store: EventStore = Object.assign(new MemoryStore(), {
      add(): readonly StoredEvent[] {
        throw new Error('disk full');
      },
    });
    const { emitter } = setup([], { store, onFailure, onError });
    const tracker = new Tracker({ emitters: emitter, logger: createLogger({ level: 'off' }) });
    tracker.trackStructEvent({ category: 'c', action: 'a' });
    const eid = tracker.lastEventId;
    expect(onFailure.mock.calls[0]?.[1].map((p: { eid: string }) => p.eid)).toEqual([eid]);
    expect(onError.mock.calls[0]?.[0].code).toBe('SP_ERR_STORE');
    expect(onError.mock.calls[0]?.[0].error.message).toBe('Emitter store failed to add an event: disk full');
  });
});

describe('flush({ timeout })', () => {
  it('rejects with SP_ERR_TIMEOUT when the retries outlast it; the events stay held and are sent later', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const onFailure = vi.fn();
    const { emitter, sent } = setup([503, 503, 503], { onFailure });
    emitter.input(event(1));
    const flushing = emitter.flush({ timeout: 300 });
    const outcome = flushing.then(
      () => 'resolved',
      (error: { code: string; message: string }) => `${error.code}: ${error.message}`,
    );
    await advance(300);
    expect(await outcome).toBe(
      'SP_ERR_TIMEOUT: Emitter flush timed out after 300ms: 1 event(s) still held, to be sent later',
    );
    expect(emitter.queued).toBe(1);
    await advance(2000);
    expect(sent.map((r) => r.at - T0)).toEqual([0, 250, 750, 1750]);
    expect(emitter.queued).toBe(0);
    expect(onFailure).not.toHaveBeenCalled();
  });

  it('Tracker.flush({ timeout }) passes the timeout to its emitters', async () => {
    const { emitter } = setup([503, 503, 503]);
    const tracker = new Tracker({ emitters: emitter, logger: createLogger({ level: 'off' }) });
    tracker.trackStructEvent({ category: 'c', action: 'a' });
    const outcome = tracker.flush({ timeout: 100 }).then(
      () => 'resolved',
      (error: { code: string }) => error.code,
    );
    await advance(100);
    expect(await outcome).toBe('SP_ERR_TIMEOUT');
  });
});

describe('close({ timeout })', () => {
  it.each([
    ['Infinity', Number.POSITIVE_INFINITY],
    ['2**31', 2 ** 31],
    ['1e300', 1e300],
  ])('%s means no deadline: 100 queued events are not dropped at once', async (_name, timeout) => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const onFailure = vi.fn();
    const { emitter, sent } = setup([503, 503], { onFailure, bufferSize: 100 });
    for (let n = 0; n < 100; n += 1) emitter.input(event(n));
    const closing = emitter.close({ timeout });
    await advance(1000);
    await closing;
    expect(onFailure).not.toHaveBeenCalled();
    expect(sent.map((r) => [r.at - T0, r.events.length])).toEqual([
      [0, 100],
      [250, 100],
      [750, 100],
    ]);
  });

  it('a fractional timeout is accepted by the Tracker and the emitter alike (rounded up)', async () => {
    const { emitter, sent } = setup([]);
    const tracker = new Tracker({ emitters: emitter });
    tracker.trackStructEvent({ category: 'c', action: 'a' });
    const closing = tracker.close({ timeout: 1.5 });
    await idle();
    await expect(closing).resolves.toBeUndefined();
    expect(sent).toHaveLength(1);
  });

  it.each([
    ['-1', -1],
    ['NaN', Number.NaN],
    ['"10"', '10'],
  ])('refuses %s, the same rule in the Tracker and the emitter', (shown, timeout) => {
    const emitter = new InMemoryEmitter();
    const tracker = new Tracker({ emitters: emitter });
    expect(() => tracker.close({ timeout: timeout as number })).toThrow(
      'Contract breach in Tracker.close: options.timeout expected a number of milliseconds >= 0',
    );
    const { emitter: http } = setup([]);
    expect(thrown(() => http.close({ timeout: timeout as number })).message).toBe(
      `Invalid Emitter.close option timeout: expected a number of milliseconds >= 0, got ${shown}`,
    );
  });
});

describe('request size', () => {
  it('GET: an event whose URL is over maxBatchBytes (8 KiB by default) is SP_ERR_TOO_LARGE, never sent', async () => {
    const onError = vi.fn();
    const { emitter, sent } = setup([], { method: 'get', onError });
    emitter.input(event(1, { se_la: 'x'.repeat(8192) }));
    emitter.input(event(2));
    await emitter.flush();
    expect(sent.map((r) => r.events[0]?.eid)).toEqual([event(2).eid]);
    const failure = onError.mock.calls[0]?.[0];
    expect([failure.code, failure.error.message, failure.events[0].eid]).toEqual([
      'SP_ERR_TOO_LARGE',
      'Event too large to send: 8332 bytes in its GET URL, maxBatchBytes is 8192',
      event(1).eid,
    ]);
  });
});

describe('options', () => {
  it.each([
    ['Tracker', 'appid', 'Invalid Tracker options: unknown option "appid" (did you mean "appId"?)'],
    [
      'Tracker',
      'nameSpace',
      'Invalid Tracker options: unknown option "nameSpace" (did you mean "namespace"?)',
    ],
    [
      'Emitter',
      'buffer_size',
      'Invalid Emitter options: unknown option "buffer_size" (did you mean "bufferSize"?)',
    ],
    [
      'Emitter',
      'batchSize',
      'Invalid Emitter options: unknown option "batchSize" (did you mean "maxBatchEvents" or "bufferSize"?)',
    ],
    ['Emitter', 'colour', 'Invalid Emitter options: unknown option "colour"'],
    [
      'MemoryStore',
      'max_events',
      'Invalid MemoryStore options: unknown option "max_events" (did you mean "maxEvents"?)',
    ],
    ['logger', 'lvl', 'Invalid logger options: unknown option "lvl" (did you mean "level"?)'],
  ])('%s refuses the unknown key %s', (owner, key, message) => {
    const makers: Record<string, () => unknown> = {
      Tracker: () => new Tracker({ emitters: new InMemoryEmitter(), [key]: 'x' } as never),
      Emitter: () => new Emitter({ endpoint: 'c.example.com', [key]: 10 } as never),
      MemoryStore: () => new MemoryStore({ [key]: 10 } as never),
      logger: () => createLogger({ [key]: 'debug' } as never),
    };
    const make = makers[owner] as () => unknown;
    expect(thrown(make)).toEqual({ name: 'ConfigError', code: 'SP_ERR_CONFIG', message });
  });

  it("method is case-insensitive: 'POST' posts, 'GET' gets", async () => {
    const post = setup([], { method: 'POST' });
    post.emitter.input(event(1));
    await post.emitter.flush();
    const get = setup([], { method: 'GET' });
    get.emitter.input(event(2));
    await get.emitter.flush();
    expect([post.sent[0]?.method, get.sent[0]?.method]).toEqual(['POST', 'GET']);
  });

  it('postPath sends POST requests to another path (a collector behind a proxy)', async () => {
    const { emitter, sent } = setup([], { postPath: '/snowplow/tp2' });
    emitter.input(event(1));
    await emitter.flush();
    expect(sent.map((r) => r.path)).toEqual(['/snowplow/tp2']);
    expect(thrown(() => new Emitter({ endpoint: 'c.example.com', postPath: 'tp2?x=1' }))).toEqual({
      name: 'ConfigError',
      code: 'SP_ERR_CONFIG',
      message:
        'Invalid Emitter option postPath: expected a path starting with "/" (no query or fragment), got "tp2?x=1"',
    });
  });
});

describe('an endpoint without a scheme', () => {
  it.each([
    [
      'localhost:9090',
      undefined,
      `Emitter endpoint "localhost:9090" has no scheme, so events go over https; a plain-http collector needs protocol: 'http'`,
    ],
    [
      '127.0.0.1:9090',
      undefined,
      `Emitter endpoint "127.0.0.1:9090" has no scheme, so events go over https; a plain-http collector needs protocol: 'http'`,
    ],
    ['localhost:9090', 'http' as const, undefined],
    ['http://localhost:9090', undefined, undefined],
    ['collector.example.com', undefined, undefined],
  ])('%s (protocol %s): warned at construction when it is this machine', async (endpoint, protocol, want) => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (_level, msg) => void lines.push(msg) });
    const emitter = new Emitter({ endpoint, logger, flushInterval: 0, ...(protocol ? { protocol } : {}) });
    await emitter.close();
    expect(lines).toEqual(want === undefined ? [] : [want]);
  });
});

describe('logging (seed section 7)', () => {
  it('one debug line before and one info line after each request sent, with its status', async () => {
    const { emitter, logs } = setup([200, 503]);
    emitter.input(event(1));
    await emitter.flush();
    expect(logs).toEqual([
      ['debug', `Sending 1 event(s): ${POST_URL}`],
      ['info', `Collector responded 200: ${POST_URL} (1 event(s) sent)`],
    ]);
    logs.length = 0;
    emitter.input(event(2));
    void emitter.flush();
    await idle();
    expect(logs).toEqual([
      ['debug', `Sending 1 event(s): ${POST_URL}`],
      ['warn', `Collector responded 503: ${POST_URL} (1 event(s) will retry)`],
    ]);
  });
});
