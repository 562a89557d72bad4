import { closeRedis, connectRedis, type RedisConnection, redisFailure, whenReady } from './redis-client.js';
import type { StoredEvent } from './store.js';
import { StoreWriter, type WriteResult } from './store-writer.js';
import {
  checkName,
  type RedisOption,
  resolveStoreWriterOptions,
  type StoreWriterOptions,
} from './store-writer-options.js';

/** Options of {@link RedisEmitter}. */
export interface RedisEmitterOptions extends StoreWriterOptions {
  /** An ioredis client (yours to close) or a `redis://` URL (the emitter's to close). @default 'redis://127.0.0.1:6379' */
  redis?: RedisOption;
  /** The Redis list the events are pushed to. @default 'snowplow' */
  key?: string;
}

/** Values per RPUSH: a batch is a pipeline of these, so no single command holds a huge argument list. */
const VALUES_PER_PUSH = 1000;
/** How long a write waits for a connection before it counts as failed (and is retried with backoff). */
const CONNECT_WAIT = 1000;

/**
 * Writes events to a Redis list, as the seed's RedisEmitter does: each element is the JSON text of one
 * payload record (the name → string map an emitter's `input()` gets, with its `eid`), so a
 * {@link RedisWorker} (or the Python tracker's) on another machine can deliver them to the collector.
 *
 * Writes are pipelined RPUSHes, several batches in flight on one connection, so events reach the list in
 * the order they were tracked and a burst costs a few round trips. While Redis is down or slow, events wait in a bounded
 * store and are written when it answers again; what the store cannot keep is reported through
 * `onFailure` and `onError` (`SP_ERR_STORE_FULL`) and logged, never thrown into a track call. A write
 * whose reply was lost may be retried after Redis did apply it: delivery is at least once, and a
 * duplicate carries the same `eid`.
 */
export class RedisEmitter extends StoreWriter {
  readonly #connection: RedisConnection;
  readonly #closing = new AbortController();
  /** The list events are pushed to. */
  readonly key: string;

  constructor(options: RedisEmitterOptions = {}) {
    const resolved = resolveStoreWriterOptions('RedisEmitter', options, ['redis', 'key']);
    checkName('RedisEmitter', 'key', options.key);
    super(resolved);
    this.key = options.key ?? 'snowplow';
    this.#connection = connectRedis('RedisEmitter', options.redis, resolved.logger);
    const { client, owned } = this.#connection;
    // Our own connection holds the process open only while it writes; a new socket after a reconnection starts idle.
    if (owned) client.on('connect', () => this.busy(this.#writing));
  }

  #writing = false;

  protected override busy(writing: boolean): void {
    this.#writing = writing;
    const { client, owned } = this.#connection;
    if (owned) writing ? client.stream?.ref() : client.stream?.unref();
  }

  protected async write(batch: readonly StoredEvent[]): Promise<WriteResult> {
    const { client } = this.#connection;
    try {
      await whenReady(client, CONNECT_WAIT, this.#closing.signal);
    } catch (error) {
      return { written: 0, error: redisFailure(`RPUSH to ${this.key} failed`, error) };
    }
    const pipeline = client.pipeline();
    for (let at = 0; at < batch.length; at += VALUES_PER_PUSH) {
      const values = batch.slice(at, at + VALUES_PER_PUSH).map((event) => event.data);
      pipeline.rpush(this.key, ...values);
    }
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (error) {
      return { written: 0, error: redisFailure(`RPUSH to ${this.key} failed`, error) };
    }
    // Counted up to the first failed RPUSH; should a later one have succeeded anyway, its events are
    // written again on retry: a duplicate with the same eids, never a loss.
    let written = 0;
    for (const [error] of results ?? []) {
      if (error) return { written, error: redisFailure(`RPUSH to ${this.key} failed`, error) };
      written = Math.min(batch.length, written + VALUES_PER_PUSH);
    }
    return { written };
  }

  protected release(): Promise<void> {
    this.#closing.abort();
    return closeRedis(this.#connection);
  }
}
