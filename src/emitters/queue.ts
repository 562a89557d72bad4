import { randomUUID } from 'node:crypto';
import { settledWithin } from '../deadline.js';
import { Job, Queue, QueueEvents } from '../peers/bullmq.js';
import { Redis } from '../peers/ioredis.js';
import { DeliveryError } from './failure.js';
import { checkInteger } from './options.js';
import { jobFailure, type QueueJobData } from './queue-job.js';
import { PendingJobs } from './queue-pending.js';
import { DEFAULT_REDIS_URL, redisFailure, serverIdentity, watchOutages } from './redis-client.js';
import type { StoredEvent } from './store.js';
import { StoreWriter, type WriteResult } from './store-writer.js';
import {
  checkName,
  type RedisOption,
  resolveStoreWriterOptions,
  type StoreWriterOptions,
} from './store-writer-options.js';

/** Options of {@link QueueEmitter}. */
export interface QueueEmitterOptions extends StoreWriterOptions {
  /** An ioredis client (yours to close) or a `redis://` URL. @default 'redis://127.0.0.1:6379' */
  connection?: RedisOption;
  /** The BullMQ queue the jobs go to (`plowtype worker queue --queue`). @default 'snowplow' */
  queue?: string;
  /**
   * The most events in one job; a worker sends a job in as few requests as the 256 KiB limit allows.
   * @default 500
   */
  bufferSize?: number;
  /** How many times a worker tries a job before it fails for good. @default 10 */
  attempts?: number;
  /** The first retry's delay in ms; BullMQ doubles it for each later attempt. @default 1_000 */
  backoffDelay?: number;
  /**
   * What BullMQ keeps of a delivered job: `true` removes it at once, a number keeps that many of the newest,
   * `false` keeps them all (Redis then grows with every job: each holds its events' text). Failed jobs are
   * always kept for inspection. @default true
   */
  removeOnComplete?: boolean | number;
  /**
   * The most bytes of queued jobs' text the emitter keeps (in the app's memory) until their outcome, to
   * queue them again if Redis loses them. While workers are away jobs pile up in Redis; past this limit
   * new jobs are not kept (a warning says so once), and losing one is then reported, not repaired.
   * @default 67_108_864 (64 MiB)
   */
  maxPendingBytes?: number;
}

/**
 * The counterpart of the seed's CeleryEmitter, on BullMQ: events become jobs of up to `bufferSize`
 * events on a named queue, and `plowtype worker queue` delivers them to the collector with BullMQ's
 * retries and exponential backoff. Unlike the seed, the app sees the outcome: **`onSuccess(n)` fires when
 * a worker delivered a job** of this emitter, `onFailure` and `onError` when one failed for good (the job
 * stays in the queue's failed set for inspection) or its events could not be queued at all. Outcomes of
 * jobs still running when the emitter closes are not reported.
 *
 * Events wait in a bounded store while Redis is down, as in {@link RedisEmitter}; `flush()` resolves once
 * every event given before it is queued (or reported). The emitter keeps the text of each job until its
 * outcome arrives: after a reconnection, a job Redis lost (restarted without its data) is reported with
 * `willRetry` (`SP_ERR_NETWORK`) and queued again, so nothing is lost or claimed delivered silently.
 */
