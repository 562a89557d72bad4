/**
 * Worker drain rates for bench/redis.ts: `plowtype worker redis` processes (started and idle before the
 * clock starts) draining a list into a target, against the AsyncEmitter one worker feeds, sending the
 * same events to the same target straight from the bench process.
 */
import type { Redis } from 'ioredis';
import type { Collector } from '../src/collector/index.js';
import { AsyncEmitter, createLogger } from '../src/index.js';
import { RedisWorker } from '../src/redis.js';
import { startCli } from './redis-cli.js';
import type { SinkProcess } from './sink-process.js';

/** Where events go, and how many arrived. */
export interface Target {
  readonly url: string;
  reset(): Promise<void>;
  received(): Promise<number>;
}

export const sinkTarget = (sink: SinkProcess): Target => ({
  url: sink.url,
  reset: () => sink.reset(),
  received: async () => (await sink.counts()).events,
});

export const collectorTarget = (collector: Collector): Target => ({
  url: collector.url,
  reset: async () => collector.reset(),
  received: async () => collector.events.summary().total,
});

/** Worker counts and extra flags measured against the sink (--batch-size 100 was the default before). */
export const DRAIN_VARIANTS: [number, string[]][] = [
  [1, []],
  [2, []],
  [4, []],
  [1, ['--concurrency', '2']],
  [1, ['--concurrency', '4']],
  [1, ['--batch-size', '100']],
];

/** Worker counts and extra flags measured against the collector. */
export const COLLECTOR_VARIANTS: [number, string[]][] = [
  [1, []],
  [2, []],
  [4, []],
  [1, ['--batch-size', '100']],
];

const quiet = createLogger({ level: 'off' });
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** The JSON text of `n` payload records, as the Tracker hands them to an emitter (about 600 bytes each). */
export function payloads(n: number): string[] {
  const cx = Buffer.from(
    JSON.stringify({ schema: 'iglu:com.acme/user/jsonschema/1-0-0', data: { tier: 2 } }),
  );
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      e: 'ue',
      eid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      tv: 'plowtype-0.1.0',
      p: 'srv',
      aid: 'bench-app',
      uid: 'user-42',
      res: '1920x1080',
      dtm: String(1_700_000_000_000 + i),
      ue_px: cx.toString('base64url').repeat(4),
      cx: cx.toString('base64url'),
    }),
  );
}

/** Page views the collector accepts as good (the sink's payloads carry schemas it does not know). */
export function pageViews(n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      e: 'pv',
      eid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      tv: 'plowtype-0.1.0',
      p: 'srv',
      aid: 'bench-app',
      url: `https://example.com/products/${i}?ref=bench`,
      page: 'Product page',
      dtm: String(1_700_000_000_000 + i),
    }),
  );
}

async function timed(events: number, run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return events / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** Waits until the target received `events`, asking every 20 ms (asking more often costs it CPU). */
async function drained(target: Target, events: number): Promise<number> {
  const end = Date.now() + 60_000;
  for (;;) {
    const received = await target.received();
    if (received >= events || Date.now() > end) return received;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function emitterDrain(target: Target, data: string[]): Promise<number> {
  await target.reset();
  const emitter = new AsyncEmitter({
    endpoint: target.url,
    bufferSize: 100,
    maxConcurrentRequests: 2,
    logger: quiet,
  });
  const rate = await timed(data.length, async () => {
    for (const json of data) emitter.inputJson?.(json);
    await emitter.flush();
  });
  await emitter.close();
  return rate;
}

/** Pushes `data` to `key` (the workers are waiting on it) and times it until the target received all of it. */
async function pushAndDrain(client: Redis, key: string, target: Target, data: string[]): Promise<number> {
  await target.reset();
  return timed(data.length, async () => {
    const pipeline = client.pipeline();
    for (let at = 0; at < data.length; at += 1000) pipeline.rpush(key, ...data.slice(at, at + 1000));
    await pipeline.exec();
    const received = await drained(target, data.length);
    if (received !== data.length) throw new Error(`the workers delivered ${received} of ${data.length}`);
  });
}

async function workerDrain(client: Redis, target: Target, data: string[], workers: number, flags: string[]) {
  const key = `plowtype-bench:${process.pid}:drain:${workers}:${flags.join('')}`;
  const args = ['worker', 'redis', '--collector', target.url, '--key', key, ...flags];
  const children = await Promise.all(Array.from({ length: workers }, () => startCli(args, /started/)));
  try {
    return await pushAndDrain(client, key, target, data);
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await client.del(key);
  }
}

/** A RedisWorker in the bench process (no second process splitting the CPU), feeding the same AsyncEmitter. */
async function inProcessDrain(client: Redis, target: Target, data: string[]): Promise<number> {
  const key = `plowtype-bench:${process.pid}:in-process`;
  const emitter = new AsyncEmitter({
    endpoint: target.url,
    bufferSize: 100,
    maxConcurrentRequests: 2,
    logger: quiet,
  });
  const worker = new RedisWorker({ emitter, key, logger: quiet });
  await worker.start();
  try {
    return await pushAndDrain(client, key, target, data);
  } finally {
    await worker.stop();
    await emitter.close();
    await client.del(key);
  }
}

/** Prints the AsyncEmitter's rate (median of 3) and each variant's, with its ratio to it; returns the former. */
export async function drainBench(
  client: Redis,
  target: Target,
  data: string[],
  variants: [number, string[]][],
): Promise<number> {
  const baseline = median([
    await emitterDrain(target, data),
    await emitterDrain(target, data),
    await emitterDrain(target, data),
  ]);
  console.log(
    `AsyncEmitter as one worker builds it (2 requests in flight, 100 events each), ${fmt(data.length)} events: ${fmt(baseline)} events/s`,
  );
  for (const [workers, flags] of variants) {
    const rate = await workerDrain(client, target, data, workers, flags);
    const how = flags.length === 0 ? 'defaults' : flags.join(' ');
    console.log(
      `  ${workers} worker(s) (${how}): ${fmt(rate)} events/s (${(rate / baseline).toFixed(2)}x the AsyncEmitter)`,
    );
  }
  const inProcess = await inProcessDrain(client, target, data);
  const ratio = (inProcess / baseline).toFixed(2);
  console.log(`  1 RedisWorker in this process: ${fmt(inProcess)} events/s (${ratio}x the AsyncEmitter)`);
  return baseline;
}
