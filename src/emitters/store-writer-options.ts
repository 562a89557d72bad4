/**
 * The options the emitters that write to Redis share (RedisEmitter, QueueEmitter), and their resolution.
 * The callbacks mean what they mean for the HTTP emitters, with "delivered" read as "written to Redis".
 */
import type { Redis } from 'ioredis';
import { ConfigError } from '../errors.js';
import { defaultLogger, type Logger } from '../logger.js';
import { checkKnownKeys, optionKeys } from '../option-keys.js';
import type { Payload } from '../types.js';
import type { DeliveryFailure } from './failure.js';
import { checkInteger, resolveRetry } from './options.js';
import type { RetryOptions, RetryPolicy } from './retry.js';
import { type EventStore, MemoryStore } from './store.js';

/** What the Redis-backed emitters share. */
export interface StoreWriterOptions {
  /**
   * Where events wait while Redis is down or slow. A full store drops events (drop-oldest by default) and
   * reports every one through `onFailure` and `onError` (`SP_ERR_STORE_FULL`).
   * @default new MemoryStore({ maxEvents: 100_000, maxBytes: 134_217_728 })
   */
  store?: EventStore;
  /** The most events in one write to Redis. @default 10_000 */
  maxBatchEvents?: number;
  /**
   * How failed writes are retried: backoff from `baseDelay` doubling up to `maxDelay`, with jitter. Unlike
   * the HTTP emitters', retries never run out by default: the store's bound decides what is lost.
   * @default { maxRetries: Infinity, baseDelay: 500, maxDelay: 10_000 }
   */
  retry?: RetryOptions;
  /** @default defaultLogger (see setDefaultLogger, setLogLevel) */
  logger?: Logger;
  /** Called with the number of events after each write to Redis that succeeded. */
  onSuccess?: (sentCount: number) => void;
  /** Called with the payload records given up for good (store full, retries exhausted, close timed out). */
  onFailure?: (sentCount: number, unsentEvents: Payload[]) => void;
  /** Called for every failure, retried or not, with its code and events. */
  onError?: (failure: DeliveryFailure) => void;
}

/** Every key of {@link StoreWriterOptions}: with the emitter's own, any other key is refused. */
const STORE_WRITER_OPTION_KEYS = optionKeys<StoreWriterOptions>({
  store: true,
  maxBatchEvents: true,
  retry: true,
  logger: true,
  onSuccess: true,
  onFailure: true,
  onError: true,
});

/** Shared options after resolution. */
export interface ResolvedStoreWriterOptions {
  readonly store: EventStore;
  readonly maxBatchEvents: number;
  readonly retry: RetryPolicy;
  readonly logger: Logger;
  readonly method: 'post';
  readonly onSuccess: ((sentCount: number) => void) | undefined;
  readonly onFailure: ((sentCount: number, unsentEvents: Payload[]) => void) | undefined;
  readonly onError: ((failure: DeliveryFailure) => void) | undefined;
}

/** The `redis` option: a client (yours to close) or a `redis://` URL (the emitter's). */
export type RedisOption = Redis | string;

/** Checks the shared options (`owner` names the class in errors) and fills in their defaults. */
export function resolveStoreWriterOptions(
  owner: string,
  options: StoreWriterOptions,
  ownKeys: readonly string[],
): ResolvedStoreWriterOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(`Invalid ${owner} options: expected an object, got ${String(options)}`);
  }
  checkKnownKeys(owner, options, [...STORE_WRITER_OPTION_KEYS, ...ownKeys]);
  checkInteger(owner, 'maxBatchEvents', options.maxBatchEvents, 1);
  const retry = resolveRetry(options.retry);
  return {
    store: options.store ?? new MemoryStore({ maxEvents: 100_000, maxBytes: 134_217_728 }),
    maxBatchEvents: options.maxBatchEvents ?? 10_000,
    retry: { ...retry, maxRetries: options.retry?.maxRetries ?? Number.POSITIVE_INFINITY },
    logger: options.logger ?? defaultLogger,
    // Events are kept as the JSON text of their payload record, which is how POST stores them.
    method: 'post',
    onSuccess: options.onSuccess,
    onFailure: options.onFailure,
    onError: options.onError,
  };
}

/** Throws a ConfigError unless `value` is undefined or a non-empty string. */
export function checkName(owner: string, name: string, value: unknown): void {
  if (value === undefined || (typeof value === 'string' && value !== '')) return;
  const got = typeof value === 'string' ? '""' : typeof value;
  throw new ConfigError(`Invalid ${owner} option ${name}: expected a non-empty string, got ${got}`);
}
