/**
 * Worker drain rates for bench/redis.ts: `plowtype worker redis` processes (started, and warmed up by
 * one untimed drain of the same events, before the clock starts) draining a list into a target, against the AsyncEmitter one worker feeds, sending the
 * same events to the same target straight from the bench process.
 */
import { readFileSync } from 'node:fs';
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

/** A process's CPU time (user + system) in ms, from /proc (Linux; 100 clock ticks a second). */
function cpuMs(pid: number): number {
  const fields = (readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1] as string).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Runs `run` and returns the CPU µs per event each of `pids` spent meanwhile (summed per group). */
async function cpuPerEvent<T>(groups: number[][], events: number, run: () => Promise<T>) {
  const sum = () => groups.map((pids) => pids.reduce((total, pid) => total + cpuMs(pid), 0));
  const before = sum();
  const result = await run();
  const perEvent = sum().map((ms, i) => ((ms - (before[i] as number)) * 1000) / events);
  return { result, perEvent };
}

const us = (n: number | undefined) => `${(n ?? 0).toFixed(1)} µs`;

/** The events per batch and requests in flight of `plowtype worker redis` by default. */
const WORKER_BATCH = 500;

async function emitterDrain(target: Target, data: string[]): Promise<[rate: number, cpu: number]> {
  await target.reset();
  const emitter = new AsyncEmitter({
    endpoint: target.url,
    bufferSize: WORKER_BATCH,
    maxConcurrentRequests: 2,
    logger: quiet,
  });
  const { result, perEvent } = await cpuPerEvent([[process.pid]], data.length, () =>
    timed(data.length, async () => {
      for (const json of data) emitter.inputJson?.(json);
      await emitter.flush();
    }),
  );
  await emitter.close();
  return [result, perEvent[0] as number];
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

/** One timed run of what is measured: events/s, and where its CPU went (µs per event), if known. */
export type Run = () => Promise<{ rate: number; cpu?: number[] }>;

/**
 * Starts `workers` CLI workers on a fresh key, drains `data` once untimed (a worker runs for days: its
 * JIT warm-up is start-up, not drain rate), and hands `measure` a timed drain that also reports the CPU
 * µs per event of the workers and of Redis.
 */
async function withWorkers(
  client: Redis,
  target: Target,
  data: string[],
  [workers, flags]: [number, string[]],
  measure: (run: Run) => Promise<void>,
): Promise<void> {
  const key = `plowtype-bench:${process.pid}:drain:${workers}:${flags.join('')}`;
  const args = ['worker', 'redis', '--collector', target.url, '--key', key, ...flags];
  const children = await Promise.all(Array.from({ length: workers }, () => startCli(args, /started/)));
  const redisPid = Number((await client.info('server')).match(/process_id:(\d+)/)?.[1]);
  const groups = [children.map((child) => child.pid), [redisPid]];
  try {
    await pushAndDrain(client, key, target, data);
    await measure(async () => {
      const { result, perEvent } = await cpuPerEvent(groups, data.length, () =>
        pushAndDrain(client, key, target, data),
      );
      return { rate: result, cpu: perEvent };
    });
  } finally {
    await Promise.all(children.map((child) => child.stop()));
    await client.del(key);
  }
}

/** A RedisWorker in the bench process (no second process splitting the CPU), feeding the same AsyncEmitter. */
async function inProcess(
  client: Redis,
  target: Target,
  data: string[],
  measure: (run: Run) => Promise<void>,
) {
  const key = `plowtype-bench:${process.pid}:in-process`;
  const emitter = new AsyncEmitter({
    endpoint: target.url,
    bufferSize: WORKER_BATCH,
    maxConcurrentRequests: 2,
    logger: quiet,
  });
  const worker = new RedisWorker({ emitter, key, logger: quiet });
  await worker.start();
  try {
    await pushAndDrain(client, key, target, data); // warm-up
    await measure(async () => ({ rate: await pushAndDrain(client, key, target, data) }));
  } finally {
    await worker.stop();
    await emitter.close();
    await client.del(key);
  }
}

/** Timed runs of each measured path, each between two runs of the AsyncEmitter. */
const ROUNDS = 3;

/**
 * Alternates the AsyncEmitter into the same target and `run`, {@link ROUNDS} times (the emitter first and
 * last), and prints the median rate and the median of the ratios, each run against the mean of the two
 * emitter runs beside it: the load of a shared machine drifts within a bench, so each run is compared
 * with the baseline measured next to it. `cpuNames` name the CPU figures (µs per event) `run` reports.
 */
export async function besideEmitter(
  what: string,
  target: Target,
  data: string[],
  run: Run,
  cpuNames: string[] = [],
): Promise<void> {
  let [previous, emitterCpu] = await emitterDrain(target, data);
  const rates: number[] = [];
  const ratios: number[] = [];
  const cpu = cpuNames.map(() => 0);
  for (let round = 0; round < ROUNDS; round += 1) {
    const measured = await run();
    const [next, nextCpu] = await emitterDrain(target, data);
    rates.push(measured.rate);
    ratios.push(measured.rate / ((previous + next) / 2));
    measured.cpu?.forEach((value, i) => {
      cpu[i] = (cpu[i] as number) + value / ROUNDS;
    });
    emitterCpu += nextCpu;
    previous = next;
  }
  const cpus = cpuNames.map((name, i) => `${name} ${us(cpu[i])}`);
  const cpuText =
    cpus.length === 0
      ? ''
      : `; CPU per event: ${cpus.join(', ')}, the AsyncEmitter ${us(emitterCpu / (ROUNDS + 1))}`;
  console.log(
    `  ${what}: ${fmt(median(rates))} events/s, ${median(ratios).toFixed(2)}x the AsyncEmitter (ratios ${ratios.map((r) => r.toFixed(2)).join(', ')})${cpuText}`,
  );
}

/** Each variant's drain rate, and a RedisWorker's in this process, beside the AsyncEmitter's. */
export async function drainBench(
  client: Redis,
  target: Target,
  data: string[],
  variants: [number, string[]][],
): Promise<void> {
  await emitterDrain(target, data); // warm-up, as for the workers
  console.log(
    `${fmt(data.length)} events; the AsyncEmitter as one worker builds it (2 requests in flight, ${WORKER_BATCH} events each) sends them from this process:`,
  );
  for (const variant of variants) {
    const [workers, flags] = variant;
    const how = flags.length === 0 ? 'defaults' : flags.join(' ');
    await withWorkers(client, target, data, variant, (run) =>
      besideEmitter(`${workers} worker(s) (${how})`, target, data, run, ['worker(s)', 'Redis']),
    );
  }
  await inProcess(client, target, data, (run) =>
    besideEmitter('1 RedisWorker in this process', target, data, run),
  );
}
