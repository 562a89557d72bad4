import { Agent } from 'undici';
import { AsyncEmitter } from '../emitters/async.js';
import { DeliveryError, type DeliveryFailure } from '../emitters/failure.js';
import { jobFailureReason, type QueueJobData } from '../emitters/queue-job.js';
import { DEFAULT_REDIS_URL, watchOutages } from '../emitters/redis-client.js';
import type { HttpMethod } from '../emitters/request.js';
import { NO_RETRY_STATUSES } from '../emitters/retry.js';
import { createLogger, type Logger } from '../logger.js';
import { type Job, UnrecoverableError, Worker } from '../peers/bullmq.js';
import { Redis } from '../peers/ioredis.js';
import { feed } from './feed.js';

/** Options of {@link QueueWorker}. */
export interface QueueWorkerOptions {
  /** The collector, as an emitter's `endpoint` (e.g. `https://c.example.com`). */
  collector: string;
  /** @default 'post' */
  method?: HttpMethod;
  /** An ioredis client (yours to close; BullMQ needs `maxRetriesPerRequest: null`) or a URL. @default 'redis://127.0.0.1:6379' */
  connection?: Redis | string;
  /** The queue a QueueEmitter fills. @default 'snowplow' */
  queue?: string;
  /** Jobs delivered at once. @default 1 */
  concurrency?: number;
  /** @default createLogger() */
  logger?: Logger;
}

/** A job is not worth trying again: the collector refused it for good (400, 401, 403, 410, 422, 413). */
function permanent(failure: DeliveryFailure): boolean {
  return failure.code === 'SP_ERR_TOO_LARGE' || NO_RETRY_STATUSES.includes(failure.status ?? 0);
}

/**
 * Delivers the jobs of a {@link QueueEmitter}'s queue to the collector, with BullMQ doing the rest: a job
 * that fails is retried with the attempts and exponential backoff its emitter set, a job that failed for
 * good stays in the queue's failed set (and its emitter's `onFailure` hears of it), and a worker that dies
 * leaves its active jobs to BullMQ's stalled-job check, which hands them to another worker.
 */
export class QueueWorker {
  readonly #worker: Worker<QueueJobData>;
  readonly #agent = new Agent({ keepAliveTimeout: 30_000 });
  readonly #client: Redis | undefined;
  readonly #logger: Logger;
  readonly #collector: string;
  readonly #method: HttpMethod;
  #delivered = 0;

  constructor(options: QueueWorkerOptions) {
    this.#logger = options.logger ?? createLogger();
    this.#collector = options.collector;
    this.#method = options.method ?? 'post';
    const given = options.connection instanceof Redis ? options.connection : undefined;
    const url = typeof options.connection === 'string' ? options.connection : DEFAULT_REDIS_URL;
    this.#client = given ? undefined : new Redis(url, { maxRetriesPerRequest: null });
    const connection = given ?? (this.#client as Redis);
    const queue = options.queue ?? 'snowplow';
    watchOutages(connection, this.#logger, `queue ${queue}`);
    this.#worker = new Worker<QueueJobData>(queue, (job) => this.#process(job), {
      connection,
      concurrency: options.concurrency ?? 1,
      autorun: false,
    });
    this.#worker.on('error', () => {}); // connection errors: logged once per outage by watchOutages
    this.#worker.on('completed', (job) => {
      this.#logger.debug(`Queue job ${job.id} delivered ${job.data.events.length} event(s)`);
    });
    this.#worker.on('failed', (job, error) => {
      if (job === undefined) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
      const fate = final ? 'failed for good, kept in the failed set' : 'will retry';
      this.#logger.warn(`Queue job ${job.id} attempt ${job.attemptsMade} ${fate}: ${error.message}`);
    });
  }

  /** Events delivered so far. */
  get delivered(): number {
    return this.#delivered;
  }

  /** Connects and starts taking jobs; resolves once the worker is ready. */
  async start(): Promise<void> {
    void this.#worker
      .run()
      .catch((error: unknown) => this.#logger.error(`Queue worker stopped: ${String(error)}`));
    await this.#worker.waitUntilReady();
    this.#logger.info(`QueueWorker started on queue ${this.#worker.name}`);
  }

  /** Stops taking jobs, waits for the active ones to finish, and closes the connections. */
  async stop(): Promise<void> {
    await this.#worker.close();
    await this.#agent.close();
    await this.#client?.quit().catch(() => this.#client?.disconnect());
    this.#logger.info(`QueueWorker stopped: ${this.#delivered} event(s) delivered`);
  }

  async #process(job: Job<QueueJobData>): Promise<{ delivered: number }> {
    const failures: DeliveryFailure[] = [];
    // A job is tried as a whole: BullMQ retries it, so the emitter itself never does. POST sends it in as
    // few requests as the size limits allow (the default bufferSize of 10 sent a 100-event job in three).
    const get = this.#method === 'get';
    const emitter = new AsyncEmitter({
      endpoint: this.#collector,
      method: this.#method,
      bufferSize: get ? 1 : Math.max(1, job.data.events.length),
      dispatcher: this.#agent,
      maxConcurrentRequests: get ? 10 : 2,
      retry: { maxRetries: 0 },
      flushInterval: 0,
      logger: createLogger({ level: 'off' }),
      onError: (failure) => failures.push(failure),
    });
    const invalid = feed(emitter, job.data.events);
    await emitter.close();
    if (invalid.length > 0) {
      this.#logger.error(
        `Queue job ${job.id}: ${invalid.length} element(s) are not payload records, not sent (first: ${invalid[0]?.slice(0, 80)})`,
      );
    }
    const failure = failures[0];
    if (failure !== undefined) {
      // The emitter wraps the collector's error in its give-up message; the job reports the collector's.
      const { error } = failure;
      const reason = jobFailureReason(error.cause instanceof DeliveryError ? error.cause : error);
      throw permanent(failure) ? new UnrecoverableError(reason) : new Error(reason);
    }
    const delivered = job.data.events.length - invalid.length;
    this.#delivered += delivered;
    return { delivered };
  }
}
