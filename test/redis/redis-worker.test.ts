/**
 * `plowtype worker redis` as child processes against the project's collector (behind a gate that can
 * hold requests), on the real Redis: crash recovery, graceful stop, load sharing, a Redis restart.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RedisEmitter } from '../../src/emitters/redis.js';
import { createLogger } from '../../src/logger.js';
import type { Payload } from '../../src/types.js';
import {
  deleteKeys,
  deliveredEids,
  destroyPrivateRedis,
  GatedCollector,
  killChildren,
  PrivateRedis,
  records,
  SHARED_REDIS,
  startRedisWorker,
  uniqueKey,
  waitUntil,
} from './helpers.js';

let client: Redis;
let gate: GatedCollector;
let prefix: string;
let emitter: RedisEmitter | undefined;

/** Writes `given` to the list through a RedisEmitter, as an app server would. */
async function track(given: readonly Payload[], redis = SHARED_REDIS): Promise<RedisEmitter> {
  emitter ??= new RedisEmitter({
    redis,
    key: prefix,
    retry: { baseDelay: 20, maxDelay: 100 },
    logger: quiet(),
  });
  for (const record of given) emitter.input(record);
  await emitter.flush();
  return emitter;
}

const quiet = () => createLogger({ level: 'off' });
const eidsOf = (given: readonly Payload[]) => given.map((r) => r.eid as string).sort();
const count = (n: number) => () => (gate.collector.events.summary().good >= n ? true : undefined);

beforeAll(() => {
  client = new Redis(SHARED_REDIS);
});
afterAll(() => client.quit());
beforeEach(async () => {
  gate = await GatedCollector.start();
  prefix = uniqueKey('worker');
});
afterEach(async () => {
  await destroyPrivateRedis();
  await killChildren();
  await emitter?.close({ timeout: 0 });
  emitter = undefined;
  await gate.stop();
  await deleteKeys(client, prefix);
});

