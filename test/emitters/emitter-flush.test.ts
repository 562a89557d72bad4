import { AsyncEmitter, createLogger, MemoryStore } from 'plowtype';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { advance, idle, setup, useFakeClock } from './fake-clock.js';
import { event, mockCollector, ORIGIN } from './mock-collector.js';

useFakeClock();
beforeEach(() => {
  vi.spyOn(Math, 'random').mockReturnValue(1);
});

describe('flush()', () => {
  it('resolves at once when nothing is held', async () => {
    const { emitter, sent } = setup([]);
    await emitter.flush();
    expect(sent).toHaveLength(0);
  });

  it('waits for a flush already running, and for its own events (flaw #10)', async () => {
    const { emitter, sent } = setup([500, 500, 200]);
    const settled: string[] = [];
    emitter.input(event(1));
    const first = emitter.flush().then(() => settled.push('first'));
    await idle();
    emitter.input(event(2));
    const second = emitter.flush().then(() => settled.push('second'));
    await idle();
    expect(settled).toEqual([]);
    await advance(400);
    expect(settled).toEqual([]);
    await advance(1200);
    await Promise.all([first, second]);
    expect(settled).toEqual(['first', 'second']);
    expect(sent.map((r) => r.events.map((e) => e.se_ac))).toEqual([
      ['action-1'],
      ['action-1', 'action-2'],
      ['action-1', 'action-2'],
    ]);
  });

  it('does not wait for events given after it', async () => {
    const { emitter, sent, answers } = setup([]);
    emitter.input(event(1));
    const flushed = emitter.flush();
    answers.push(500);
    emitter.input(event(2));
    await idle();
    await flushed;
    expect(sent[0]?.events.map((e) => e.se_ac)).toEqual(['action-1']);
    expect(emitter.queued).toBe(1);
  });
  it('is not released by a later event that settles first (AsyncEmitter, concurrent requests)', async () => {
    const { agent, sent } = mockCollector([500, 200]);
    const emitter = new AsyncEmitter({
      endpoint: ORIGIN,
      dispatcher: agent,
      logger: createLogger({ level: 'off' }),
      flushInterval: 0,
      bufferSize: 1,
      maxConcurrentRequests: 2,
    });
    let flushed = false;
    emitter.input(event(1));
    const done = emitter.flush().then(() => {
      flushed = true;
    });
    emitter.input(event(2));
    await idle();
    expect(sent.map((r) => r.events.map((e) => e.se_ac))).toEqual([['action-1'], ['action-2']]);
    expect([flushed, emitter.queued]).toEqual([false, 1]);
    await advance(500);
    await done;
    expect(sent.map((r) => r.events.map((e) => e.se_ac)).at(-1)).toEqual(['action-1']);
    expect(emitter.queued).toBe(0);
    await emitter.close();
  });
});

