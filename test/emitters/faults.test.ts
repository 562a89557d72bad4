/**
 * Fault tests over real HTTP: a collector double on 127.0.0.1 that the test turns bad and good again.
 * Retries are configured short (through options) so each case takes well under a second.
 */
import {
  AsyncEmitter,
  type AsyncEmitterOptions,
  createLogger,
  Emitter,
  type EmitterOptions,
  MemoryStore,
} from 'plowtype';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CollectorDouble } from './collector-double.js';
import { event } from './mock-collector.js';

const quiet = createLogger({ level: 'off' });
const fast = { baseDelay: 20, maxDelay: 100 };
let collector: CollectorDouble;
const emitters: Emitter[] = [];

/** Polls `check` every 10 ms until it holds, for at most `ms`. */
async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms}ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function emitter(options: Partial<EmitterOptions> = {}, Kind: typeof Emitter = Emitter) {
  const onError = vi.fn();
  const onFailure = vi.fn();
  const onSuccess = vi.fn();
  const made = new Kind({
    endpoint: collector.url,
    logger: quiet,
    retry: fast,
    timeout: 1000,
    onError,
    onFailure,
    onSuccess,
    ...options,
  });
  emitters.push(made);
  return { emitter: made, onError, onFailure, onSuccess };
}

const codes = (onError: ReturnType<typeof vi.fn>) =>
  onError.mock.calls.map(
    ([f]) => `${f.code}${f.status ? ` ${f.status}` : ''}${f.willRetry ? ' retry' : ' given up'}`,
  );

beforeEach(async () => {
  collector = await new CollectorDouble().start();
});
afterEach(async () => {
  await Promise.all(emitters.splice(0).map((e) => e.close({ timeout: 500 })));
  await collector.stop();
});

describe.each([
  ['Emitter', Emitter],
  ['AsyncEmitter', AsyncEmitter],
] as const)('%s against a failing collector', (_name, Kind) => {
  it('500: retries until the collector recovers, then delivers each event once', async () => {
    collector.answer = { status: 500 };
    const { emitter: e, onError, onFailure } = emitter({}, Kind);
    for (let n = 0; n < 25; n += 1) e.input(event(n));
    await until(() => collector.requests.length >= 3);
    collector.answer = { status: 200 };
    await e.flush();
    expect(collector.delivered.size).toBe(25);
    expect(collector.deliveredCount).toBe(25);
    expect(onFailure).not.toHaveBeenCalled();
    expect(new Set(codes(onError))).toEqual(new Set(['SP_ERR_HTTP_STATUS 500 retry']));
  });

  it('port closed: network errors are retried, delivery resumes when the port opens', async () => {
    const port = collector.port;
    await collector.stop();
    const { emitter: e, onError, onFailure } = emitter({ bufferSize: 1 }, Kind);
    for (let n = 0; n < 5; n += 1) e.input(event(n));
    await until(() => onError.mock.calls.length >= 3);
    collector = await new CollectorDouble().start(port);
    await e.flush();
    expect(collector.deliveredCount).toBe(5);
    expect(collector.delivered.size).toBe(5);
    expect(onFailure).not.toHaveBeenCalled();
    const failure = onError.mock.calls[0]?.[0];
    expect([failure.code, failure.willRetry, failure.error.message]).toEqual([
      'SP_ERR_NETWORK',
      true,
      `Collector request failed (ECONNREFUSED): POST http://127.0.0.1:${port}/com.snowplowanalytics.snowplow/tp2`,
    ]);
  });

  it('hanging past the timeout: SP_ERR_TIMEOUT, then delivered after recovery', async () => {
    collector.answer = { status: 200, hang: true };
    const { emitter: e, onError, onFailure } = emitter({ timeout: 200 }, Kind);
    for (let n = 0; n < 10; n += 1) e.input(event(n));
    await until(() => onError.mock.calls.length >= 1);
    collector.answer = { status: 200 };
    await e.flush();
    expect(collector.deliveredCount).toBe(10);
    expect(onFailure).not.toHaveBeenCalled();
    const failure = onError.mock.calls[0]?.[0];
    expect([failure.code, failure.willRetry, failure.error.message]).toEqual([
      'SP_ERR_TIMEOUT',
      true,
      `Collector request timed out after 200ms: POST ${collector.url}/com.snowplowanalytics.snowplow/tp2`,
    ]);
  });

  it('slow but within the timeout: delivered without any failure', async () => {
    collector.answer = { status: 200, delay: 150 };
    const { emitter: e, onError, onSuccess } = emitter({ timeout: 1000 }, Kind);
    for (let n = 0; n < 30; n += 1) e.input(event(n));
    await e.flush();
    expect(collector.deliveredCount).toBe(30);
    expect(onError).not.toHaveBeenCalled();
    expect(onSuccess.mock.calls.flat().reduce((a: number, b: number) => a + b, 0)).toBe(30);
  });

  it('400: given up at once and reported; later events go through', async () => {
    collector.answer = { status: 400 };
    const { emitter: e, onError, onFailure } = emitter({}, Kind);
    for (let n = 0; n < 10; n += 1) e.input(event(n));
    await e.flush();
    expect(collector.requests).toHaveLength(1);
    expect(onFailure).toHaveBeenCalledExactlyOnceWith(
      0,
      Array.from({ length: 10 }, (_, n) => event(n)),
    );
    collector.answer = { status: 200 };
    for (let n = 10; n < 20; n += 1) e.input(event(n));
    await e.flush();
    expect(collector.deliveredCount).toBe(10);
    expect(codes(onError)).toEqual(['SP_ERR_HTTP_STATUS 400 given up']);
  });

  it('413: batches shrink until the collector accepts them; all delivered once', async () => {
    collector.answer = (events) => (events.length > 3 ? { status: 413 } : { status: 200 });
    const { emitter: e, onFailure } = emitter({ bufferSize: 20 }, Kind);
    for (let n = 0; n < 20; n += 1) e.input(event(n));
    await e.flush();
    expect(collector.deliveredCount).toBe(20);
    expect(collector.delivered.size).toBe(20);
    expect(onFailure).not.toHaveBeenCalled();
  });

  it('Retry-After: waits as long as asked before sending again', async () => {
    collector.answer = { status: 503, headers: { 'retry-after': '1' } };
    const { emitter: e } = emitter({}, Kind);
    for (let n = 0; n < 10; n += 1) e.input(event(n));
    await until(() => collector.requests.length >= 1);
    const firstAt = Date.now();
    collector.answer = { status: 200 };
    await e.flush();
    expect(Date.now() - firstAt).toBeGreaterThanOrEqual(950);
    expect(collector.requests).toHaveLength(2);
    expect(collector.deliveredCount).toBe(10);
  });
});

