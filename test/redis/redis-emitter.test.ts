/** RedisEmitter against the real Redis: the exact records in order, outages, a full store, error replies. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { DeliveryFailure } from '../../src/emitters/failure.js';
import { RedisEmitter } from '../../src/emitters/redis.js';
import { MemoryStore } from '../../src/emitters/store.js';
import { ConfigError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { Tracker } from '../../src/tracker.js';
import type { Payload } from '../../src/types.js';
import {
  deleteKeys,
  destroyPrivateRedis,
  PrivateRedis,
  ROOT,
  records,
  SHARED_REDIS,
  uniqueKey,
  waitUntil,
} from './helpers.js';

const quiet = () => createLogger({ level: 'off' });
const fastRetry = { baseDelay: 20, maxDelay: 100 };
let client: Redis;
let prefix: string;
const emitters: RedisEmitter[] = [];

function emitter(options: ConstructorParameters<typeof RedisEmitter>[0]): RedisEmitter {
  const made = new RedisEmitter({ logger: quiet(), ...options });
  emitters.push(made);
  return made;
}

function callbacks() {
  const failed: Payload[][] = [];
  const errors: DeliveryFailure[] = [];
  let written = 0;
  return {
    failed,
    errors,
    written: () => written,
    options: {
      onSuccess: (n: number) => {
        written += n;
      },
      onFailure: (_sent: number, events: Payload[]) => failed.push(events),
      onError: (failure: DeliveryFailure) => errors.push(failure),
    },
  };
}

beforeAll(() => {
  client = new Redis(SHARED_REDIS);
});
afterAll(() => client.quit());
afterEach(async () => {
  await destroyPrivateRedis();
  await Promise.all(emitters.splice(0).map((e) => e.close({ timeout: 0 })));
  await deleteKeys(client, prefix);
});

describe('RedisEmitter', () => {
  it('pushes the JSON text of each payload record, in order, and a second process reads them back equal', async () => {
    prefix = uniqueKey('emit');
    const on = callbacks();
    const e = emitter({ redis: SHARED_REDIS, key: prefix, maxBatchEvents: 700, ...on.options });
    const given = records(2500);
    for (const record of given) e.input(record);
    await e.flush();
    expect(await client.lrange(prefix, 0, -1)).toEqual(given.map((r) => JSON.stringify(r)));
    expect(on.written()).toBe(2500);
    expect(on.errors).toEqual([]);

    const script = `import { Redis } from 'ioredis';
      const r = new Redis('${SHARED_REDIS}');
      process.stdout.write(JSON.stringify((await r.lrange(process.argv[1], 0, -1)).map((s) => JSON.parse(s))));
      r.disconnect();`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, prefix], { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
    expect(JSON.parse(out)).toEqual(given);
  });

  it("takes the Tracker's JSON fast path, gives a record without eid one, and drops a stale stm", async () => {
    prefix = uniqueKey('track');
    const e = emitter({ key: prefix });
    const tracker = new Tracker({ emitters: e, appId: 'shop' });
    const eventId = tracker.trackPageView({ pageUrl: 'https://example.com/a' }).lastEventId;
    e.input({ e: 'se', se_ca: 'c', se_ac: 'a', stm: '1' });
    await tracker.flush();
    const [first, second] = (await client.lrange(prefix, 0, -1)).map((s) => JSON.parse(s) as Payload);
    expect(first).toEqual({
      e: 'pv',
      eid: eventId,
      tv: expect.stringMatching(/^plowtype-/),
      p: 'srv',
      dtm: expect.stringMatching(/^\d{13}$/),
      aid: 'shop',
      url: 'https://example.com/a',
    });
    expect(second).toEqual({
      e: 'se',
      se_ca: 'c',
      se_ac: 'a',
      eid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('keeps events while Redis is down, reports each failed write, and writes them when it is back', async () => {
    const redis = await PrivateRedis.start();
    try {
      prefix = uniqueKey('outage');
      const on = callbacks();
      const warnings: string[] = [];
      const logger = createLogger({ level: 'warn', sink: (_level, msg) => warnings.push(msg) });
      const e = emitter({ redis: redis.url, key: prefix, retry: fastRetry, logger, ...on.options });
      const before = records(100);
      for (const r of before) e.input(r);
      await e.flush();
      await redis.stop();
      const during = records(300, 100);
      for (const r of during) e.input(r);
      const flushed = e.flush();
      const firstError = await waitUntil('an onError call', () => on.errors[0]);
      expect(firstError).toMatchObject({ code: 'SP_ERR_NETWORK', willRetry: true });
      expect(firstError.error.message).toMatch(/^RPUSH to plowtype-test:outage:\S+ failed: /);
      await redis.restart();
      await flushed;
      const check = new Redis(redis.url);
      const stored = await check.lrange(prefix, 0, -1);
      check.disconnect();
      expect(stored).toEqual([...before, ...during].map((r) => JSON.stringify(r)));
      expect(on.failed).toEqual([]);
      expect(on.errors.every((f) => f.code === 'SP_ERR_NETWORK' && f.willRetry)).toBe(true);
      // It kept its data (append-only file): no loss to warn of.
      expect(warnings.filter((w) => w.startsWith('Redis restarted'))).toEqual([]);
    } finally {
      await redis.destroy();
    }
  });

  it('Redis restarted without its data: the emitter logs that what Redis held is gone, and writes on', async () => {
    const redis = await PrivateRedis.start({ persistent: false });
    try {
      prefix = uniqueKey('restart');
      const warnings: string[] = [];
      const logger = createLogger({ level: 'warn', sink: (_level, msg) => warnings.push(msg) });
      const e = emitter({ redis: redis.url, key: prefix, retry: fastRetry, logger });
      const before = records(10);
      for (const r of before) e.input(r);
      await e.flush();
      await redis.stop();
      await redis.restart();
      const after = records(10, 10);
      for (const r of after) e.input(r);
      await e.flush();
      const restarted = await waitUntil('the restart warning', () =>
        warnings.find((w) => w.startsWith('Redis restarted')),
      );
      expect(restarted).toBe(
        `Redis restarted without an append-only file: ${redis.url}: what it held is gone, events written to it and not yet delivered by a worker included (persist Redis with AOF to keep them)`,
      );
      const check = new Redis(redis.url);
      const stored = await check.lrange(prefix, 0, -1);
      check.disconnect();
      expect(stored).toEqual(after.map((r) => JSON.stringify(r)));
    } finally {
      await redis.destroy();
    }
  });

  it('a connection cut while the app tracks: the client reconnects, nothing is lost or reported', async () => {
    prefix = uniqueKey('cut');
    const mine = new Redis(SHARED_REDIS);
    mine.on('error', () => {}); // the cut itself (ECONNRESET): the client is the test's, so its listener too
    const id = String(await mine.client('ID'));
    const on = callbacks();
    const e = emitter({ redis: mine, key: prefix, retry: fastRetry, ...on.options });
    const given = records(3000);
    for (const record of given.slice(0, 1500)) e.input(record);
    await client.client('KILL', 'ID', id);
    for (const record of given.slice(1500)) e.input(record);
    await e.flush();
    // A write whose reply the cut lost may be written again (same eids): at least once, never less.
    const stored = new Set(await client.lrange(prefix, 0, -1));
    expect([...stored].sort()).toEqual(given.map((r) => JSON.stringify(r)).sort());
    expect(on.failed).toEqual([]);
    expect(String(await mine.client('ID'))).not.toBe(id);
    mine.disconnect();
  });

  it('a script that ends without close() writes its events and exits (its connection holds it only while writing)', async () => {
    prefix = uniqueKey('no-close');
    const script = fileURLToPath(new URL('./fixtures/no-close.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, prefix, '250'], {
      cwd: ROOT,
      detached: true,
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      expect(
        await waitUntil('the script to exit', () => (child.exitCode === null ? undefined : child.exitCode)),
      ).toBe(0);
    } finally {
      if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGKILL');
      await exited;
    }
    const stored = (await client.lrange(prefix, 0, -1)).map((raw) => (JSON.parse(raw) as Payload).eid);
    expect(stored).toEqual(Array.from({ length: 250 }, (_, i) => `eid-${i}`));
  });

  it('reports what a full store drops (SP_ERR_STORE_FULL) and what a close leaves unwritten (SP_ERR_TIMEOUT)', async () => {
    prefix = uniqueKey('full');
    const on = callbacks();
    // A port held by a server that hangs up at once: no Redis can take it while the test runs.
    const hangUp = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => hangUp.close(() => resolve())));
    const nobody = `redis://127.0.0.1:${(hangUp.address() as { port: number }).port}`;
    const store = new MemoryStore({ maxEvents: 5 });
    const e = emitter({ redis: nobody, key: prefix, store, retry: fastRetry, ...on.options });
    const given = records(8);
    for (const r of given) e.input(r);
    expect(on.failed).toEqual([[given[0]], [given[1]], [given[2]]]);
    expect(on.errors.map((f) => [f.code, f.willRetry])).toEqual([
      ['SP_ERR_STORE_FULL', false],
      ['SP_ERR_STORE_FULL', false],
      ['SP_ERR_STORE_FULL', false],
    ]);
    await e.close({ timeout: 50 });
    expect(on.failed.flat()).toEqual(given);
    const closing = on.errors.filter((f) => f.code === 'SP_ERR_TIMEOUT');
    expect(closing.map((f) => f.error.message)).toEqual([
      'RedisEmitter close timed out after 50ms: 5 event(s) not written',
    ]);
    e.input(given[0] as Payload);
    expect(on.errors.at(-1)?.error.message).toBe(
      `RedisEmitter input after close: event not written (eid ${given[0]?.eid})`,
    );
  });

  it('reports an error reply as SP_ERR_REDIS and retries until the write succeeds', async () => {
    prefix = uniqueKey('wrongtype');
    await client.set(prefix, 'not a list');
    const on = callbacks();
    const e = emitter({ key: prefix, retry: fastRetry, ...on.options });
    const given = records(3);
    for (const r of given) e.input(r);
    const flushed = e.flush();
    const failure = await waitUntil('an onError call', () => on.errors[0]);
    expect(failure).toMatchObject({ code: 'SP_ERR_REDIS', willRetry: true, events: given });
    expect(failure.error.message).toBe(
      `RPUSH to ${prefix} failed: WRONGTYPE Operation against a key holding the wrong kind of value`,
    );
    await client.del(prefix);
    await flushed;
    expect(await client.lrange(prefix, 0, -1)).toEqual(given.map((r) => JSON.stringify(r)));
    expect(on.failed).toEqual([]);
  });

  it('leaves a client it was given open, and closes one it made', async () => {
    prefix = uniqueKey('clients');
    const mine = new Redis(SHARED_REDIS);
    const given = emitter({ redis: mine, key: prefix });
    given.input(records(1)[0] as Payload);
    await given.close();
    expect(await mine.llen(prefix)).toBe(1);
    mine.disconnect();
  });

  it.each([
    [{ key: '' }, 'Invalid RedisEmitter option key: expected a non-empty string, got ""'],
    [
      { redis: 42 },
      'Invalid RedisEmitter option redis: expected an ioredis client or a redis:// URL, got number',
    ],
    [
      { redis: 'localhost' },
      'Invalid RedisEmitter option redis: expected an ioredis client or a redis:// URL, got "localhost"',
    ],
    [{ maxBatchEvents: 0 }, 'Invalid RedisEmitter option maxBatchEvents: expected an integer >= 1, got 0'],
    [{ keys: 'x' }, 'Invalid RedisEmitter options: unknown option "keys" (did you mean "key"?)'],
    [{ appId: 'x' }, 'Invalid RedisEmitter options: unknown option "appId"'],
  ])('refuses %j with a ConfigError', (options, message) => {
    const make = () => new RedisEmitter(options as never);
    expect(make).toThrow(ConfigError);
    expect(make).toThrow(message);
  });

  it('flush({ timeout }) rejects with SP_ERR_TIMEOUT while Redis is unreachable, keeping the events; close() takes the timeout rule of every close', async () => {
    prefix = uniqueKey('flush-timeout');
    const on = callbacks();
    // Port 1 on loopback: nothing listens, every connection is refused at once.
    const e = emitter({
      redis: 'redis://127.0.0.1:1',
      key: prefix,
      retry: fastRetry,
      ...on.options,
    });
    e.input(records(1)[0] as Payload);
    await expect(e.flush({ timeout: 50 })).rejects.toMatchObject({
      code: 'SP_ERR_TIMEOUT',
      message: 'RedisEmitter flush timed out after 50ms: 1 event(s) still held, to be written later',
    });
    expect(on.failed).toEqual([]);
    expect(() => e.close({ timeout: -1 })).toThrow(
      'Invalid RedisEmitter.close option timeout: expected a number of milliseconds >= 0, got -1',
    );
    await e.close({ timeout: 0.5 });
    expect(on.failed.flat()).toHaveLength(1);
  });
});
