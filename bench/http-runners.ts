/**
 * The senders bench/http.ts compares, each measured end to end against the same sink process: plowtype
 * (Tracker -> AsyncEmitter), a raw undici Pool writing each request, and @snowplow/node-tracker.
 */
import { buildSelfDescribingEvent, newTracker } from '@snowplow/node-tracker';
import { Pool } from 'undici';
import { encodeEvent, getPath, postBody } from '../src/emitters/request.js';
import { AsyncEmitter, createLogger, type Payload, Subject, Tracker } from '../src/index.js';
import type { SinkCounts, SinkProcess } from './sink-process.js';

export const CONNECTIONS = 10;
/** Events tracked between two turns of the event loop, as a busy server would between requests. */
const CHUNK = 500;

export const event = {
  schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0',
  data: { productId: 'SKU-123', price: 20.5, currency: 'EUR', inStock: true, tags: ['a', 'b'] },
} as const;
export const context = {
  schema: 'iglu:com.acme/user/jsonschema/1-0-0',
  data: { type: 'tester', tier: 2, beta: true, note: 'ünïcødé ✓' },
} as const;

const quiet = createLogger({ level: 'off' });
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface Run {
  rate: number;
  /** CPU time of this (sending) process per event, in µs: steadier than rates on a shared machine. */
  cpu: number;
  counts: SinkCounts;
}

/** Starts a wall clock and a CPU clock; the returned function reads both in seconds and µs/event. */
function clocks(): (events: number) => { seconds: number; cpu: number } {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  return (events) => {
    const used = process.cpuUsage(cpu);
    return {
      seconds: Number(process.hrtime.bigint() - start) / 1e9,
      cpu: (used.user + used.system) / events,
    };
  };
}

export function plowtypeTracker(emitter: AsyncEmitter): Tracker {
  const subject = new Subject().setUserId('user-42').setScreenResolution(1920, 1080).setLang('en-GB');
  return new Tracker({ emitters: emitter, namespace: 'bench', appId: 'bench-app', subject, logger: quiet });
}

export async function trackInChunks(n: number, track: () => void): Promise<void> {
  for (let done = 0; done < n; done += CHUNK) {
    for (let i = 0; i < CHUNK && done + i < n; i += 1) track();
    await turn();
  }
}

/** plowtype end to end: every event through the Tracker, timed until flush() says all were delivered. */
export async function plowtypeRun(
  sink: SinkProcess,
  method: 'get' | 'post',
  n: number,
  maxBatchEvents?: number,
): Promise<Run> {
  await sink.reset();
  const emitter = new AsyncEmitter({
    endpoint: sink.url,
    method,
    logger: quiet,
    maxConcurrentRequests: CONNECTIONS,
    ...(maxBatchEvents === undefined ? {} : { maxBatchEvents }),
  });
  const tracker = plowtypeTracker(emitter);
  const stop = clocks();
  await trackInChunks(n, () => tracker.trackSelfDescribingEvent({ event, context: [context] }));
  await tracker.flush();
  const { seconds, cpu } = stop(n);
  await emitter.close();
  return { rate: n / seconds, cpu, counts: await sink.counts() };
}

/**
 * The emitter alone: events built by the Tracker beforehand (20,000 distinct, cycled), fed to the emitter
 * the way the Tracker feeds it (`inputJson`, POST), timed until flush() resolved. Separates the emitter's
 * cost from the Tracker's.
 */
export async function emitterOnlyRun(sink: SinkProcess, n: number): Promise<Run> {
  await sink.reset();
  const texts: string[] = [];
  const capture = { input: () => undefined, inputJson: (json: string) => texts.push(json) };
  const builder = plowtypeTracker(capture as unknown as AsyncEmitter);
  for (let i = 0; i < 20_000; i += 1) builder.trackSelfDescribingEvent({ event, context: [context] });
  const emitter = new AsyncEmitter({ endpoint: sink.url, logger: quiet, maxConcurrentRequests: CONNECTIONS });
  const inputJson = emitter.inputJson as (json: string) => void;
  let next = 0;
  const stop = clocks();
  await trackInChunks(n, () => inputJson(texts[next++ % texts.length] as string));
  await emitter.flush();
  const { seconds, cpu } = stop(n);
  await emitter.close();
  return { rate: n / seconds, cpu, counts: await sink.counts() };
}

