/**
 * The seed's multiple-emitters example (Python tracker 0.6, section 5.6) in TypeScript: one tracker, two
 * HTTP emitters (GET and POST) and a RedisEmitter that a worker on another machine drains.
 */
import { Redis } from 'ioredis';
import { AsyncEmitter, Tracker } from 'plowtype';
import { RedisEmitter } from 'plowtype/redis';

/** Builds the tracker; `endpoint` is the collector, `redisUrl` the Redis the RedisEmitter writes to. */
export function mixedTracker(endpoint: string, redisUrl: string, key = 'my_snowplow_key') {
  const e1 = new AsyncEmitter({ endpoint, method: 'get' });
  const e2 = new AsyncEmitter({ endpoint, method: 'post' });
  const tracker = new Tracker({ emitters: [e1, e2] });

  const rdb = new Redis(redisUrl, { db: 2 });
  const e3 = new RedisEmitter({ redis: rdb, key });
  tracker.addEmitter(e3);

  // tracker.close() closes the three emitters; the Redis client was ours to make, so it is ours to quit.
  const close = async (): Promise<void> => {
    await tracker.close();
    await rdb.quit();
  };
  return { tracker, rdb, close };
}
