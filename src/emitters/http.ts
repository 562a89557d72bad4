import { type Dispatcher, Pool } from 'undici';
import { timerDelay, withDeadline } from '../deadline.js';
import { ContractError } from '../errors.js';
import { checkKnownKeys } from '../option-keys.js';
import type { JsonInput } from '../payload.js';
import type { EmitterLike, Payload } from '../types.js';
import { encodeOrFail, failedWith, refusedAsTooLarge, tooLargeToSend } from './admission.js';
import { Backoff } from './backoff.js';
import { BodyPool } from './body-pool.js';
import { localHttpsWarning } from './endpoint.js';
import { flushBeforeExit, unclosed } from './exit-flush.js';
import { DeliveryError } from './failure.js';
import { FlushWaiters } from './flush-waiters.js';
import {
  checkTimeout,
  EMITTER_OPTION_KEYS,
  type EmitterOptions,
  type ResolvedOptions,
  resolveOptions,
} from './options.js';
import { Reporter } from './report.js';
import { getPath, POST_ENVELOPE_BYTES, postBody, postEventBytes } from './request.js';
import { SizeLimit } from './size-limit.js';
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
  readonly #backoff: Backoff;
  #closed: Promise<void> | undefined;
  #state: 'open' | 'closing' | 'closed' = 'open';
  #seq = 0;
  readonly #sizeLimit: SizeLimit;
  /** Why in-flight requests were aborted (a close or exit deadline), to report them as timed out. */
  #abortedBy: string | undefined;

  constructor(options: EmitterOptions) {
    this.#options = resolveOptions(options, (given) => this.concurrency(given));
    checkKnownKeys(this.constructor.name, options, [...EMITTER_OPTION_KEYS, ...this.optionKeys()]);
    const o = this.#options;
    this.#store = o.store;
    this.#sizeLimit = new SizeLimit(o.maxBatchBytes);
    this.#backoff = new Backoff(o.retry, () => this.#pump(true));
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
    const warning = localHttpsWarning(options.endpoint, options.protocol, o.origin);
    if (warning !== undefined) o.logger.warn(warning);
    this.#exitRef = flushBeforeExit(this, (emitter) => emitter.#closeBeforeExit());
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

  /** Option keys a subclass adds to {@link EmitterOptions}: none here. */
  protected optionKeys(): readonly string[] {
    return [];
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
    const encoded = encodeOrFail(payload, this.#options.method);
    if (encoded instanceof DeliveryError) this.#reporter.failed([], encoded, false, [{ ...payload }]);
    else this.#accept(encoded.data, encoded.bytes, payload);
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
    const tooLarge = tooLargeToSend(o, bytes);
    if (tooLarge !== undefined) {
      this.#reporter.failed([event], tooLarge, false);
      return;
    }
    let dropped: readonly StoredEvent[];
    try {
      dropped = this.#store.add(event);
    } catch (error) {
      const failure = failedWith('SP_ERR_STORE', 'Emitter store failed to add an event', error);
      this.#reporter.failed([event], failure, false);
      return;
    }
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
   * a failing collector, so during an outage it takes as long as the retries do (bounded by maxRetries),
   * unless `timeout` (ms) is given: then it rejects with a DeliveryError `SP_ERR_TIMEOUT` when that passes
   * first, and the events stay held, to be sent later (nothing is given up).
   */
  flush(options: { timeout?: number } = {}): Promise<void> {
    checkTimeout('Emitter.flush', options.timeout);
    const done = this.#waiters.wait(this.#seq, this.#store.count);
    this.#pump(true);
    const ms = timerDelay(options.timeout);
    return withDeadline(done, ms, () => {
      const message = `Emitter flush timed out after ${ms}ms: ${this.#store.count} event(s) still held, to be sent later`;
      return new DeliveryError('SP_ERR_TIMEOUT', message);
    });
  }

  /**
   * Flushes, then stops the timers and frees the sockets. Events still unsent after `timeout` ms (default
   * 10 s; above 2^31-1 ms, Infinity included, there is no deadline) are reported as `SP_ERR_TIMEOUT`, and so
   * are those of requests in flight, which are aborted. Later `input()` calls are reported.
   */
  close(options: { timeout?: number } = {}): Promise<void> {
    checkTimeout('Emitter.close', options.timeout);
    return this.#close(options.timeout ?? 10_000, 'Emitter close timed out');
  }

  /** The exit hook's close: a bounded flush, then every event still unsent is reported. */
  #closeBeforeExit(): Promise<void> {
    const why = 'Process exiting without Emitter close(): flush timed out';
    return this.#close(this.#options.exitTimeout, why);
  }

  #close(timeout: number, why: string): Promise<void> {
    if (this.#closed !== undefined) return this.#closed;
    this.#state = 'closing';
    clearInterval(this.#flushTimer);
    unclosed.delete(this.#exitRef);
    const ms = timerDelay(timeout);
    this.#closed = this.#shutdown(ms, ms === undefined ? why : `${why} after ${ms}ms`);
    return this.#closed;
  }

  async #shutdown(ms: number | undefined, why: string): Promise<void> {
    const timedOut = await withDeadline(
      this.flush().then(() => false),
      ms,
      () => new Error(why),
    ).catch(() => true);
    this.#state = 'closed';
    this.#backoff.stop();
    const left = this.#store.takeAll();
    if (left.length > 0) this.#giveUp(left, new DeliveryError('SP_ERR_TIMEOUT', why));
    if (timedOut) this.#abortedBy = why;
    this.#reporter.close();
    if (this.#options.dispatcher === undefined) {
      await (timedOut ? this.#dispatcher.destroy() : this.#dispatcher.close());
    }
    // Aborted requests settle as failures (reported as timed out, since the emitter is closed).
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
    if (this.#state === 'closed' || this.#backoff.waiting) return;
    const o = this.#options;
    while (this.#inFlight.size < o.concurrency) {
      const pending = this.#store.pendingCount;
      if (pending === 0 || (!force && pending < o.bufferSize && !this.#waiters.active)) return;
      // Events' bytes count a comma each, which the last one of a body does not need: hence the + 1.
      const batch = this.#store.take(o.maxBatchEvents, this.#sizeLimit.bytes - POST_ENVELOPE_BYTES + 1);
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
      this.#settleOutcome(batch, await sendRequest(this.#dispatcher, o, path, undefined), 0);
      return;
    }
    let lent: Buffer | undefined;
    const body = postBody(batch, stm, (size) => {
      lent = this.#bodies.acquire(size);
      return lent;
    });
    const outcome = await sendRequest(this.#dispatcher, o, o.postPath, body, batch.length);
    if (outcome.ok && lent !== undefined) this.#bodies.release(lent);
    this.#settleOutcome(batch, outcome, body.length);
  }

  /** Acts on a request's outcome; `size` is the POST body's length (0 for GET). */
  #settleOutcome(batch: StoredEvent[], outcome: Outcome, size: number): void {
    if (outcome.ok) {
      this.#store.remove(batch);
      this.#backoff.reset();
      if (size > 0) this.#sizeLimit.accepted(size);
      this.#waiters.settle(batch);
      this.#reporter.delivered(batch.length);
    } else if (this.#abortedBy !== undefined) {
      const message = `${this.#abortedBy}: request in flight aborted (${outcome.error.message})`;
      this.#giveUp(batch, new DeliveryError('SP_ERR_TIMEOUT', message, undefined, { cause: outcome.error }));
    } else if (this.#state === 'closed' || !outcome.retryable) {
      this.#giveUp(batch, outcome.tooLarge ? refusedAsTooLarge(outcome.error, batch.length) : outcome.error);
    } else if (outcome.tooLarge) {
      // 413: learn the collector's limit and send the events again in smaller requests; a single event
      // too large is given up.
      if (batch.length === 1) {
        this.#giveUp(batch, refusedAsTooLarge(outcome.error, 1));
      } else {
        this.#sizeLimit.refused(size);
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
    if (this.#state !== 'closed') this.#backoff.start(retryAfter);
  }

  #giveUp(events: readonly StoredEvent[], error: DeliveryError): void {
    this.#store.remove(events);
    this.#waiters.settle(events);
    this.#reporter.failed(events, error, false);
  }
}
