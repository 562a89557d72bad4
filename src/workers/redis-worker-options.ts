/** The options of {@link RedisWorker}, their defaults, and the names of the keys a worker uses. */
import type { Redis } from 'ioredis';
import { checkInteger } from '../emitters/options.js';
import { checkName } from '../emitters/store-writer-options.js';
import { ConfigError } from '../errors.js';
import { createLogger, type Logger } from '../logger.js';
import type { EmitterLike } from '../types.js';

/** An emitter a worker can feed: it must say, through `flush()`, when what it was given is settled. */
export type FlushableEmitter = EmitterLike & {
  flush(): Promise<void>;
  readonly inputJson?: ((json: string) => void) | undefined;
};

/** Options of {@link RedisWorker}. */
export interface RedisWorkerOptions {
  /** Where events go, normally an `AsyncEmitter` to the collector. The worker does not close it. */
  emitter: FlushableEmitter;
  /** An ioredis client (yours to close) or a `redis://` URL. @default 'redis://127.0.0.1:6379' */
  redis?: Redis | string;
  /** The list the events are read from (a RedisEmitter's `key`). @default 'snowplow' */
  key?: string;
  /** The most events taken, given to the emitter and acknowledged together. @default 500 */
  batchSize?: number;
  /** Slots taking batches at once, each with its own processing list and blocking connection, and each with up to two batches in flight. @default 1 */
  concurrency?: number;
  /**
   * How long a worker may go without a heartbeat before another one takes back the events it holds, in
   * ms. A worker beats three times per timeout and looks for dead workers as often, so a dead worker's
   * events are back in the shared list within 4/3 of it.
   * @default 30_000
   */
  heartbeatTimeout?: number;
  /** How long one wait on an empty list lasts, in ms (a stop cuts it short). @default 1_000 */
  blockTimeout?: number;
  /** How long `stop()` waits for the batches in flight before handing them back to the list, in ms. @default 10_000 */
  stopTimeout?: number;
  /** Started, recoveries, failures and shutdown at info/warn; every batch at debug. @default createLogger() */
  logger?: Logger;
}

/** Options after resolution. */
export interface ResolvedWorkerOptions {
  readonly emitter: FlushableEmitter;
  readonly key: string;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly heartbeatTimeout: number;
  readonly blockTimeout: number;
  readonly stopTimeout: number;
  readonly logger: Logger;
}

/** Checks `options` and fills in the defaults; throws a ConfigError naming the bad option. */
export function resolveWorkerOptions(options: RedisWorkerOptions): ResolvedWorkerOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(`Invalid RedisWorker options: expected an object, got ${String(options)}`);
  }
  const { emitter } = options;
  if (typeof emitter?.input !== 'function' || typeof emitter.flush !== 'function') {
    throw new ConfigError('Invalid RedisWorker option emitter: expected an emitter with input() and flush()');
  }
  checkName('RedisWorker', 'key', options.key);
  checkInteger('RedisWorker', 'batchSize', options.batchSize, 1);
  checkInteger('RedisWorker', 'concurrency', options.concurrency, 1);
  checkInteger('RedisWorker', 'heartbeatTimeout', options.heartbeatTimeout, 30);
  checkInteger('RedisWorker', 'blockTimeout', options.blockTimeout, 10);
  checkInteger('RedisWorker', 'stopTimeout', options.stopTimeout, 0);
  return {
    emitter,
    key: options.key ?? 'snowplow',
    batchSize: options.batchSize ?? 500,
    concurrency: options.concurrency ?? 1,
    heartbeatTimeout: options.heartbeatTimeout ?? 30_000,
    blockTimeout: options.blockTimeout ?? 1_000,
    stopTimeout: options.stopTimeout ?? 10_000,
    logger: options.logger ?? createLogger(),
  };
}

/** The keys around a shared list `key`, all named after it. */
export const workerKeys = {
  /** Hash: worker id → its concurrency (so a recovering worker knows its processing lists). */
  registry: (key: string) => `${key}:workers`,
  /** A worker's heartbeat, expiring after heartbeatTimeout. */
  alive: (key: string, id: string) => `${key}:alive:${id}`,
  /** The events one batch slot of a worker is delivering. */
  processing: (key: string, id: string, slot: number) => `${key}:processing:${id}:${slot}`,
  /** Elements that are not payload records, kept for inspection rather than dropped. */
  invalid: (key: string) => `${key}:invalid`,
};
