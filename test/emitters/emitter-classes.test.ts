import { AsyncEmitter, createLogger, Emitter, Tracker } from 'plowtype';
import { describe, expect, it, vi } from 'vitest';
import { advance, idle, T0, useFakeClock } from './fake-clock.js';
import { event, mockCollector, ORIGIN } from './mock-collector.js';

const quiet = createLogger({ level: 'off' });

useFakeClock();

describe.each([
  ['Emitter', Emitter],
  ['AsyncEmitter', AsyncEmitter],
] as const)('%s defaults', (_name, Kind) => {
  it('a bare host means https (both classes: flaw #16), POST, bufferSize 10', async () => {
    const { agent, sent } = mockCollector([]);
    const emitter = new Kind({
      endpoint: 'collector.test',
      dispatcher: agent,
      logger: quiet,
      flushInterval: 0,
    });
    for (let n = 0; n < 9; n += 1) emitter.input(event(n));
    await idle();
    expect(sent).toHaveLength(0);
    emitter.input(event(9));
    await idle();
    expect(sent.map((r) => [r.method, r.path, r.events.length])).toEqual([
      ['POST', '/com.snowplowanalytics.snowplow/tp2', 10],
    ]);
  });

  it('GET sends each event at once (bufferSize 1)', async () => {
    const { agent, sent } = mockCollector([]);
    const emitter = new Kind({
      endpoint: ORIGIN,
      method: 'get',
      dispatcher: agent,
      logger: quiet,
      flushInterval: 0,
    });
    emitter.input(event(1));
    await idle();
    expect(sent.map((r) => r.method)).toEqual(['GET']);
  });

  it.each([200, 201, 204, 299])('treats %i as success', async (status) => {
    const onSuccess = vi.fn();
    const onFailure = vi.fn();
    const { agent } = mockCollector([status]);
    const emitter = new Kind({
      endpoint: ORIGIN,
      dispatcher: agent,
      logger: quiet,
      bufferSize: 1,
      onSuccess,
      onFailure,
    });
    emitter.input(event(1));
    await emitter.flush();
    expect(onSuccess).toHaveBeenCalledExactlyOnceWith(1);
    expect(onFailure).not.toHaveBeenCalled();
    await emitter.close();
  });
});

describe('AsyncEmitter', () => {
  it('concurrent requests failing together start one backoff, not one each', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { agent, sent } = mockCollector([500, 500, 500, 500]);
    const emitter = new AsyncEmitter({
      endpoint: ORIGIN,
      dispatcher: agent,
      logger: quiet,
      flushInterval: 0,
      bufferSize: 1,
      maxConcurrentRequests: 4,
    });
    for (let n = 0; n < 4; n += 1) emitter.input(event(n));
    await idle();
    expect(sent.map((r) => r.at - T0)).toEqual([0, 0, 0, 0]);
    await advance(600);
    // One retry after the first backoff step (500 ms), carrying all four events in one batch.
    expect(sent.slice(4).map((r) => [r.at - T0, r.events.length])).toEqual([[500, 4]]);
  });
});

describe('eid', () => {
  it('the same event carries the same eid to every emitter of a tracker, and on every retry', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const first = mockCollector([503]);
    const second = mockCollector([]);
    const options = { endpoint: ORIGIN, logger: quiet, flushInterval: 0, bufferSize: 1 } as const;
    const tracker = new Tracker({
      emitters: [
        new Emitter({ ...options, dispatcher: first.agent }),
        new AsyncEmitter({ ...options, dispatcher: second.agent, method: 'get' }),
      ],
      logger: quiet,
    });
    tracker.trackStructEvent({ category: 'c', action: 'a' });
    const eid = tracker.lastEventId;
    await advance(400);
    await tracker.flush();
    expect(eid).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.sent.map((r) => r.events[0]?.eid)).toEqual([eid, eid]);
    expect(second.sent.map((r) => r.events[0]?.eid)).toEqual([eid]);
    expect(second.sent[0]?.events[0]).toEqual({
      ...first.sent[1]?.events[0],
      stm: String(second.sent[0]?.at),
    });
  });
});