describe('callbacks', () => {
  it('onSuccess gets the sent count; onFailure is never called on success (flaw #7)', async () => {
    const onSuccess = vi.fn();
    const onFailure = vi.fn();
    const onError = vi.fn();
    const { emitter } = setup([], { onSuccess, onFailure, onError });
    for (let n = 0; n < 13; n += 1) emitter.input(event(n));
    await emitter.flush();
    expect(onSuccess.mock.calls).toEqual([[10], [3]]);
    expect(onFailure).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it('a throwing callback is caught and logged, and delivery goes on', async () => {
    const { emitter, sent, logs } = setup([400], {
      bufferSize: 1,
      onSuccess: () => {
        throw new Error('success boom');
      },
      onFailure: () => {
        throw new Error('failure boom');
      },
      onError: () => {
        throw 'error boom';
      },
    });
    emitter.input(event(1));
    emitter.input(event(2));
    await emitter.flush();
    expect(sent).toHaveLength(2);
    expect(logs.filter(([level]) => level === 'error')).toEqual([
      ['error', 'Emitter onError callback threw: error boom'],
      ['error', 'Emitter onFailure callback threw: failure boom'],
      ['error', 'Emitter onSuccess callback threw: success boom'],
    ]);
  });
});

describe('store full', () => {
  it('drop-oldest: every dropped event reaches onFailure and onError, with rate-limited warnings', async () => {
    const onFailure = vi.fn();
    const onError = vi.fn();
    const store = new MemoryStore({ maxEvents: 3 });
    const { emitter, logs } = setup([], { bufferSize: 100, store, onFailure, onError });
    for (let n = 0; n < 5; n += 1) emitter.input(event(n));
    expect(onFailure.mock.calls).toEqual([
      [0, [event(0)]],
      [0, [event(1)]],
    ]);
    // Each event costs its JSON plus `,"stm":"<13 digits>"` and a comma in a batch: 142 + 23 bytes.
    expect(JSON.stringify(event(0)).length + 23).toBe(165);
    expect(onError.mock.calls.map(([f]) => [f.code, f.willRetry, f.error.message])).toEqual([
      ['SP_ERR_STORE_FULL', false, 'Event store full: dropped 1 event(s) (3 events, 495 bytes held)'],
      ['SP_ERR_STORE_FULL', false, 'Event store full: dropped 1 event(s) (3 events, 495 bytes held)'],
    ]);
    // One warning per second at most, with the count; the rest is written at close.
    expect(logs.filter(([level]) => level === 'warn')).toEqual([
      [
        'warn',
        'Event store full: dropped 1 event(s) (3 events, 495 bytes held); 1 event(s) dropped since the last warning',
      ],
    ]);
    expect(store.count).toBe(3);
    await emitter.close();
    expect(logs.filter(([level]) => level === 'warn').at(-1)).toEqual([
      'warn',
      'Event store full; 1 event(s) dropped since the last warning',
    ]);
  });

  it('drops held back by the rate limit are logged when the interval ends, without close()', async () => {
    const store = new MemoryStore({ maxEvents: 1 });
    const { emitter, logs } = setup([], { bufferSize: 100, store });
    for (let n = 0; n < 4; n += 1) emitter.input(event(n));
    const warnings = () => logs.filter(([level]) => level === 'warn').map(([, msg]) => msg);
    expect(warnings()).toEqual([
      'Event store full: dropped 1 event(s) (1 events, 165 bytes held); 1 event(s) dropped since the last warning',
    ]);
    await vi.advanceTimersByTimeAsync(999);
    expect(warnings()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(warnings().at(-1)).toBe('Event store full; 2 event(s) dropped since the last warning');
    await emitter.close();
    expect(warnings()).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a flush waiting for an event the full store drops settles (the event is reported, not awaited)', async () => {
    const onFailure = vi.fn();
    const store = new MemoryStore({ maxEvents: 2 });
    const { emitter, sent } = setup([500], { bufferSize: 100, store, onFailure });
    emitter.input(event(1));
    let flushed = false;
    const done = emitter.flush().then(() => {
      flushed = true;
    });
    await idle();
    emitter.input(event(2));
    emitter.input(event(3));
    await idle();
    expect(onFailure.mock.calls).toEqual([[0, [event(1)]]]);
    expect(flushed).toBe(true);
    await done;
    await advance(500);
    expect(sent.map((r) => r.events.map((e) => e.se_ac))).toEqual([['action-1'], ['action-2', 'action-3']]);
    await emitter.close();
  });

  it('drop-newest keeps what is held and reports the new event', async () => {
    const onFailure = vi.fn();
    const store = new MemoryStore({ maxEvents: 2, whenFull: 'drop-newest' });
    const { emitter, sent } = setup([], { bufferSize: 100, store, onFailure });
    for (let n = 0; n < 3; n += 1) emitter.input(event(n));
    expect(onFailure.mock.calls).toEqual([[0, [event(2)]]]);
    await emitter.flush();
    expect(sent[0]?.events.map((e) => e.se_ac)).toEqual(['action-0', 'action-1']);
  });
});

describe('close()', () => {
  it('flushes, then reports later input', async () => {
    const onFailure = vi.fn();
    const onError = vi.fn();
    const { emitter, sent } = setup([], { onFailure, onError });
    emitter.input(event(1));
    await emitter.close();
    expect(sent).toHaveLength(1);
    emitter.input(event(2));
    expect(onFailure).toHaveBeenCalledExactlyOnceWith(0, [event(2)]);
    expect(onError.mock.calls[0]?.[0].error.message).toBe(
      `Emitter input after close: event not sent (eid ${event(2).eid})`,
    );
  });

  it('after its timeout, reports what is left, stops retrying and clears every timer', async () => {
    const onFailure = vi.fn();
    const onError = vi.fn();
    const { emitter, sent, answers } = setup([], { onFailure, onError, bufferSize: 1, flushInterval: 1000 });
    answers.push(...Array(50).fill(503));
    emitter.input(event(1));
    await idle();
    // The periodic flush and the retry timer.
    expect(vi.getTimerCount()).toBe(2);
    let closed = false;
    const closing = emitter.close({ timeout: 2000 }).then(() => {
      closed = true;
    });
    await advance(1950);
    expect(closed).toBe(false);
    await advance(100);
    await closing;
    expect(onFailure).toHaveBeenCalledExactlyOnceWith(0, [event(1)]);
    expect(onError.mock.calls.at(-1)?.[0].error.message).toBe('Emitter close timed out after 2000ms');
    const requests = sent.length;
    await advance(30_000, 1000);
    expect(sent).toHaveLength(requests);
    expect(vi.getTimerCount()).toBe(0);
  });
});
