/**
 * The emitters' options, their documented defaults, and `resolveOptions()`, which checks them and fills
 * every default once so that nothing downstream looks at `undefined`.
 */
import type { Dispatcher } from 'undici';
import { isTimeout, MAX_TIMER_MS } from '../deadline.js';
import { ConfigError } from '../errors.js';
import { defaultLogger, type Logger } from '../logger.js';
import { optionKeys } from '../option-keys.js';
import type { Payload } from '../types.js';
import { parseEndpoint } from './endpoint.js';
import type { DeliveryFailure } from './failure.js';
import { type HttpMethod, POST_PATH } from './request.js';
import { NO_RETRY_STATUSES, type RetryOptions, type RetryPolicy } from './retry.js';
import { type EventStore, MemoryStore } from './store.js';

/** Options of {@link Emitter} (and, with `maxConcurrentRequests`, of `AsyncEmitter`). */
export interface EmitterOptions {
  /** The collector: a host (`c.example.com`, `c.example.com:8080`) or a URL without a path. */
  endpoint: string;
  /**
   * The scheme when `endpoint` has none. Deviation from the seed (which defaults to http): events carry
   * user data, so plain http must be asked for.
   * @default 'https'
   */
  protocol?: 'http' | 'https';
  /** The port when `endpoint` has none. @default the protocol's (443 or 80) */
  port?: number;
  /**
   * POST batches events to `postPath`; GET sends one event per request to /i. Either case is accepted.
   * @default 'post'
   */
  method?: HttpMethod | Uppercase<HttpMethod>;
  /**
   * The path of POST requests, for a collector behind a proxy that maps another path to it (as the
   * official Node tracker's `postPath`). @default '/com.snowplowanalytics.snowplow/tp2'
   */
  postPath?: string;
  /** Send as soon as this many events wait (the periodic flush sends smaller batches). @default 1 for GET, 10 for POST */
  bufferSize?: number;
  /** The most events in one POST request. @default the larger of 100 and `bufferSize` */
  maxBatchEvents?: number;
  /**
   * The most bytes in one request: a POST body, or a GET request's path and query (collectors and proxies
   * refuse long URLs). A single event bigger than this is reported (`SP_ERR_TOO_LARGE`), never sent.
   * @default 262_144 for POST, 8_192 for GET
   */
  maxBatchBytes?: number;
  /** How long a request may wait for the collector's headers, or between body chunks, in ms. @default 10_000 */
  timeout?: number;
  /** Send waiting events at least this often, in ms; 0 turns the timer off. The timer never keeps a process alive. @default 5_000 */
  flushInterval?: number;
  /**
   * When the process is about to exit (its event loop ran dry) without `close()`, the emitter sends what it
   * holds for at most this many ms, then reports every event still unsent (`SP_ERR_TIMEOUT`, to `onFailure`,
   * `onError` and the log) and lets the process end. @default 5_000
   */
  exitTimeout?: number;
  /** How failed requests are retried. */
  retry?: RetryOptions;
  /** Where events wait. @default new MemoryStore() (500,000 events / 512 MiB, drop-oldest, every drop reported) */
  store?: EventStore;
  /** Extra request headers (for example `SP-Anonymous: *`). @default {} */
  headers?: Readonly<Record<string, string>>;
  /** The undici dispatcher to send through (a proxy agent, a `MockAgent` in tests); the emitter does not close it. @default a keep-alive `Pool` owned by the emitter */
  dispatcher?: Dispatcher;
  /** @default defaultLogger (see setDefaultLogger, setLogLevel) */
  logger?: Logger;
  /** Called with the number of events after each request the collector accepted (2xx). */
  onSuccess?: (sentCount: number) => void;
  /**
   * Called when events are given up for good: rejected by the collector, out of retries, too large,
   * dropped by a full store, or still unsent when `close()` timed out. Never called on success.
   * `sentCount` is the number of events of the same request that were delivered (0: requests succeed or
   * fail as a whole); `unsentEvents` are the payload records.
   */
  onFailure?: (sentCount: number, unsentEvents: Payload[]) => void;
  /** Called for every failure, retried or not, with its code, status and events. */
  onError?: (failure: DeliveryFailure) => void;
}

/** Options after `resolveOptions()`: every default filled in. */
export interface ResolvedOptions {
  readonly origin: string;
  readonly method: HttpMethod;
  readonly postPath: string;
  readonly exitTimeout: number;
  readonly bufferSize: number;
  readonly maxBatchEvents: number;
  readonly maxBatchBytes: number;
  readonly timeout: number;
  readonly flushInterval: number;
  readonly retry: RetryPolicy;
  readonly store: EventStore;
  readonly headers: Readonly<Record<string, string>>;
  /** `headers` plus the JSON content type, built once rather than per request. */
  readonly postHeaders: Readonly<Record<string, string>>;
  readonly dispatcher: Dispatcher | undefined;
  readonly logger: Logger;
  readonly concurrency: number;
  readonly onSuccess: ((sentCount: number) => void) | undefined;
  readonly onFailure: ((sentCount: number, unsentEvents: Payload[]) => void) | undefined;
  readonly onError: ((failure: DeliveryFailure) => void) | undefined;
}

