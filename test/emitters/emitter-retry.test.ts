import { describe, expect, it, vi } from 'vitest';
import { advance, idle, setup as setupEmitter, T0, useFakeClock } from './fake-clock.js';
import { event, ORIGIN } from './mock-collector.js';

const POST_URL = `POST ${ORIGIN}/com.snowplowanalytics.snowplow/tp2`;

useFakeClock();
/** Retry tests send each event on its own. */
const setup = (
  script: Parameters<typeof setupEmitter>[0],
  options: Parameters<typeof setupEmitter>[1] = {},
) => setupEmitter(script, { bufferSize: 1, ...options });

describe('backoff', () => {
  it.each([
    ['lowest jitter', 0, [250, 500, 1000, 2000]],
    ['highest jitter', 1, [500, 1000, 2000, 4000]],
    ['middle jitter', 0.5, [375, 750, 1500, 3000]],
  ])(
    'retries on a timer with exponential backoff (%s), with no new event to trigger it',
    async (_name, random, gaps) => {
      vi.spyOn(Math, 'random').mockReturnValue(random);
      const { emitter, sent } = setup([500, 500, 500, 500, 200]);
      emitter.input(event(1));
      await advance(8000);
      expect(sent).toHaveLength(5);
      expect(sent.slice(1).map((r, i) => r.at - (sent[i]?.at ?? 0))).toEqual(gaps);
      expect(sent.map((r) => r.events[0]?.eid)).toEqual(Array(5).fill(event(1).eid));
      expect(sent.map((r) => r.events[0]?.stm)).toEqual(sent.map((r) => String(r.at)));
    },
  );

  it('caps the delay at maxDelay', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { emitter, sent } = setup([500, 500, 500, 500, 200], { retry: { baseDelay: 100, maxDelay: 300 } });
    emitter.input(event(1));
    await advance(2000, 10);
    expect(sent.slice(1).map((r, i) => r.at - (sent[i]?.at ?? 0))).toEqual([100, 200, 300, 300]);
  });

  it('starts again from baseDelay after a success', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { emitter, sent } = setup([500, 500, 200, 500, 200]);
    emitter.input(event(1));
    await advance(2000);
    emitter.input(event(2));
    await advance(2000);
    expect(sent.map((r) => [r.at - T0, r.events[0]?.se_ac])).toEqual([
      [0, 'action-1'],
      [500, 'action-1'],
      [1500, 'action-1'],
      [2000, 'action-2'],
      [2500, 'action-2'],
    ]);
  });

  it('does not send while backing off, even when flush() is called (no hot loop, flaw #2)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { emitter, sent } = setup([500, 200]);
    emitter.input(event(1));
    await idle();
    const flushed = emitter.flush();
    emitter.input(event(2));
    void emitter.flush();
    await advance(450);
    expect(sent).toHaveLength(1);
    await advance(100);
    await flushed;
    expect(sent.map((r) => r.events.map((e) => e.se_ac))).toEqual([['action-1'], ['action-1', 'action-2']]);
  });

  it('honours Retry-After in seconds', async () => {
    const { emitter, sent } = setup([{ status: 503, headers: { 'retry-after': '7' } }, 200]);
    emitter.input(event(1));
    await advance(6950);
    expect(sent).toHaveLength(1);
    await advance(100);
    expect(sent).toHaveLength(2);
    expect((sent[1]?.at ?? 0) - (sent[0]?.at ?? 0)).toBe(7000);
  });

  it('treats Retry-After as a floor: "0" still waits the backoff (no hot loop)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { emitter, sent } = setup([{ status: 503, headers: { 'retry-after': '0' } }, 200]);
    emitter.input(event(1));
    await advance(1000);
    expect(sent.map((r) => r.at - T0)).toEqual([0, 500]);
  });

  it('honours Retry-After as an HTTP date, capped by maxRetryAfter', async () => {
    const date = new Date(T0 + 120_000).toUTCString();
    const { emitter, sent } = setup([{ status: 429, headers: { 'retry-after': date } }, 200], {
      retry: { maxRetryAfter: 3000 },
    });
    emitter.input(event(1));
    await advance(3100, 100);
    expect((sent[1]?.at ?? 0) - (sent[0]?.at ?? 0)).toBe(3000);
  });

  it('gives up after maxRetries and reports the events', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const onFailure = vi.fn();
    const onError = vi.fn();
    const { emitter, sent, answers } = setup([], {
      retry: { maxRetries: 2, baseDelay: 100 },
      onFailure,
      onError,
    });
    answers.push(500, 500, 500, 500);
    emitter.input(event(1));
    await advance(1000);
    expect(sent).toHaveLength(3);
    expect(onFailure).toHaveBeenCalledExactlyOnceWith(0, [event(1)]);
    expect(onError.mock.calls.map(([f]) => [f.code, f.status, f.willRetry, f.error.message])).toEqual([
      ['SP_ERR_HTTP_STATUS', 500, true, `Collector responded 500: ${POST_URL}`],
      ['SP_ERR_HTTP_STATUS', 500, true, `Collector responded 500: ${POST_URL}`],
      [
        'SP_ERR_HTTP_STATUS',
        500,
        false,
        `Delivery gave up after 2 retries: Collector responded 500: ${POST_URL}`,
      ],
    ]);
    await emitter.flush();
  });
});