export class QueueEmitter extends StoreWriter {
  readonly #queue: Queue;
  readonly #events: QueueEvents;
  readonly #clients: Redis[];
  readonly #producer: Redis;
  readonly #pending: PendingJobs;
  /** Jobs are being queued past maxPendingBytes (warned once until one is kept again). */
  #overLimit = false;
  /** The producer's connection closed since the last look for jobs Redis lost. */
  #disconnected = false;
  readonly #jobOptions: {
    attempts: number;
    backoff: { type: 'exponential'; delay: number };
    removeOnComplete: boolean | number;
  };
  /** The Redis server's `run_id` when last connected: a new one after a reconnection means a restart. */
  #runId: string | undefined;
  readonly #bufferSize: number;

  constructor(options: QueueEmitterOptions = {}) {
    const resolved = resolveStoreWriterOptions('QueueEmitter', options, [
      'connection',
      'queue',
      'bufferSize',
      'attempts',
      'backoffDelay',
      'removeOnComplete',
      'maxPendingBytes',
    ]);
    checkName('QueueEmitter', 'queue', options.queue);
    checkInteger('QueueEmitter', 'bufferSize', options.bufferSize, 1);
    checkInteger('QueueEmitter', 'attempts', options.attempts, 1);
    checkInteger('QueueEmitter', 'backoffDelay', options.backoffDelay, 1);
    if (typeof options.removeOnComplete !== 'boolean') {
      checkInteger('QueueEmitter', 'removeOnComplete', options.removeOnComplete, 0);
    }
    checkInteger('QueueEmitter', 'maxPendingBytes', options.maxPendingBytes, 0);
    super(resolved);
    this.#pending = new PendingJobs(options.maxPendingBytes ?? 64 * 1024 * 1024);
    const name = options.queue ?? 'snowplow';
    this.#bufferSize = options.bufferSize ?? 500;
    this.#jobOptions = {
      attempts: options.attempts ?? 10,
      backoff: { type: 'exponential', delay: options.backoffDelay ?? 1_000 },
      removeOnComplete: options.removeOnComplete ?? true,
    };
    const given = options.connection instanceof Redis ? options.connection : undefined;
    const url = typeof options.connection === 'string' ? options.connection : DEFAULT_REDIS_URL;
    // The queue fails fast while Redis is away (the store keeps the events); the event reader blocks.
    const producer = given ?? new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    const reader = (given ?? producer).duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
    this.#clients = given === undefined ? [producer, reader] : [reader];
    this.#producer = producer;
    producer.on('close', this.#onClose);
    producer.on('ready', this.#onReady);
    if (producer.status === 'ready') void this.#connected(false);
    for (const client of this.#clients) watchOutages(client, resolved.logger, `queue ${name}`);
    this.#queue = new Queue(name, { connection: producer });
    this.#queue.on('error', () => {}); // connection errors are logged once per outage by watchOutages
    // Read the event stream from its start, not from '$' (events written before the reader's first XREAD
    // would be missed) nor from this machine's clock (it may run ahead of Redis's): the app's job ids are
    // random, so older events of other jobs are skipped.
    this.#events = new QueueEvents(name, { connection: reader, lastEventId: '0-0' });
    this.#events.on('error', () => {});
    this.#events.on('completed', ({ jobId }) => this.#completed(jobId));
    this.#events.on('failed', ({ jobId, failedReason }) => void this.#failed(jobId, failedReason));
  }

  readonly #onClose = (): void => {
    this.#disconnected = true;
  };

  readonly #onReady = (): void => {
    const reconnected = this.#disconnected;
    this.#disconnected = false;
    void this.#connected(reconnected);
  };

  /**
   * Notes the server's `run_id`; after a reconnection to the same server process (a cut connection, a
   * timeout) nothing was lost, and jobs delivered and removed meanwhile must not look lost. A new or
   * unreadable `run_id` (a restart, a failover) means looking for lost jobs.
   */
  async #connected(reconnected: boolean): Promise<void> {
    const before = this.#runId;
    this.#runId = (await serverIdentity(this.#producer))?.runId;
    if (reconnected && (before === undefined || this.#runId !== before)) await this.#requeueLost();
  }

  /** The BullMQ queue's name. */
  get queueName(): string {
    return this.#queue.name;
  }

  protected override written(): void {
    // Success is reported when a worker delivered the job, not when it was queued.
  }

  protected async write(batch: readonly StoredEvent[]): Promise<WriteResult> {
    const jobs: { name: string; data: QueueJobData; opts: { jobId: string } }[] = [];
    for (let at = 0; at < batch.length; at += this.#bufferSize) {
      const events = batch.slice(at, at + this.#bufferSize).map((event) => event.data);
      jobs.push({ name: 'events', data: { events }, opts: { ...this.#jobOptions, jobId: randomUUID() } });
    }
    for (const job of jobs) this.#keep(job.opts.jobId, job.data.events);
    try {
      await this.#queue.addBulk(jobs);
      this.#pending.added(jobs.map((job) => job.opts.jobId));
      return { written: batch.length };
    } catch (error) {
      for (const job of jobs) this.#pending.take(job.opts.jobId);
      return { written: 0, error: redisFailure(`Queueing to ${this.#queue.name} failed`, error) };
    }
  }

  #keep(jobId: string, events: readonly string[]): void {
    const kept = this.#pending.adding(jobId, events);
    if (kept || this.#overLimit) {
      this.#overLimit = !kept;
      return;
    }
    this.#overLimit = true;
    const limit = this.#pending.maxBytes;
    this.logger.warn(
      `Queue ${this.#queue.name}: jobs waiting for a worker passed maxPendingBytes (${limit}); jobs past it are not kept to be queued again if Redis loses them (a loss is still reported)`,
    );
  }

  #completed(jobId: string): void {
    const job = this.#pending.take(jobId);
    if (job === undefined) return; // another app's job
    this.reporter.delivered(job.count);
  }

  async #failed(jobId: string, reason: string): Promise<void> {
    const pending = this.#pending.take(jobId);
    if (pending === undefined) return;
    const job = await Job.fromId<QueueJobData>(this.#queue, jobId).catch(() => undefined);
    const error = jobFailure(this.#queue.name, jobId, job?.attemptsMade, reason);
    // A failed job stays in Redis: its events come from there when the emitter did not keep them.
    const events = pending.events ?? job?.data.events;
    if (events === undefined) this.reporter.lost(pending.count, error);
    else this.reporter.failed(events.map(stored), error, false);
  }

  /**
   * After a reconnection: the jobs Redis confirmed that it no longer has (it restarted without its data,
   * or failed over to a replica that never got them) are reported with `willRetry` and queued again, so
   * none is lost or claimed delivered. A worker may have delivered a lost job before Redis lost it: its
   * events can then reach the collector twice, with the same `eid`. Jobs it still has carry on.
   */
  async #requeueLost(): Promise<void> {
    const ids = this.#pending.confirmed();
    if (ids.length === 0) return;
    const pipeline = this.#producer.pipeline();
    for (const id of ids) pipeline.exists(this.#queue.toKey(id));
    const replies = await pipeline.exec().catch(() => null);
    if (replies === null || replies.some(([error]) => error !== null)) {
      this.#disconnected = true; // looked for again at the next reconnection
      return;
    }
    ids.forEach((id, at) => {
      // Gone from Redis and still pending (a look begun at an earlier reconnection may have taken it).
      const job = replies[at]?.[1] === 0 ? this.#pending.take(id) : undefined;
      if (job === undefined) return;
      const lost = `Queue job ${this.#queue.name}/${id} was lost: Redis no longer has it (restarted without its data?)`;
      const { events } = job;
      if (events === undefined) {
        const message = `${lost}; its events were past maxPendingBytes, not kept, and cannot be queued again`;
        this.reporter.lost(job.count, new DeliveryError('SP_ERR_NETWORK', message));
        return;
      }
      const message = `${lost}; its events are queued again and may reach the collector twice`;
      this.reporter.failed(events.map(stored), new DeliveryError('SP_ERR_NETWORK', message), true);
      for (const text of events) this.inputJson(text);
    });
  }

  protected async release(): Promise<void> {
    this.#producer.off('close', this.#onClose).off('ready', this.#onReady);
    const closing = Promise.allSettled([this.#events.close(), this.#queue.close()]);
    // BullMQ's close can wait for ever on a connection that is reconnecting (the event reader's blocking
    // XREAD after a Redis restart): past a second, cutting the connections ends it, and a close that still
    // has not ended is left behind rather than hanging the app's close().
    const closed = await settledWithin(closing, RELEASE_MS);
    for (const client of this.#clients) client.disconnect();
    if (!closed) await settledWithin(closing, RELEASE_MS);
  }
}

/** How long BullMQ's close may take before the connections are cut, and again after. */
const RELEASE_MS = 1_000;

/** A job's event as the reporter takes it. */
const stored = (data: string): StoredEvent => ({ seq: 0, data, bytes: 0, attempts: 0 });