describe('GET against a failing collector', () => {
  it('each event is retried by its own request and delivered once, in order (Emitter)', async () => {
    collector.answer = { status: 503 };
    const { emitter: e, onFailure } = emitter({ method: 'get' });
    for (let n = 0; n < 5; n += 1) e.input(event(n));
    await until(() => collector.requests.length >= 2);
    collector.answer = { status: 200 };
    await e.flush();
    expect(onFailure).not.toHaveBeenCalled();
    expect(collector.delivered.size).toBe(5);
    expect(collector.deliveredCount).toBe(5);
    const delivered = collector.requests.filter((r) => r.answered === 200);
    expect(delivered.map((r) => [r.method, r.path, r.events[0]?.se_ac])).toEqual(
      Array.from({ length: 5 }, (_, n) => ['GET', '/i', `action-${n}`]),
    );
  });
});

describe('request pools', () => {
  it('Emitter sends one request at a time, in order', async () => {
    collector.answer = { status: 200, delay: 20 };
    const { emitter: e } = emitter({ bufferSize: 5, maxBatchEvents: 5 });
    for (let n = 0; n < 40; n += 1) e.input(event(n));
    await e.flush();
    expect(collector.maxInProgress).toBe(1);
    expect(collector.requests.flatMap((r) => r.events.map((x) => x.se_ac))).toEqual(
      Array.from({ length: 40 }, (_, n) => `action-${n}`),
    );
  });

  it('AsyncEmitter keeps up to maxConcurrentRequests in flight', async () => {
    collector.answer = { status: 200, delay: 50 };
    const { emitter: e } = emitter(
      { bufferSize: 5, maxBatchEvents: 5, maxConcurrentRequests: 4 } as AsyncEmitterOptions,
      AsyncEmitter,
    );
    for (let n = 0; n < 40; n += 1) e.input(event(n));
    await e.flush();
    expect(collector.maxInProgress).toBe(4);
    expect(collector.deliveredCount).toBe(40);
  });
});

describe('a small store', () => {
  it('every dropped event reaches the drop callback; the rest are delivered; none twice', async () => {
    const port = collector.port;
    await collector.stop();
    const {
      emitter: e,
      onFailure,
      onError,
    } = emitter({ store: new MemoryStore({ maxEvents: 1000 }) }, AsyncEmitter);
    const all = Array.from({ length: 5000 }, (_, n) => event(n));
    for (const one of all) e.input(one);
    collector = await new CollectorDouble().start(port);
    await e.flush();
    const dropped = onFailure.mock.calls.flatMap(([, events]) => events as Record<string, string>[]);
    expect(dropped).toHaveLength(4000);
    expect(collector.deliveredCount).toBe(1000);
    const seen = [...dropped.map((d) => d.eid), ...collector.delivered.keys()].sort();
    expect(seen).toEqual(all.map((one) => one.eid).sort());
    expect(onError.mock.calls.filter(([f]) => f.code === 'SP_ERR_STORE_FULL')).toHaveLength(4000);
  });
});

describe('close()', () => {
  const handles = (type: string) => process.getActiveResourcesInfo().filter((r) => r === type).length;

  it('after its timeout, an aborted in-flight request reports its events as timed out (no retry comes after close)', async () => {
    collector.answer = { status: 200, hang: true };
    const { emitter: e, onError, onFailure } = emitter({ bufferSize: 1 });
    e.input(event(1));
    await until(() => collector.requests.length >= 1);
    await e.close({ timeout: 100 });
    expect(onFailure).toHaveBeenCalledExactlyOnceWith(0, [event(1)]);
    expect(codes(onError)).toEqual(['SP_ERR_TIMEOUT given up']);
    expect(onError.mock.calls[0]?.[0].error.message).toBe(
      'Emitter close timed out after 100ms: request in flight aborted (Collector request failed ' +
        `(UND_ERR_DESTROYED): POST ${collector.url}/com.snowplowanalytics.snowplow/tp2)`,
    );
  });

  it('leaves no open handles: timers stopped, sockets freed', async () => {
    // Sockets of earlier tests may still be closing: start from none.
    await until(() => handles('TCPSocketWrap') === 0, 2000);
    const timers = handles('Timeout');
    const { emitter: e } = emitter({}, AsyncEmitter);
    for (let n = 0; n < 50; n += 1) e.input(event(n));
    await until(() => collector.deliveredCount >= 10);
    // Client and server ends of the keep-alive connections (the unref'd flush timer is not listed).
    expect(handles('TCPSocketWrap')).toBeGreaterThan(0);
    await e.close();
    expect(collector.deliveredCount).toBe(50);
    await until(() => handles('TCPSocketWrap') === 0, 2000);
    expect(handles('Timeout')).toBeLessThanOrEqual(timers);
  });
});