/** One payload exactly as plowtype's Tracker builds it for the bench event. */
export function samplePayload(): Payload {
  let sample: Payload | undefined;
  const subject = new Subject().setUserId('user-42').setScreenResolution(1920, 1080).setLang('en-GB');
  const tracker = new Tracker({
    emitters: { input: (p) => (sample = p) },
    namespace: 'bench',
    appId: 'bench-app',
    subject,
    logger: quiet,
  });
  tracker.trackSelfDescribingEvent({ event, context: [context] });
  return sample as Payload;
}

/**
 * The anchor: a raw undici Pool (same connection count) sending as many events per POST body as plowtype
 * sent on average. No tracking, no batching logic, no bookkeeping, and the same lean dispatch() plowtype's
 * transport uses (request() would handicap the anchor). It does the work plowtype's send path does per
 * request, no less: the body (or GET path) is written per request with that request's `stm`, from events
 * encoded once; sending one prebuilt Buffer again and again measured a sender that cannot exist.
 */
export async function rawRun(
  sink: SinkProcess,
  method: 'get' | 'post',
  n: number,
  perRequest: number,
): Promise<Run> {
  await sink.reset();
  const encoded = encodeEvent(samplePayload(), method);
  const batch = Array(perRequest).fill(encoded);
  const headers = method === 'post' ? { 'content-type': 'application/json; charset=utf-8' } : {};
  const pool = new Pool(sink.url, { connections: CONNECTIONS, pipelining: 1, keepAliveTimeout: 30_000 });
  const requests = Math.ceil(n / perRequest);
  let started = 0;
  // dispatch() with a bare handler, as plowtype's transport does: no response stream, one Promise each.
  const send = () =>
    new Promise<void>((resolve, reject) => {
      const stm = String(Date.now());
      const post = method === 'post';
      const options = {
        origin: sink.url,
        path: post ? '/com.snowplowanalytics.snowplow/tp2' : getPath(encoded.data, stm),
        method: post ? 'POST' : 'GET',
        body: post ? postBody(batch, stm) : null,
        headers,
      };
      pool.dispatch(options, {
        onConnect: () => undefined,
        onHeaders: () => true,
        onData: () => true,
        onComplete: () => resolve(),
        onError: reject,
      });
    });
  const worker = async () => {
    while (started < requests) {
      started += 1;
      await send();
    }
  };
  const stop = clocks();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const { seconds, cpu } = stop(requests * perRequest);
  await pool.close();
  return { rate: (requests * perRequest) / seconds, cpu, counts: await sink.counts() };
}

/**
 * @snowplow/node-tracker 4.8.0 at its best: batches of up to 100 events, and its flush() awaited after
 * every 1,000 events (tracked without awaiting, its in-memory store of 1,000 drops the oldest events
 * silently: 26,705 of 30,000 lost in a trial run). Timed until the sink counted every event.
 */
export async function officialRun(sink: SinkProcess, method: 'get' | 'post', n: number): Promise<Run> {
  await sink.reset();
  const tracker = newTracker(
    { namespace: 'bench', appId: 'bench-app' },
    {
      endpoint: '127.0.0.1',
      protocol: 'http',
      port: sink.port,
      eventMethod: method,
      bufferSize: method === 'post' ? 100 : 1,
    },
  );
  tracker.setUserId('user-42');
  tracker.setScreenResolution('1920', '1080');
  tracker.setLang('en-GB');
  const chunk = method === 'post' ? 1000 : 100;
  const stop = clocks();
  for (let done = 0; done < n; done += chunk) {
    for (let i = 0; i < chunk; i += 1) tracker.track(buildSelfDescribingEvent({ event }), [context]);
    await tracker.flush();
  }
  const counts = await sink.waitFor(n, 1000);
  const { seconds, cpu } = stop(counts.events);
  return { rate: counts.events / seconds, cpu, counts };
}
