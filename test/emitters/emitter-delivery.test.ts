import { PAYLOAD_DATA_SCHEMA } from 'plowtype';
import { describe, expect, it, vi } from 'vitest';
import { idle, setup, T0, useFakeClock } from './fake-clock.js';
import { event } from './mock-collector.js';

const POST = '/com.snowplowanalytics.snowplow/tp2';

useFakeClock();

describe('POST requests', () => {
  it('sends bufferSize events as one payload_data 1-0-4 body with stm (ms, send time) as last key', async () => {
    const { emitter, sent } = setup([]);
    for (let n = 0; n < 9; n += 1) emitter.input(event(n));
    await idle();
    expect(sent).toHaveLength(0);
    vi.setSystemTime(T0 + 1234);
    emitter.input(event(9));
    await idle();
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(POST);
    expect(request?.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(request?.body ?? '') as { schema: string; data: Record<string, string>[] };
    expect(body.schema).toBe(PAYLOAD_DATA_SCHEMA);
    expect(body.data).toEqual(
      Array.from({ length: 10 }, (_, n) => ({ ...event(n), stm: String(T0 + 1234) })),
    );
    expect(Object.keys(body.data[0] ?? {}).at(-1)).toBe('stm');
  });

  it('writes the exact body for one event', async () => {
    const { emitter, sent } = setup([], { bufferSize: 1 });
    emitter.input({ e: 'pv', url: 'https://x.test/é', eid: 'e1' });
    await idle();
    expect(sent[0]?.body).toBe(
      `{"schema":"${PAYLOAD_DATA_SCHEMA}","data":[{"e":"pv","url":"https://x.test/é","eid":"e1","stm":"${T0}"}]}`,
    );
  });

  it('gives an event without eid one, and replaces a stale stm', async () => {
    const { emitter, sent } = setup([], { bufferSize: 1 });
    emitter.input({ e: 'pv', stm: '1' });
    await idle();
    const [sentEvent] = sent[0]?.events ?? [];
    expect(sentEvent?.eid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sentEvent?.stm).toBe(String(T0));
  });

  it('caps batches by maxBatchEvents and by maxBatchBytes', async () => {
    const { emitter, sent } = setup([], { bufferSize: 1000, maxBatchEvents: 4, maxBatchBytes: 2048 });
    for (let n = 0; n < 10; n += 1) emitter.input(event(n));
    await emitter.flush();
    expect(sent.map((r) => r.events.length)).toEqual([4, 4, 2]);
    const big = 'x'.repeat(600);
    for (let n = 0; n < 6; n += 1) emitter.input(event(n, { se_la: big }));
    await emitter.flush();
    const sizes = sent.slice(3).map((r) => r.events.length);
    expect(sizes).toEqual([2, 2, 2]);
    for (const r of sent) expect(Buffer.byteLength(r.body ?? '')).toBeLessThanOrEqual(2048);
  });

  it('reports an event too large alone without ever sending it', async () => {
    const onFailure = vi.fn();
    const onError = vi.fn();
    const { emitter, sent } = setup([], { bufferSize: 1, maxBatchBytes: 1024, onFailure, onError });
    const huge = event(1, { se_la: 'y'.repeat(2000) });
    emitter.input(huge);
    await emitter.flush();
    expect(sent).toHaveLength(0);
    expect(onFailure).toHaveBeenCalledExactlyOnceWith(0, [huge]);
    const failure = onError.mock.calls[0]?.[0];
    expect(failure.code).toBe('SP_ERR_TOO_LARGE');
    expect(failure.willRetry).toBe(false);
    const body = `{"schema":"${PAYLOAD_DATA_SCHEMA}","data":[${JSON.stringify(huge).slice(0, -1)},"stm":"${T0}"}]}`;
    expect(Buffer.byteLength(body)).toBe(2263);
    expect(failure.error.message).toBe(
      'Event too large to send: 2263 bytes with its envelope, maxBatchBytes is 1024',
    );
  });
});

describe('GET requests', () => {
  it('sends one event per request to /i, URL-encoded, stm first and co/cx last', async () => {
    const { emitter, sent } = setup([], { method: 'get' });
    emitter.input({ e: 'pv', co: '{"a":1}', url: 'https://x.test/a b?c=d', eid: 'e1' });
    emitter.input({ e: 'pv', eid: 'e2' });
    await idle();
    await idle();
    expect(sent.map((r) => [r.method, r.path])).toEqual([
      ['GET', `/i?stm=${T0}&e=pv&url=https%3A%2F%2Fx.test%2Fa%20b%3Fc%3Dd&eid=e1&co=%7B%22a%22%3A1%7D`],
      ['GET', `/i?stm=${T0}&e=pv&eid=e2`],
    ]);
    expect(sent[0]?.body).toBeUndefined();
  });

  it('decides each event by its own request status (flaw #3)', async () => {
    const onFailure = vi.fn();
    const onSuccess = vi.fn();
    const { emitter, sent } = setup([400, 200], { method: 'get', onFailure, onSuccess });
    emitter.input(event(1));
    emitter.input(event(2));
    await emitter.flush();
    expect(sent).toHaveLength(2);
    expect(onFailure).toHaveBeenCalledExactlyOnceWith(0, [event(1)]);
    expect(onSuccess).toHaveBeenCalledExactlyOnceWith(1);
  });
});

describe('flush timer', () => {
  it('sends a partial buffer every flushInterval, and never keeps the process alive', async () => {
    const { emitter, sent } = setup([], { flushInterval: 1000 });
    emitter.input(event(1));
    await vi.advanceTimersByTimeAsync(999);
    await idle();
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    await idle();
    expect(sent.map((r) => r.events.length)).toEqual([1]);
    await emitter.close();
  });
});