describe('statuses that are never retried', () => {
  it.each([400, 401, 403, 410, 422])('%i: one request, events reported at once', async (status) => {
    const onFailure = vi.fn();
    const onError = vi.fn();
    const onSuccess = vi.fn();
    const { emitter, sent } = setup([status], { bufferSize: 2, onFailure, onError, onSuccess });
    emitter.input(event(1));
    emitter.input(event(2));
    await emitter.flush();
    await advance(60_000, 5000);
    expect(sent).toHaveLength(1);
    expect(onSuccess).not.toHaveBeenCalled();
    expect(onFailure).toHaveBeenCalledExactlyOnceWith(0, [event(1), event(2)]);
    expect(onError).toHaveBeenCalledOnce();
    const failure = onError.mock.calls[0]?.[0];
    expect({ ...failure, error: failure.error.message }).toEqual({
      code: 'SP_ERR_HTTP_STATUS',
      status,
      willRetry: false,
      error: `Collector responded ${status}: ${POST_URL}`,
      events: [event(1), event(2)],
    });
  });

  it('is configurable: noRetryStatuses replaces the list', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const onFailure = vi.fn();
    const { emitter, sent } = setup([400, 500], { retry: { noRetryStatuses: [500] }, onFailure });
    emitter.input(event(1));
    await advance(1000);
    expect(sent.map((r) => r.at - T0)).toEqual([0, 500]);
    expect(onFailure).toHaveBeenCalledExactlyOnceWith(0, [event(1)]);
  });
});

describe('413', () => {
  it('searches for the size the collector takes, in order, and stays under the smallest size refused', async () => {
    const onSuccess = vi.fn();
    const onFailure = vi.fn();
    const { emitter, sent } = setup([413, 413, 200, 200, 200, 200], { bufferSize: 8, onSuccess, onFailure });
    for (let n = 0; n < 8; n += 1) emitter.input(event(n));
    await emitter.flush();
    expect(sent.map((r) => r.events.map((e) => Number(e.se_ac?.slice(7))))).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7], // 1407 bytes: 413
      [0, 1, 2], // half of that, 703 bytes at most: 582 bytes, 413
      [0], // half of 582: 252 bytes, taken
      [1, 2], // between 252 taken and 582 refused: 417 bytes, taken
      [3, 4], // between 417 and 582 (499): three events (582) were refused, so two
      [5, 6],
      [7],
    ]);
    expect(sent.map((r) => r.body?.length)).toEqual([1407, 582, 252, 417, 417, 417, 252]);
    expect(onSuccess.mock.calls).toEqual([[1], [2], [2], [2], [1]]);
    expect(onFailure).not.toHaveBeenCalled();
  });

  it('learns a limit below the default: 3 of 21 requests refused, none once it is found', async () => {
    const onFailure = vi.fn();
    // A collector (or proxy) that refuses bodies over 10,000 bytes: about 60 of these events.
    const { emitter, sent } = setup((r) => ((r.body?.length ?? 0) > 10_000 ? 413 : 200), {
      bufferSize: 100,
      onFailure,
    });
    for (let n = 0; n < 1000; n += 1) emitter.input(event(n));
    await emitter.flush();
    const refused = sent.filter((r) => (r.body?.length ?? 0) > 10_000);
    // The old rule (halve after a 413, double after each success) had about one request in two refused.
    expect(sent.map((r, i) => ((r.body?.length ?? 0) > 10_000 ? i : -1)).filter((i) => i >= 0)).toEqual([
      0, 2, 3,
    ]);
    expect(sent).toHaveLength(21);
    const delivered = sent.filter((r) => !refused.includes(r)).flatMap((r) => r.events.map((e) => e.eid));
    expect(delivered).toEqual(Array.from({ length: 1000 }, (_, n) => event(n).eid));
    expect(onFailure).not.toHaveBeenCalled();
  });

  it('gives up a single event the collector finds too large', async () => {
    const onFailure = vi.fn();
    const onError = vi.fn();
    const { emitter, sent } = setup([413], { onFailure, onError });
    emitter.input(event(1));
    await emitter.flush();
    expect(sent).toHaveLength(1);
    expect(onFailure).toHaveBeenCalledExactlyOnceWith(0, [event(1)]);
    const failure = onError.mock.calls[0]?.[0];
    expect([failure.code, failure.status, failure.willRetry, failure.error.message]).toEqual([
      'SP_ERR_TOO_LARGE',
      413,
      false,
      `Collector refused the request as too large with 1 event(s): Collector responded 413: ${POST_URL}`,
    ]);
  });
});
