/**
 * Redis paths, each side by side with its baseline in the same run (medians of alternating rounds):
 *  - RedisEmitter writing events into a list vs the raw ioredis client doing the same pipelined RPUSH of
 *    the same strings (target >= 70%);
 *  - `plowtype worker redis` draining a list into a sink process, and into the project's collector, with
 *    1, 2 and 4 workers, vs the AsyncEmitter it feeds sending the same events straight from this process;
 *  - the queue path end to end into each: QueueEmitter -> BullMQ -> `plowtype worker queue`.
 * Workers are started (and redis workers warmed up) before the clock starts, so start-up is not measured.
 *
 * Run: npx tsx bench/redis.ts [rounds]   (needs Redis on 127.0.0.1:6379)
 */
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { startCollector } from '../src/collector/index.js';
import { createLogger, MemoryStore } from '../src/index.js';
import { QueueEmitter, RedisEmitter } from '../src/redis.js';
import { startCli } from './redis-cli.js';
import {
  besideEmitter,
  COLLECTOR_VARIANTS,
  collectorTarget,
  DRAIN_VARIANTS,
  drainBench,
  pageViews,
  payloads,
  sinkTarget,
  type Target,
} from './redis-drain.js';
import { SinkProcess } from './sink-process.js';

const ROUNDS = Number(process.argv[2] ?? 3);
const WRITE_EVENTS = 200_000;
const DRAIN_EVENTS = 40_000;
const COLLECTOR_EVENTS = 40_000;
const QUEUE_EVENTS = 20_000;
const quiet = createLogger({ level: 'off' });
const prefix = `plowtype-bench:${process.pid}`;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function timed(events: number, run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return events / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** Events handed over between two turns of the event loop, as a busy server would between requests. */
const CHUNK = 500;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function writeBench(client: Redis, data: string[]): Promise<void> {
  const key = `${prefix}:write`;
  const ours: number[] = [];
  const raw: number[] = [];
  // A store that holds the whole burst: a drop would flatter the emitter (and fails the check below).
  const store = new MemoryStore({ maxEvents: data.length });
  const emitter = new RedisEmitter({ redis: client, key, store, logger: quiet });
  const input = emitter.inputJson;
  const check = async (who: string) => {
    const length = await client.llen(key);
    await client.del(key);
    if (length !== data.length) throw new Error(`${who} wrote ${length} of ${data.length} events`);
  };
  for (let round = 0; round <= ROUNDS; round += 1) {
    const o = await timed(data.length, async () => {
      for (let at = 0; at < data.length; at += CHUNK) {
        for (let i = at; i < at + CHUNK && i < data.length; i += 1) input(data[i] as string);
        await turn();
      }
      await emitter.flush();
    });
    await check('RedisEmitter');
    const r = await timed(data.length, async () => {
      const pushes: Promise<unknown>[] = [];
      for (let at = 0; at < data.length; at += CHUNK) {
        pushes.push(client.rpush(key, ...data.slice(at, at + CHUNK)));
        await turn();
      }
      await Promise.all(pushes);
    });
    await check('raw');
    if (round === 0) continue; // warm-up
    ours.push(o);
    raw.push(r);
  }
  await emitter.close();
  const ratio = median(ours) / median(raw);
  console.log(
    `RedisEmitter into a list, ${fmt(data.length)} events, ${CHUNK} per event-loop turn: ${fmt(median(ours))} events/s`,
  );
  console.log(
    `raw ioredis, one RPUSH of the same ${CHUNK} strings per turn (pipelined): ${fmt(median(raw))} events/s`,
  );
  console.log(
    `  ratio RedisEmitter/raw: ${ratio.toFixed(2)} (target >= 0.70) ${ratio >= 0.7 ? 'ok' : 'BELOW TARGET'}`,
  );
  console.log(`  rounds RedisEmitter: ${ours.map(fmt).join(', ')}; raw: ${raw.map(fmt).join(', ')}`);
}

/** The queue path end to end, until onSuccess for every event, beside the AsyncEmitter into the same target. */
async function queuePath(client: Redis, target: Target, data: string[]): Promise<void> {
  await besideEmitter('queue path (QueueEmitter -> BullMQ -> 1 worker, concurrency 4)', target, data, () =>
    queueRun(client, target, data),
  );
}

/** One queue path run (a worker started for it, and its queue deleted after), until onSuccess for every event. */
async function queueRun(client: Redis, target: Target, data: string[]): Promise<{ rate: number }> {
  const queue = `plowtype-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const args = ['worker', 'queue', '--collector', target.url, '--queue', queue, '--concurrency', '4'];
  const worker = await startCli(args, /started/);
  await target.reset();
  let delivered = 0;
  const emitter = new QueueEmitter({ queue, logger: quiet, onSuccess: (n) => (delivered += n) });
  try {
    const rate = await timed(data.length, async () => {
      for (const json of data) emitter.inputJson(json);
      await emitter.flush();
      while (delivered < data.length) await new Promise((resolve) => setTimeout(resolve, 5));
    });
    const received = await target.received();
    if (received < data.length) throw new Error(`the queue path delivered ${received} of ${data.length}`);
    return { rate };
  } finally {
    await emitter.close();
    await worker.stop();
    const keys = await client.keys(`bull:${queue}:*`);
    if (keys.length > 0) await client.del(...keys);
  }
}

const client = new Redis();
const sink = await SinkProcess.start();
const collector = await startCollector({ port: 0 });
try {
  const load = () =>
    loadavg()
      .map((n) => n.toFixed(2))
      .join(' ');
  console.log(`load average at start: ${load()} (2 cores, shared)`);
  await writeBench(client, payloads(WRITE_EVENTS));
  console.log('\ninto a counting sink (another process):');
  await drainBench(client, sinkTarget(sink), payloads(DRAIN_EVENTS), DRAIN_VARIANTS);
  await queuePath(client, sinkTarget(sink), payloads(QUEUE_EVENTS));
  console.log("\ninto the project's collector (this process; it validates and stores every event):");
  await drainBench(client, collectorTarget(collector), pageViews(COLLECTOR_EVENTS), COLLECTOR_VARIANTS);
  await queuePath(client, collectorTarget(collector), pageViews(QUEUE_EVENTS));
  console.log(`load average at end: ${load()}`);
} finally {
  await collector.stop();
  await sink.stop();
  client.disconnect();
}
