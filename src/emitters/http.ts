import { type Dispatcher, Pool } from 'undici';
import { ContractError } from '../errors.js';
import type { JsonInput } from '../payload.js';
import type { EmitterLike, Payload } from '../types.js';
import { BodyPool } from './body-pool.js';
import { settledWithin } from './deadline.js';
import { flushBeforeExit, unclosed } from './exit-flush.js';
import { DeliveryError } from './failure.js';
import { FlushWaiters } from './flush-waiters.js';
import { checkInteger, type EmitterOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { Reporter } from './report.js';
import { encodeEvent, getPath, POST_ENVELOPE_BYTES, POST_PATH, postBody, postEventBytes } from './request.js';
import { backoffDelay } from './retry.js';
import type { EventStore, StoredEvent } from './store.js';
import { type Outcome, sendRequest } from './transport.js';

/**
 * Sends events to a Snowplow collector over HTTP (undici, keep-alive), **one request at a time, in
 * order**: a batch is sent only after the previous one was answered, so the collector receives events in
 * the order they were tracked. Choose it when order matters or the collector must not see bursts; choose
 * `AsyncEmitter` for throughput (a pool of concurrent requests, no ordering between batches).
 *
 * `input()` never blocks and never throws because of delivery: events wait in a bounded store, leave in
 * batches of up to `maxBatchEvents`/`maxBatchBytes` once `bufferSize` events wait (or when the periodic
 * flush fires), and a failed request is retried on a timer with exponential backoff and jitter (never sooner than
 * the collector's `Retry-After`). Every event is either delivered or reported through `onFailure` and
 * `onError`: nothing is dropped silently. Events still held when the event loop runs dry are sent before
 * the process exits; `close({ timeout })` bounds that wait and frees the sockets.
 */
export class Emitter implements EmitterLike, JsonInput {
  readonly #options: ResolvedOptions;
  readonly #store: EventStore;
  readonly #dispatcher: Dispatcher;
  readonly #waiters = new FlushWaiters();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #flushTimer: NodeJS.Timeout | undefined;
  readonly #reporter: Reporter;
  readonly #exitRef: WeakRef<Emitter>;
  readonly #bodies: BodyPool;
  readonly #inputJson: ((json: string) => void) | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  #closed: Promise<void> | undefined;
  #state: 'open' | 'closing' | 'closed' = 'open';
  #seq = 0;
  #failures = 0;
  #batchLimit: number;

  constructor(options: EmitterOptions) {
    this.#options = resolveOptions(options, (given) => this.concurrency(given));
    const o = this.#options;
    this.#store = o.store;
    this.#batchLimit = o.maxBatchEvents;
    this.#reporter = new Reporter(o);
    this.#bodies = new BodyPool(o.maxBatchBytes, o.concurrency);
    this.#dispatcher =
      o.dispatcher ??
      new Pool(o.origin, {
        connections: o.concurrency,
        pipelining: 1,
        keepAliveTimeout: 30_000,
        connectTimeout: o.timeout,
      });
    this.#exitRef = flushBeforeExit(this);
    // Bound once: the Tracker reads it per event. GET events are query strings, so GET takes records.
    this.#inputJson =
      o.method === 'post' ? (json) => this.#accept(json, postEventBytes(json), json) : undefined;
    // unref: the periodic flush alone must never keep a process alive.
    this.#flushTimer =
      o.flushInterval > 0 ? setInterval(() => this.#pump(true), o.flushInterval).unref() : undefined;
  }

  /** How many requests may be in flight at once: 1 here. */
  protected concurrency(_options: EmitterOptions): number {
    return 1;
  }

  /** Events held (waiting or in flight). */
  get queued(): number {
    return this.#store.count;
  }

  /** Accepts one event; sends once `bufferSize` events wait. Never throws because of delivery. */
  input(payload: Payload): void {
    if (typeof payload !== 'object' || payload === null) {
      throw new ContractError(
        'Emitter.input',
        'payload',
        'a payload record',
        payload === null ? 'null' : typeof payload,
      );
    }
    const { data, bytes } = encodeEvent(payload, this.#options.method);
    this.#accept(data, bytes, payload);
  }

  /**
   * The Tracker's fast path (`JsonInput`): for POST, `input()` of an event given as the JSON text of its
   * payload record (with an `eid`, without `stm`), stored as it is; undefined for GET.
   */
  get inputJson(): ((json: string) => void) | undefined {
    return this.#inputJson;
  }

  /** Stores one encoded event (`source` only names it in a report), and sends once enough wait. */
  #accept(data: string, bytes: number, source: Payload | string): void {
    const o = this.#options;
    const event: StoredEvent = { seq: ++this.#seq, data, bytes, attempts: 0 };
    if (this.#state !== 'open') {
      const eid = (typeof source === 'string' ? (JSON.parse(source) as Payload) : source).eid;
      const message = `Emitter input after close: event not sent (eid ${eid ?? 'unknown'})`;
      this.#reporter.failed([event], new DeliveryError('SP_ERR_CONTRACT', message), false);
      return;
    }
    // Alone in a body, an event needs no comma: hence the -1.
    const size = bytes - 1 + POST_ENVELOPE_BYTES;
    if (o.method === 'post' && size > o.maxBatchBytes) {
      const message = `Event too large to send: ${size} bytes with its envelope, maxBatchBytes is ${o.maxBatchBytes}`;
      this.#reporter.failed([event], new DeliveryError('SP_ERR_TOO_LARGE', message), false);
      return;
    }
    const dropped = this.#store.add(event);
    if (dropped.length > 0) {
      const message = `Event store full: dropped ${dropped.length} event(s) (${this.#store.count} events, ${this.#store.bytes} bytes held)`;
      this.#waiters.settle(dropped);
      this.#reporter.failed(dropped, new DeliveryError('SP_ERR_STORE_FULL', message), false);
    }
    if (this.#store.pendingCount >= o.bufferSize) this.#pump(false);
  }

  /**
   * Sends every waiting event and resolves once each event given before this call was delivered or
   * reported failed, even if another flush is running. It respects a running backoff rather than hammering
   * a failing collector, so during an outage it takes as long as the retries do (bounded by maxRetries).
   */
  flush(): Promise<void> {
    const done = this.#waiters.wait(this.#seq, this.#store.count);
    this.#pump(true);
    return done;
  }

  /**
   * Flushes, then stops the timers and frees the sockets. Events still unsent after `timeout` ms are
   * reported (`SP_ERR_TIMEOUT`) and in-flight requests are aborted. Later `input()` calls are reported.
   */
  close(options: { timeout?: number } = {}): Promise<void> {
    checkInteger('Emitter.close', 'timeout', options.timeout, 0);
    if (this.#closed !== undefined) return this.#closed;
    this.#state = 'closing';
    clearInterval(this.#flushTimer);
    unclosed.delete(this.#exitRef);
    this.#closed = this.#shutdown(options.timeout ?? 10_000);
    return this.#closed;
  }

  async #shutdown(timeout: number): Promise<void> {
    const timedOut = !(await settledWithin(this.flush(), timeout));
    this.#state = 'closed';
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const left = this.#store.takeAll();
    if (left.length > 0) {
      const message = `Emitter close timed out after ${timeout}ms: ${left.length} event(s) not sent`;
      this.#giveUp(left, new DeliveryError('SP_ERR_TIMEOUT', message));
    }
    this.#reporter.close();
    if (this.#options.dispatcher === undefined) {
      await (timedOut ? this.#dispatcher.destroy() : this.#dispatcher.close());
    }
    // Aborted requests settle as failures (reported, since the emitter is closed).
    await Promise.all(this.#inFlight);
  }

  /**
   * Starts requests while there is room; `force` sends batches smaller than bufferSize. It runs in timers
   * and promise callbacks, so a store that throws is logged here rather than crashing the host process.
   */
  #pump(force: boolean): void {
    try {
      this.#startRequests(force);
    } catch (error) {
      this.#storeFailed(error, undefined);
    }
  }

  #startRequests(force: boolean): void {
    // During a backoff only the retry timer restarts sending (no hot loop against a failing collector).
    if (this.#state === 'closed' || this.#retryTimer !== undefined) return;
    const o = this.#options;
    while (this.#inFlight.size < o.concurrency) {
      const pending = this.#store.pendingCount;
      if (pending === 0 || (!force && pending < o.bufferSize && !this.#waiters.active)) return;
      const batch = this.#store.take(this.#batchLimit, o.maxBatchBytes - POST_ENVELOPE_BYTES);
      if (batch.length === 0) return; // a custom store that miscounts must not spin here
      const request: Promise<void> = this.#deliver(batch)
        .catch((error: unknown) => this.#storeFailed(error, batch))
        .finally(() => {
          this.#inFlight.delete(request);
          this.#pump(false);
        });
      this.#inFlight.add(request);
    }
  }

  /**
   * The store (a user's, say mirroring to disk) threw: logged, never an uncaught error that ends the host.
   * A batch's `flush()` waiters are released, so a flush does not hang on events in an unknown state.
   */
  #storeFailed(error: unknown, batch: readonly StoredEvent[] | undefined): void {
    const why = error instanceof Error ? error.message : String(error);
    const what = batch === undefined ? '' : ` (${batch.length} event(s) of a request in an unknown state)`;
    this.#options.logger.error(`Emitter store failed: ${why}${what}`, { error });
    if (batch !== undefined) this.#waiters.settle(batch);
  }

  async #deliver(batch: StoredEvent[]): Promise<void> {
    const o = this.#options;
    const stm = String(Date.now());
    if (o.method === 'get') {
      const path = getPath((batch[0] as StoredEvent).data, stm);
      this.#settleOutcome(batch, await sendRequest(this.#dispatcher, o, path, undefined));
      return;
    }
    let lent: Buffer | undefined;
    const body = postBody(batch, stm, (size) => {
      lent = this.#bodies.acquire(size);
      return lent;
    });
    const outcome = await sendRequest(this.#dispatcher, o, POST_PATH, body);
    if (outcome.ok && lent !== undefined) this.#bodies.release(lent);
    this.#settleOutcome(batch, outcome);
  }

  #settleOutcome(batch: StoredEvent[], outcome: Outcome): void {
    const o = this.#options;
    if (outcome.ok) {
      this.#store.remove(batch);
      this.#failures = 0;
      this.#batchLimit = Math.min(o.maxBatchEvents, this.#batchLimit * 2);
      this.#waiters.settle(batch);
      this.#reporter.delivered(batch.length);
    } else if (this.#state === 'closed' || !outcome.retryable) {
      this.#giveUp(batch, outcome.tooLarge ? tooLarge(outcome.error, batch.length) : outcome.error);
    } else if (outcome.tooLarge) {
      // 413: halve the batches until the collector accepts them; a single event too large is given up.
      if (batch.length === 1) {
        this.#giveUp(batch, tooLarge(outcome.error, 1));
      } else {
        this.#batchLimit = Math.max(1, Math.floor(batch.length / 2));
        this.#store.restore(batch);
      }
    } else {
      this.#retryLater(batch, outcome.error, outcome.retryAfter);
    }
  }

  #retryLater(batch: StoredEvent[], error: DeliveryError, retryAfter: number | undefined): void {
    const o = this.#options;
    const kept: StoredEvent[] = [];
    const exhausted: StoredEvent[] = [];
    for (const event of batch) {
      event.attempts += 1;
      (event.attempts > o.retry.maxRetries ? exhausted : kept).push(event);
    }
    if (exhausted.length > 0) {
      const message = `Delivery gave up after ${o.retry.maxRetries} retries: ${error.message}`;
      this.#giveUp(exhausted, new DeliveryError(error.code, message, error.status, { cause: error }));
    }
    if (kept.length > 0) {
      this.#store.restore(kept);
      this.#reporter.failed(kept, error, true);
    }
    // Concurrent requests failing together start one backoff, not one each. The timer stays ref'd (unlike
    // the flush timer): a process that exits mid-backoff without close() would lose events silently.
    if (this.#retryTimer === undefined && this.#state !== 'closed') {
      this.#failures += 1;
      // Retry-After is a floor: never sooner than asked, never sooner than the backoff (no hot loop on 0).
      const delay = Math.max(retryAfter ?? 0, backoffDelay(this.#failures, o.retry));
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = undefined;
        this.#pump(true);
      }, delay);
    }
  }

  #giveUp(events: readonly StoredEvent[], error: DeliveryError): void {
    this.#store.remove(events);
    this.#waiters.settle(events);
    this.#reporter.failed(events, error, false);
  }
}

function tooLarge(error: DeliveryError, count: number): DeliveryError {
  const message = `Collector refused the request as too large with ${count} event(s): ${error.message}`;
  return new DeliveryError('SP_ERR_TOO_LARGE', message, error.status, { cause: error });
}