describe('plowtype worker redis', () => {
  it('SIGKILL mid-stream of 20,000 events: a second worker recovers the batches in flight; nothing else twice', async () => {
    const given = records(20_000);
    await track(given);
    const flags = ['--batch-size', '500', '--heartbeat-timeout', '1000'];
    const first = await startRedisWorker(gate.url, prefix, flags);
    await waitUntil('5,000 events delivered', count(5_000));
    gate.mode = 'hold';
    await waitUntil('a request held at the collector', () => (gate.held > 0 ? true : undefined));
    // The batch held at the collector and the next one, taken and given to the emitter meanwhile.
    const processing = `${prefix}:processing:${first.id}:0`;
    await waitUntil(
      'two batches in flight',
      async () => (await client.llen(processing)) >= 1000 || undefined,
    );
    first.signal('SIGKILL');
    await first.exited;
    // What the dead worker held, read once it can no longer change: the only events allowed twice.
    const inFlight = await client.lrange(processing, 0, -1);
    // Whole batches: one or two (a delivered batch may be acknowledged just before the kill, the next
    // one not yet taken).
    expect([500, 1000, 1500]).toContain(inFlight.length);
    gate.open();

    const second = await startRedisWorker(gate.url, prefix, flags);
    await second.line(new RegExp(`recovered ${inFlight.length} event\\(s\\) from dead worker ${first.id}`));
    await waitUntil(
      'every event delivered',
      () => new Set(deliveredEids(gate.collector)).size === 20_000 || undefined,
    );
    second.signal('SIGINT');
    expect(await second.exited).toBe(0);

    const delivered = deliveredEids(gate.collector);
    expect([...new Set(delivered)].sort()).toEqual(eidsOf(given));
    const inFlightEids = new Set(inFlight.map((raw) => (JSON.parse(raw) as Payload).eid));
    const times = new Map<string, number>();
    for (const eid of delivered) times.set(eid, (times.get(eid) ?? 0) + 1);
    const twice = [...times].filter(([, n]) => n > 1).map(([eid]) => eid);
    expect(twice.filter((eid) => !inFlightEids.has(eid))).toEqual([]);
    expect(await client.llen(prefix)).toBe(0);
    expect(await client.hgetall(`${prefix}:workers`)).toEqual({});
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s during a steady stream: exit 0, and delivered plus still queued is exactly what was tracked',
    async (signal) => {
      const tracked: Payload[] = [];
      let tracking = true;
      const producer = (async () => {
        while (tracking) {
          const batch = records(50, tracked.length);
          tracked.push(...batch);
          await track(batch);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      const worker = await startRedisWorker(gate.url, prefix, ['--batch-size', '100']);
      await waitUntil('1,000 events delivered', count(1_000));
      worker.signal(signal);
      expect(await worker.exited).toBe(0);
      tracking = false;
      await producer;

      const delivered = deliveredEids(gate.collector);
      const queued = (await client.lrange(prefix, 0, -1)).map(
        (raw) => (JSON.parse(raw) as Payload).eid as string,
      );
      expect([...delivered, ...queued].sort()).toEqual(eidsOf(tracked));
      expect(worker.output).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^plowtype worker info: RedisWorker ${worker.id} stopped: ${delivered.length} event\\(s\\) delivered`,
          ),
        ),
      );
      expect(await client.exists(`${prefix}:processing:${worker.id}:0`, `${prefix}:alive:${worker.id}`)).toBe(
        0,
      );
      expect(await client.hgetall(`${prefix}:workers`)).toEqual({});
      // Quiet by default: no line per batch or per request (the emitter's request lines need --verbose).
      expect(worker.output.filter((line) => /Collector responded 200|delivered a batch/.test(line))).toEqual(
        [],
      );
    },
  );

  it.each([1, 2, 4])('%i worker(s) on one key deliver every event exactly once', async (n) => {
    const workers = await Promise.all(
      Array.from({ length: n }, () =>
        startRedisWorker(gate.url, prefix, ['--batch-size', '50', '--verbose']),
      ),
    );
    const given = records(3_000);
    await track(given);
    await waitUntil('3,000 events delivered', count(3_000));
    for (const worker of workers) worker.signal('SIGINT');
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual(workers.map(() => 0));
    expect(deliveredEids(gate.collector).sort()).toEqual(eidsOf(given));
    const counts = workers.map((w) => {
      const stopped = w.output.find((line) => line.includes(' stopped: ')) as string;
      return Number((stopped.match(/stopped: (\d+) event/) as RegExpMatchArray)[1]);
    });
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3_000);
    // --verbose: one line per batch, none larger than --batch-size, together every event.
    const batches = workers.flatMap((w) =>
      w.output.flatMap(
        (line) =>
          line.match(
            /^plowtype worker debug: RedisWorker delivered a batch of (\d+) event\(s\) from /,
          )?.[1] ?? [],
      ),
    );
    expect(batches.map(Number).every((size) => size >= 1 && size <= 50)).toBe(true);
    expect(batches.map(Number).reduce((a, b) => a + b, 0)).toBe(3_000);
    const requests = workers.flatMap((w) =>
      w.output.filter((line) => /^plowtype worker info: Collector responded 200: POST /.test(line)),
    );
    expect(requests.length).toBeGreaterThanOrEqual(batches.length);
  });

  it('a collector that fails for a while: the worker retries until it answers, nothing is given up', async () => {
    gate.mode = 'fail';
    const given = records(200);
    await track(given);
    const worker = await startRedisWorker(gate.url, prefix, ['--batch-size', '50']);
    await waitUntil('two failed requests', () => (gate.failed >= 2 ? true : undefined));
    gate.open();
    await waitUntil(
      'every event delivered',
      () => new Set(deliveredEids(gate.collector)).size === 200 || undefined,
    );
    worker.signal('SIGINT');
    expect(await worker.exited).toBe(0);
    expect([...new Set(deliveredEids(gate.collector))].sort()).toEqual(eidsOf(given));
    expect(worker.output).toContainEqual(
      expect.stringMatching(/^plowtype worker warn: Collector responded 503: .* will retry\)/),
    );
    expect(worker.output.filter((line) => line.includes('not sent'))).toEqual([]);
  });

  it('Redis restarted while the app tracks and the worker drains: both recover by themselves, nothing lost', async () => {
    const redis = await PrivateRedis.start();
    try {
      const failed: Payload[] = [];
      emitter = new RedisEmitter({
        redis: redis.url,
        key: prefix,
        retry: { baseDelay: 20, maxDelay: 100 },
        logger: quiet(),
        onFailure: (_n, events) => failed.push(...events),
      });
      const worker = await startRedisWorker(gate.url, prefix, ['--batch-size', '50'], redis.url);
      const given = records(1_500);
      await track(given.slice(0, 500), redis.url);
      await waitUntil('100 events delivered', count(100));
      await redis.stop();
      for (const record of given.slice(500, 1_000)) emitter.input(record);
      await worker.line(/Redis connection lost/);
      await redis.restart();
      await track(given.slice(1_000), redis.url);
      await waitUntil(
        'every event delivered',
        () => new Set(deliveredEids(gate.collector)).size === 1_500 || undefined,
      );
      worker.signal('SIGINT');
      expect(await worker.exited).toBe(0);
      expect([...new Set(deliveredEids(gate.collector))].sort()).toEqual(eidsOf(given));
      expect(failed).toEqual([]);
      expect(worker.output).toContainEqual(expect.stringMatching(/Redis connection restored/));
    } finally {
      await killChildren();
      await redis.destroy();
    }
  });
});
