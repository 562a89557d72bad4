/**
 * What the emitters that hand events to Redis share (RedisEmitter, QueueEmitter): events wait in the
 * emitter's bounded store, leave in batches, several writes in flight on one connection (so Redis
 * receives them in order), and the events of failed writes go back to the head of the store, in order,
 * and are retried with backoff while Redis is away. Every event is written or reported, as in the HTTP emitters: the same store, flush waiters,
 * reporter and exit hook.
 */

import { settledWithin, timerDelay, withDeadline } from '../deadline.js';
import { ContractError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { JsonInput } from '../payload.js';
import type { EmitterLike, Payload } from '../types.js';
import { flushBeforeExit, unclosed } from './exit-flush.js';
import { DeliveryError } from './failure.js';
import { FlushWaiters } from './flush-waiters.js';
import { checkTimeout } from './options.js';
import { Reporter } from './report.js';
import { encodeEvent } from './request.js';
import { backoffDelay } from './retry.js';
import type { StoredEvent } from './store.js';
import type { ResolvedStoreWriterOptions } from './store-writer-options.js';

/** Writes in flight at once. */
const WRITES_IN_FLIGHT = 8;

/** What one write did: the first `written` events of the batch are in Redis; the rest failed with `error`. */
export interface WriteResult {
  readonly written: number;
  readonly error?: DeliveryError;
}

/** The base of the Redis-backed emitters; a subclass says how a batch is written and how it lets go. */
export abstract class StoreWriter implements EmitterLike, JsonInput {
  readonly #options: ResolvedStoreWriterOptions;
  readonly #waiters = new FlushWaiters();
  readonly #reporter: Reporter;
  readonly #exitRef: WeakRef<StoreWriter>;
  readonly #inputJson = (json: string): void => this.#accept(json, json);
  readonly #writes = new Set<Promise<void>>();
  /** Events of writes that failed, held until every write in flight has settled, then retried in order. */
  #failed: { events: readonly StoredEvent[]; error: DeliveryError }[] = [];
  #scheduled = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #closed: Promise<void> | undefined;
  #state: 'open' | 'closing' | 'closed' = 'open';
  #seq = 0;
  #failures = 0;
  #closeTimeout = 0;

  constructor(options: ResolvedStoreWriterOptions) {
    this.#options = options;
    this.#reporter = new Reporter(options);
    this.#exitRef = flushBeforeExit(this);
  }

  /** Writes `batch` (the JSON text of each event's payload record, in order) to Redis. */
  protected abstract write(batch: readonly StoredEvent[]): Promise<WriteResult>;

  /** Frees what the emitter owns (its connection), once every write has settled or timed out. */
  protected abstract release(timedOut: boolean): Promise<void>;

  /** Reports to the user's callbacks and the logger. */
  protected get reporter(): Reporter {
    return this.#reporter;
  }

  /** The logger the options gave (or the default one). */
  protected get logger(): Logger {
    return this.#options.logger;
  }

  /** Called with the number of events each successful write put in Redis: `onSuccess` by default. */
  protected written(count: number): void {
    this.#reporter.delivered(count);
  }

  /**
   * Called when the first write starts and when the last one settled: a subclass keeps its connection
   * from holding the process open while idle (a script that never calls close() must still end).
   */
  protected busy(_writing: boolean): void {}

  /** Events held (waiting or being written). */
  get queued(): number {
    return this.#options.store.count;
  }

  /** The Tracker's fast path: an event as the JSON text of its payload record (with `eid`, without `stm`). */
  get inputJson(): (json: string) => void {
    return this.#inputJson;
  }

  /** Accepts one event; it is written to Redis shortly (in the same batch as the events around it). */
  input(payload: Payload): void {
    if (typeof payload !== 'object' || payload === null) {
      const got = payload === null ? 'null' : typeof payload;
      throw new ContractError(`${this.constructor.name}.input`, 'payload', 'a payload record', got);
    }
    this.#accept(encodeEvent(payload, 'post').data, payload);
  }

  #accept(data: string, source: Payload | string): void {
    const event: StoredEvent = { seq: ++this.#seq, data, bytes: Buffer.byteLength(data), attempts: 0 };
    if (this.#state !== 'open') {
      const eid = (typeof source === 'string' ? (JSON.parse(source) as Payload) : source).eid;
      const message = `${this.constructor.name} input after close: event not written (eid ${eid ?? 'unknown'})`;
      this.#reporter.failed([event], new DeliveryError('SP_ERR_CONTRACT', message), false);
      return;
    }
    const { store } = this.#options;
    const dropped = store.add(event);
    if (dropped.length > 0) {
      const message = `Event store full: dropped ${dropped.length} event(s) (${store.count} events, ${store.bytes} bytes held)`;
      this.#waiters.settle(dropped);
      this.#reporter.failed(dropped, new DeliveryError('SP_ERR_STORE_FULL', message), false);
    }
    this.#schedule();
  }

  /** Writes on the next turn of the event loop, so a burst of events goes out as one batch. */
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  /**
   * Resolves when every event given before this call is in Redis or was reported failed; with `timeout`
   * (ms) it rejects with `SP_ERR_TIMEOUT` when the writes outlast it (the events stay held).
   */
  flush(options: { timeout?: number } = {}): Promise<void> {
    checkTimeout(`${this.constructor.name}.flush`, options.timeout);
    const done = this.#waiters.wait(this.#seq, this.#options.store.count);
    this.#pump();
    const ms = timerDelay(options.timeout);
    return withDeadline(done, ms, () => {
      const message = `${this.constructor.name} flush timed out after ${ms}ms: ${this.#options.store.count} event(s) still held, to be written later`;
      return new DeliveryError('SP_ERR_TIMEOUT', message);
    });
  }

  /**
   * Flushes, then lets go of the connection (a client the emitter made; yours stays open). Events still
   * unwritten after `timeout` ms are reported (`SP_ERR_TIMEOUT`); later `input()` calls are reported.
   */
  close(options: { timeout?: number } = {}): Promise<void> {
    checkTimeout(`${this.constructor.name}.close`, options.timeout);
    if (this.#closed !== undefined) return this.#closed;
    this.#state = 'closing';
    unclosed.delete(this.#exitRef);
    this.#closeTimeout = options.timeout ?? 10_000;
    this.#closed = this.#shutdown(this.#closeTimeout);
    return this.#closed;
  }

  async #shutdown(timeout: number): Promise<void> {
    const timedOut = !(await settledWithin(this.flush(), timeout));
    this.#state = 'closed';
    clearTimeout(this.#retryTimer);
    const left = this.#options.store.takeAll();
    if (left.length > 0) this.#giveUp(left, this.#timedOut(left.length));
    await this.release(timedOut);
    // A write cut short by the release settles as a failure (reported, since the emitter is closed).
    await Promise.all([...this.#writes]);
    this.#reporter.close();
  }

  /**
   * Starts writes while there is room. Several are in flight at once (one connection runs them in order,
   * so order holds): waiting for each reply before sending the next would let a busy app outrun Redis.
   */
  #pump(): void {
    const o = this.#options;
    if (this.#retryTimer !== undefined || this.#failed.length > 0 || this.#state === 'closed') return;
    while (this.#writes.size < WRITES_IN_FLIGHT && o.store.pendingCount > 0) {
      const batch = o.store.take(o.maxBatchEvents, Number.POSITIVE_INFINITY);
      if (batch.length === 0) return; // a custom store that miscounts must not spin here
      const write: Promise<void> = this.write(batch)
        .catch((error: unknown) => ({ written: 0, error: asDeliveryError(error) }))
        .then((result) => this.#settle(batch, result))
        .catch((error: unknown) =>
          o.logger.error(`${this.constructor.name} store failed: ${String(error)}`, { error }),
        )
        .finally(() => {
          this.#writes.delete(write);
          this.#afterWrite();
        });
      this.#writes.add(write);
      if (this.#writes.size === 1) this.busy(true);
    }
  }

  #settle(batch: readonly StoredEvent[], { written, error }: WriteResult): void {
    const done = batch.slice(0, written);
    if (done.length > 0) {
      this.#options.store.remove(done);
      this.#failures = 0;
      this.#waiters.settle(done);
      this.written(done.length);
    }
    const rest = batch.slice(written);
    if (rest.length === 0) return;
    const failure = error ?? new DeliveryError('SP_ERR_REDIS', 'Redis write failed: no reply');
    if (this.#state === 'closed') this.#giveUp(rest, this.#timedOut(rest.length, failure));
    else this.#failed.push({ events: rest, error: failure });
  }

  /** Once no write is in flight, failed events go back to the store in tracking order, then a backoff. */
  #afterWrite(): void {
    if (this.#writes.size === 0 && this.#failed.length > 0) {
      const failed = this.#failed;
      this.#failed = [];
      const events = failed.flatMap((f) => f.events).sort((a, b) => a.seq - b.seq);
      const { error } = failed[0] as { error: DeliveryError };
      try {
        // A close that timed out meanwhile takes no more retries: the events are reported instead.
        if (this.#state === 'closed') this.#giveUp(events, this.#timedOut(events.length, error));
        else this.#retryLater(events, error);
      } catch (error) {
        this.#options.logger.error(`${this.constructor.name} store failed: ${String(error)}`, { error });
      }
    }
    this.#pump();
    if (this.#writes.size === 0) this.busy(false);
  }

  #retryLater(batch: readonly StoredEvent[], error: DeliveryError): void {
    const { retry, store } = this.#options;
    const kept: StoredEvent[] = [];
    const exhausted: StoredEvent[] = [];
    for (const event of batch) {
      event.attempts += 1;
      (event.attempts > retry.maxRetries ? exhausted : kept).push(event);
    }
    if (exhausted.length > 0) {
      const message = `Redis write gave up after ${retry.maxRetries} retries: ${error.message}`;
      this.#giveUp(exhausted, new DeliveryError(error.code, message, undefined, { cause: error }));
    }
    if (kept.length > 0) {
      store.restore(kept);
      this.#reporter.failed(kept, error, true);
    }
    this.#failures += 1;
    this.#retryTimer = setTimeout(
      () => {
        this.#retryTimer = undefined;
        this.#pump();
      },
      backoffDelay(this.#failures, retry),
    );
  }

  #timedOut(count: number, cause?: DeliveryError): DeliveryError {
    const message = `${this.constructor.name} close timed out after ${this.#closeTimeout}ms: ${count} event(s) not written`;
    return new DeliveryError('SP_ERR_TIMEOUT', message, undefined, { cause });
  }

  #giveUp(events: readonly StoredEvent[], error: DeliveryError): void {
    this.#options.store.remove(events);
    this.#waiters.settle(events);
    this.#reporter.failed(events, error, false);
  }
}

function asDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  return new DeliveryError('SP_ERR_NETWORK', `Redis write failed: ${String(error)}`, undefined, {
    cause: error,
  });
}
