/** QueueEmitter and `plowtype worker queue` (BullMQ) on the real Redis, against the project's collector. */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryFailure } from '../../src/emitters/failure.js';
import { QueueEmitter, type QueueEmitterOptions } from '../../src/emitters/queue.js';
import { createLogger } from '../../src/logger.js';
import type { Payload } from '../../src/types.js';
import {
  deleteKeys,
  deliveredEids,
  GatedCollector,
  killChildren,
  PrivateRedis,
  records,
  SHARED_REDIS,
  startQueueWorker,
  uniqueKey,
  waitUntil,
} from './helpers.js';

let client: Redis;
let gate: GatedCollector;
let queue: string;
let emitter: QueueEmitter | undefined;
const outcome = { sent: 0, failed: [] as Payload[][], errors: [] as DeliveryFailure[] };

function queueEmitter(
  options: Pick<QueueEmitterOptions, 'attempts' | 'bufferSize' | 'removeOnComplete'>,
  connection = SHARED_REDIS,
): QueueEmitter {
  emitter = new QueueEmitter({
    connection,
    retry: { baseDelay: 20, maxDelay: 100 },
    queue,
    bufferSize: 100,
    backoffDelay: 50,
    logger: createLogger({ level: 'off' }),
    onSuccess: (n) => {
      outcome.sent += n;
    },
    onFailure: (_n, events) => outcome.failed.push(events),
    onError: (failure) => outcome.errors.push(failure),
    ...options,
  });
  return emitter;
}

async function jobCounts(): Promise<Record<string, number>> {
  const inspect = new Queue(queue, { connection: client });
  try {
    return await inspect.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
  } finally {
    await inspect.close();
  }
}

const eidsOf = (given: readonly Payload[]) => given.map((r) => r.eid as string).sort();

beforeAll(() => {
  client = new Redis(SHARED_REDIS);
});
afterAll(() => client.quit());
beforeEach(async () => {
  gate = await GatedCollector.start();
  queue = uniqueKey('queue').replaceAll(':', '-');
  Object.assign(outcome, { sent: 0, failed: [], errors: [] });
});
afterEach(async () => {
  await killChildren();
  await emitter?.close({ timeout: 0 });
  emitter = undefined;
  await gate.stop();
  await deleteKeys(client, `bull:${queue}`);
});

