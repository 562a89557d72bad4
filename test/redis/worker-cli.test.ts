/** `plowtype worker` flags and help (in process), and what a worker does with elements that are not events. */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKER_USAGE, workerCommand } from '../../codegen/cli/worker.js';
import { InMemoryEmitter } from '../../src/emitters/memory.js';
import { createLogger } from '../../src/logger.js';
import { RedisWorker } from '../../src/workers/redis-worker.js';
import { deleteKeys, records, SHARED_REDIS, uniqueKey, waitUntil } from './helpers.js';

function capture() {
  const out: string[] = [];
  return { out, stream: { write: (text: string) => out.push(text) } };
}

describe('plowtype worker', () => {
  it('prints its help, naming every flag', async () => {
    const stdout = capture();
    expect(await workerCommand(['--help'], { stdout: stdout.stream, stderr: capture().stream })).toBe(0);
    expect(
      await workerCommand(['redis', '--help'], { stdout: stdout.stream, stderr: capture().stream }),
    ).toBe(0);
    expect(stdout.out).toEqual([WORKER_USAGE, WORKER_USAGE]);
    for (const flag of [
      'collector',
      'redis',
      'key',
      'queue',
      'method',
      'concurrency',
      'batch-size',
      'heartbeat-timeout',
      'verbose',
    ]) {
      expect(WORKER_USAGE).toContain(`--${flag}`);
    }
  });

  it.each([
    [['redis'], '--collector is required'],
    [['redis', '--collector', 'http://c', '--method', 'put'], "--method must be post or get, got 'put'"],
    [
      ['redis', '--collector', 'http://c', '--concurrency', '0'],
      "--concurrency must be a positive integer, got '0'",
    ],
    [['queue', '--collector', 'http://c', '--key', 'k'], "Unknown option '--key'"],
    [['kafka'], 'unknown worker "kafka" (expected redis or queue)'],
  ])('%j is a usage error (exit 2)', async (argv, message) => {
    const stderr = capture();
    expect(await workerCommand(argv, { stdout: capture().stream, stderr: stderr.stream })).toBe(2);
    expect(stderr.out.join('')).toMatch(
      new RegExp(`^plowtype worker: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    expect(stderr.out.join('')).toContain(WORKER_USAGE);
  });
});

describe('RedisWorker', () => {
  let client: Redis;
  beforeAll(() => {
    client = new Redis(SHARED_REDIS);
  });
  afterAll(() => client.quit());

  it('moves elements that are not payload records to KEY:invalid, logs them, and delivers the rest', async () => {
    const key = uniqueKey('invalid');
    const [first, second] = records(2);
    const garbage = ['not json', '[1,2]', '{"e":"pv","n":1}'];
    await client.rpush(key, JSON.stringify(first), ...garbage, JSON.stringify(second));
    const logged: string[] = [];
    const logger = createLogger({ level: 'error', sink: (_level, msg) => logged.push(msg) });
    const emitter = new InMemoryEmitter();
    const worker = new RedisWorker({ emitter, key, logger, blockTimeout: 50 });
    try {
      await worker.start();
      await waitUntil('two events delivered', () => (worker.delivered === 2 ? true : undefined));
      expect(emitter.payloads).toEqual([first, second]);
      expect(await client.lrange(`${key}:invalid`, 0, -1)).toEqual(garbage);
      expect(logged).toEqual([
        `RedisWorker moved 3 element(s) that are not payload records to ${key}:invalid (first: not json)`,
      ]);
    } finally {
      await worker.stop();
      await deleteKeys(client, key);
    }
  });
});