/** Every key of {@link EmitterOptions}: any other key is refused (see checkKnownKeys). */
export const EMITTER_OPTION_KEYS: readonly string[] = optionKeys<EmitterOptions>({
  endpoint: true,
  protocol: true,
  port: true,
  method: true,
  postPath: true,
  bufferSize: true,
  maxBatchEvents: true,
  maxBatchBytes: true,
  timeout: true,
  flushInterval: true,
  exitTimeout: true,
  retry: true,
  store: true,
  headers: true,
  dispatcher: true,
  logger: true,
  onSuccess: true,
  onFailure: true,
  onError: true,
});

/** A value in a message: numbers as written (JSON would print Infinity and NaN as null). */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

/** Throws a ConfigError unless `value` is undefined or an integer >= `min` (or Infinity when allowed). */
export function checkInteger(owner: string, name: string, value: unknown, min: number): void {
  if (value === undefined) return;
  const ok = typeof value === 'number' && (Number.isInteger(value) || value === Number.POSITIVE_INFINITY);
  if (!ok || (value as number) < min) {
    const what = min === 0 ? 'a non-negative integer' : `an integer >= ${min}`;
    throw new ConfigError(`Invalid ${owner} option ${name}: expected ${what}, got ${shown(value)}`);
  }
}

/**
 * Throws a ConfigError unless `value` is undefined or an integer from `min` to 2^31-1: a delay that Node's
 * timers keep (a longer one, Infinity included, would fire after 1 ms).
 */
export function checkDelay(owner: string, name: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (!(Number.isInteger(value) && (value as number) >= min && (value as number) <= MAX_TIMER_MS)) {
    throw new ConfigError(
      `Invalid ${owner} option ${name}: expected an integer from ${min} to ${MAX_TIMER_MS} (ms), got ${shown(value)}`,
    );
  }
}

/** Throws a ConfigError unless `value` is undefined or a `flush()`/`close()` timeout (see deadline.ts). */
export function checkTimeout(owner: string, value: unknown): void {
  if (value !== undefined && !isTimeout(value)) {
    throw new ConfigError(
      `Invalid ${owner} option timeout: expected a number of milliseconds >= 0, got ${shown(value)}`,
    );
  }
}

/** Checks `retry` and fills in its defaults (16 retries, 500 ms doubling up to 10 s, Retry-After up to 60 s). */
export function resolveRetry(retry: RetryOptions = {}): RetryPolicy {
  checkInteger('Emitter', 'retry.maxRetries', retry.maxRetries, 0);
  checkDelay('Emitter', 'retry.maxRetryAfter', retry.maxRetryAfter, 0);
  // A zero backoff would retry a failing collector in a hot loop.
  checkDelay('Emitter', 'retry.baseDelay', retry.baseDelay, 1);
  checkDelay('Emitter', 'retry.maxDelay', retry.maxDelay, 1);
  return {
    maxRetries: retry.maxRetries ?? 16,
    baseDelay: retry.baseDelay ?? 500,
    maxDelay: retry.maxDelay ?? 10_000,
    maxRetryAfter: retry.maxRetryAfter ?? 60_000,
    noRetryStatuses: new Set(retry.noRetryStatuses ?? NO_RETRY_STATUSES),
  };
}

/** Checks `options` and fills in every default; throws ConfigError naming the bad option. */
export function resolveOptions(
  options: EmitterOptions,
  concurrencyOf: (options: EmitterOptions) => number,
): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError(`Invalid Emitter options: expected an object, got ${String(options)}`);
  }
  const given = options.method ?? 'post';
  const method = typeof given === 'string' ? (given.toLowerCase() as HttpMethod) : given;
  if (method !== 'get' && method !== 'post') {
    throw new ConfigError(
      `Invalid Emitter option method: expected "get" or "post", got ${JSON.stringify(given)}`,
    );
  }
  const postPath = options.postPath ?? POST_PATH;
  if (typeof postPath !== 'string' || !/^\/[^?#\s]*$/.test(postPath)) {
    throw new ConfigError(
      `Invalid Emitter option postPath: expected a path starting with "/" (no query or fragment), got ${JSON.stringify(postPath)}`,
    );
  }
  checkInteger('Emitter', 'bufferSize', options.bufferSize, 1);
  checkInteger('Emitter', 'maxBatchEvents', options.maxBatchEvents, 1);
  checkInteger('Emitter', 'maxBatchBytes', options.maxBatchBytes, 1024);
  checkDelay('Emitter', 'timeout', options.timeout, 1);
  checkDelay('Emitter', 'flushInterval', options.flushInterval, 0);
  checkDelay('Emitter', 'exitTimeout', options.exitTimeout, 0);
  const bufferSize = options.bufferSize ?? (method === 'get' ? 1 : 10);
  return {
    origin: parseEndpoint(options.endpoint, options.protocol, options.port),
    method,
    postPath,
    exitTimeout: options.exitTimeout ?? 5_000,
    bufferSize,
    maxBatchEvents: method === 'get' ? 1 : (options.maxBatchEvents ?? Math.max(100, bufferSize)),
    maxBatchBytes: options.maxBatchBytes ?? (method === 'get' ? 8_192 : 262_144),
    timeout: options.timeout ?? 10_000,
    flushInterval: options.flushInterval ?? 5_000,
    retry: resolveRetry(options.retry),
    store: options.store ?? new MemoryStore(),
    headers: options.headers ?? {},
    postHeaders: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
    dispatcher: options.dispatcher,
    logger: options.logger ?? defaultLogger,
    concurrency: concurrencyOf(options),
    onSuccess: options.onSuccess,
    onFailure: options.onFailure,
    onError: options.onError,
  };
}