describe('QueueEmitter and plowtype worker queue', () => {
  it('delivers every event, and onSuccess tells the app', async () => {
    const worker = await startQueueWorker(gate.url, queue);
    const e = queueEmitter({ attempts: 3 });
    const given = records(250);
    for (const record of given) e.input(record);
    await e.flush();
    await waitUntil('onSuccess for 250 events', () => (outcome.sent === 250 ? true : undefined));
    expect(deliveredEids(gate.collector).sort()).toEqual(eidsOf(given));
    // Jobs of 100, 100 and 50 events, each sent in one request.
    expect(gate.requests).toBe(3);
    expect(outcome.failed).toEqual([]);
    // Delivered jobs leave Redis (removeOnComplete: true by default): it does not grow with every job.
    expect(await jobCounts()).toEqual({ completed: 0, failed: 0, waiting: 0, active: 0, delayed: 0 });
    worker.signal('SIGTERM');
    expect(await worker.exited).toBe(0);
  });

  it('removeOnComplete: N keeps the N newest delivered jobs', async () => {
    const worker = await startQueueWorker(gate.url, queue);
    const e = queueEmitter({ attempts: 3, bufferSize: 1, removeOnComplete: 2 });
    for (const record of records(5)) e.input(record);
    await e.flush();
    await waitUntil('onSuccess for 5 events', () => (outcome.sent === 5 ? true : undefined));
    expect(await jobCounts()).toEqual({ completed: 2, failed: 0, waiting: 0, active: 0, delayed: 0 });
    worker.signal('SIGTERM');
    expect(await worker.exited).toBe(0);
  });

  it('maxPendingBytes: jobs past it are not kept; one that Redis then loses is reported, not queued again', async () => {
    const redis = await PrivateRedis.start({ persistent: false });
    try {
      const given = records(3);
      const logged: string[] = [];
      const errors: DeliveryFailure[] = [];
      const first = JSON.stringify(given[0]).length;
      emitter = new QueueEmitter({
        connection: redis.url,
        queue,
        bufferSize: 1,
        maxPendingBytes: first + 10,
        retry: { baseDelay: 20, maxDelay: 100 },
        logger: createLogger({ level: 'warn', sink: (level, msg) => logged.push(`${level}: ${msg}`) }),
        onError: (failure) => errors.push(failure),
      });
      for (const record of given) emitter.input(record);
      await emitter.flush();
      expect(logged).toEqual([
        `warn: Queue ${queue}: jobs waiting for a worker passed maxPendingBytes (${first + 10}); jobs past it are not kept to be queued again if Redis loses them (a loss is still reported)`,
      ]);
      await redis.stop();
      await redis.restart();
      await waitUntil('three loss reports', () => (errors.length === 3 ? true : undefined));
      await emitter.flush();
      const [kept, ...dropped] = errors as [DeliveryFailure, ...DeliveryFailure[]];
      expect(kept).toMatchObject({ code: 'SP_ERR_NETWORK', willRetry: true, events: [given[0]] });
      expect(kept.error.message).toMatch(/its events are queued again and may reach the collector twice$/);
      for (const failure of dropped) {
        expect(failure).toMatchObject({ code: 'SP_ERR_NETWORK', willRetry: false, events: [] });
        expect(failure.error.message).toMatch(
          new RegExp(
            `^Queue job ${queue}/\\S+ was lost: Redis no longer has it \\(restarted without its data\\?\\); its events were past maxPendingBytes, not kept, and cannot be queued again$`,
          ),
        );
      }
      expect(logged.filter((line) => line.startsWith('error: ')).map((line) => line.slice(-17))).toEqual([
        '(1 event(s) lost)',
        '(1 event(s) lost)',
      ]);
      const check = new Redis(redis.url);
      const inspect = new Queue(queue, { connection: check });
      const waiting = await inspect.getWaiting();
      await inspect.close();
      check.disconnect();
      expect(waiting.map((job) => job.data.events.map((raw: string) => JSON.parse(raw)))).toEqual([
        [given[0]],
      ]);
    } finally {
      await emitter?.close({ timeout: 0 });
      emitter = undefined;
      await redis.destroy();
    }
  });

  it('removeOnComplete must be a boolean or a non-negative integer', () => {
    expect(() => queueEmitter({ attempts: 1, removeOnComplete: -1 })).toThrow(
      'Invalid QueueEmitter option removeOnComplete: expected a non-negative integer, got -1',
    );
    emitter = undefined;
  });

  it('retries a job while the collector fails, with BullMQ backoff, until it is delivered', async () => {
    gate.mode = 'fail';
    const worker = await startQueueWorker(gate.url, queue);
    const e = queueEmitter({ attempts: 10 });
    const given = records(10);
    for (const record of given) e.input(record);
    await e.flush();
    await waitUntil('two failed attempts', () => (gate.failed >= 2 ? true : undefined));
    gate.open();
    await waitUntil('onSuccess for 10 events', () => (outcome.sent === 10 ? true : undefined));
    expect(deliveredEids(gate.collector).sort()).toEqual(eidsOf(given));
    expect(outcome.failed).toEqual([]);
    expect(worker.output).toContainEqual(
      expect.stringMatching(
        /^plowtype worker warn: Queue job \S+ attempt 1 will retry: SP_ERR_HTTP_STATUS: Collector responded 503/,
      ),
    );
    worker.signal('SIGINT');
    expect(await worker.exited).toBe(0);
  });

  it('reports a job that failed for good to the app, and leaves it in the failed set', async () => {
    gate.mode = 'fail';
    const worker = await startQueueWorker(gate.url, queue);
    const e = queueEmitter({ attempts: 2 });
    const given = records(5);
    for (const record of given) e.input(record);
    await e.flush();
    await waitUntil('onFailure', () => outcome.failed[0]);
    expect(outcome.failed).toEqual([given]);
    expect(outcome.errors).toHaveLength(1);
    const [failure] = outcome.errors as [DeliveryFailure];
    expect(failure).toMatchObject({ code: 'SP_ERR_HTTP_STATUS', willRetry: false });
    expect(failure.error.message).toMatch(
      new RegExp(
        `^Queue job ${queue}/\\S+ failed after 2 attempt\\(s\\): Collector responded 503: POST http://127\\.0\\.0\\.1:\\d+/com\\.snowplowanalytics\\.snowplow/tp2$`,
      ),
    );
    const inspect = new Queue(queue, { connection: client });
    const failed = await inspect.getFailed();
    await inspect.close();
    expect(failed.map((job) => job.data.events.map((raw: string) => JSON.parse(raw)))).toEqual([given]);
    expect(gate.failed).toBe(2);
    worker.signal('SIGINT');
    expect(await worker.exited).toBe(0);
  });

  it('Redis restarted without its data while the app tracks: lost jobs are reported and queued again, the worker recovers, every event is delivered', async () => {
    const redis = await PrivateRedis.start({ persistent: false });
    try {
      gate.mode = 'hold';
      const worker = await startQueueWorker(gate.url, queue, redis.url);
      const e = queueEmitter({ attempts: 3 }, redis.url);
      // Queued, and held: the worker's first job waits at the collector, the second in the queue.
      const before = records(150);
      for (const record of before) e.input(record);
      await e.flush();
      await waitUntil('a request held at the collector', () => (gate.held > 0 ? true : undefined));
      await redis.stop();
      const during = records(150, 150);
      for (const record of during) e.input(record);
      const flushed = e.flush();
      await waitUntil('a failed write', () => outcome.errors[0]);
      expect(outcome.errors[0]).toMatchObject({ code: 'SP_ERR_NETWORK', willRetry: true });
      await redis.restart();
      await flushed;
      const lost = await waitUntil('the lost jobs reported', () => {
        const reported = outcome.errors.filter((f) => f.error.message.includes(' was lost: '));
        return reported.flatMap((f) => f.events).length === before.length ? reported : undefined;
      });
      expect(eidsOf(lost.flatMap((f) => f.events))).toEqual(eidsOf(before));
      for (const failure of lost) {
        expect(failure).toMatchObject({ code: 'SP_ERR_NETWORK', willRetry: true });
        expect(failure.error.message).toMatch(
          new RegExp(
            `^Queue job ${queue}/\\S+ was lost: Redis no longer has it \\(restarted without its data\\?\\); its events are queued again and may reach the collector twice$`,
          ),
        );
      }
      gate.open();
      const after = records(150, 300);
      for (const record of after) e.input(record);
      await waitUntil('onSuccess for 450 events', () => (outcome.sent === 450 ? true : undefined));
      // Only the job held at the collector when Redis lost it can have been delivered twice.
      const delivered = deliveredEids(gate.collector);
      expect([...new Set(delivered)].sort()).toEqual(eidsOf([...before, ...during, ...after]));
      expect(delivered.length - new Set(delivered).size).toBeLessThanOrEqual(100);
      expect(outcome.failed).toEqual([]);
      expect(outcome.errors.every((f) => f.code === 'SP_ERR_NETWORK' && f.willRetry)).toBe(true);
      worker.signal('SIGINT');
      expect(await worker.exited).toBe(0);
    } finally {
      await killChildren();
      await emitter?.close({ timeout: 0 });
      emitter = undefined;
      await redis.destroy();
    }
  });
});
