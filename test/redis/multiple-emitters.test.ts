/** The README's (and the seed's 5.6) mixed example runs: GET and POST reach the collector, Redis gets the record. */
import { Redis } from 'ioredis';
import { afterEach, expect, it } from 'vitest';
import { mixedTracker } from '../../examples/multiple-emitters.js';
import { startCollector } from '../../src/collector/index.js';
import type { Payload } from '../../src/types.js';
import { deleteKeys, SHARED_REDIS, uniqueKey } from './helpers.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

it('one tracker, two HTTP emitters and a RedisEmitter: every emitter gets the event', async () => {
  const collector = await startCollector({ port: 0 });
  cleanup.push(() => collector.stop());
  const key = uniqueKey('mixed');
  const { tracker, rdb, close } = mixedTracker(collector.url, SHARED_REDIS, key);
  cleanup.push(() => deleteKeys(rdb, key).then(close));
  const eventId = tracker.trackPageView({ pageUrl: 'https://example.com/' }).lastEventId;
  await tracker.flush();
  const received = collector.events.good().map((e) => [e.rawEvent.api.version, e.rawEvent.parameters.eid]);
  expect(received.sort()).toEqual([
    ['tp1', eventId],
    ['tp2', eventId],
  ]);
  const stored = (await rdb.lrange(key, 0, -1)).map((raw) => JSON.parse(raw) as Payload);
  expect(stored.map((p) => [p.e, p.eid, p.url])).toEqual([['pv', eventId, 'https://example.com/']]);
  // db 2, as in the seed: not the database the other tests use.
  const db0 = new Redis(SHARED_REDIS);
  expect(await db0.exists(key)).toBe(0);
  db0.disconnect();
});
