import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { settledWithin } from '../deadline.js';
import {
  closeRedis,
  connectRedis,
  type RedisConnection,
  watchOutages,
  whenReady,
} from '../emitters/redis-client.js';
import { feed } from './feed.js';
import { type Acknowledgement, defineWorkerScripts, take, type WorkerScripts } from './redis-scripts.js';
import {
  type RedisWorkerOptions,
  type ResolvedWorkerOptions,
  resolveWorkerOptions,
  workerKeys,
} from './redis-worker-options.js';

/**
 * Takes events from a Redis list (written by {@link RedisEmitter}) and gives them to an emitter, normally
 * an `AsyncEmitter` to the collector, with **at-least-once** delivery.
 *
 * Each batch moves atomically from the shared list into a processing list of this worker (a Lua script
 * of LMOVEs; BLMOVE waits while the list is empty), is given to the emitter, and is deleted only after
 * `emitter.flush()` said every event of it was delivered or given up (the emitter reports those), by the
 * same script call that takes a later batch. While one batch is being delivered the next is already
 * taken and given to the emitter, so each slot holds up to two batches. A worker
 * refreshes a heartbeat key with a TTL; any live worker that finds a registered worker without one moves
 * that worker's processing lists back to the head of the shared list, so the events a crashed worker held
 * are delivered again within 4/3 of `heartbeatTimeout`. Several workers on one key never take the same
 * event; only a dead worker's batches in flight can reach the collector twice (same `eid`).
 *
 * `stop()` stops taking, lets the batches in flight finish (up to `stopTimeout`), hands back anything
 * still held and deregisters.
 */
export class RedisWorker {
  /** This worker's id in the registry: host, pid and a random part. */
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #options: ResolvedWorkerOptions;
  readonly #connection: RedisConnection;
  readonly #client: Redis & WorkerScripts;
  readonly #blocking: Redis[] = [];
  #loops: Promise<void>[] = [];
  #beat: NodeJS.Timeout | undefined;
  #stopping = false;
  #stopped: Promise<void> | undefined;
  #delivered = 0;
  #failing = false;

  constructor(options: RedisWorkerOptions) {
    this.#options = resolveWorkerOptions(options);
    this.#connection = connectRedis('RedisWorker', options.redis, this.#options.logger);
    this.#client = defineWorkerScripts(this.#connection.client);
  }

  /** Events delivered (or given up by the emitter) and acknowledged so far. */
  get delivered(): number {
    return this.#delivered;
  }

  /** Registers the worker, recovers dead workers' events, and starts taking batches. */
  async start(): Promise<void> {
    const o = this.#options;
    await whenReady(this.#client, 10_000);
    await this.#heartbeat();
    await this.#recoverDead();
    this.#beat = setInterval(() => void this.#tick(), Math.max(10, Math.floor(o.heartbeatTimeout / 3)));
    for (let slot = 0; slot < o.concurrency; slot += 1) {
      // A blocking command holds its connection: one per slot, so the others keep working.
      const blocking = this.#client.duplicate({ maxRetriesPerRequest: 1 });
      watchOutages(blocking, o.logger, `${o.key} (blocking)`);
      this.#blocking.push(blocking);
      this.#loops.push(this.#run(slot, blocking));
    }
    o.logger.info(
      `RedisWorker ${this.id} started on ${o.key} (batch ${o.batchSize}, concurrency ${o.concurrency})`,
    );
  }

  /** Stops taking, finishes or hands back what is in flight, deregisters. Idempotent. */
  stop(): Promise<void> {
    this.#stopped ??= this.#shutdown();
    return this.#stopped;
  }

  async #shutdown(): Promise<void> {
    const o = this.#options;
    this.#stopping = true;
    if (this.#loops.length === 0) {
      // Never started (Redis was away at start): nothing taken, nothing registered.
      await closeRedis(this.#connection);
      return;
    }
    // Cuts short the BLMOVE waits; an event a BLMOVE moved anyway is in a processing list, handed back below.
    for (const blocking of this.#blocking) blocking.disconnect();
    await settledWithin(Promise.all(this.#loops), o.stopTimeout);
    clearInterval(this.#beat);
    let handedBack = 0;
    try {
      for (let slot = 0; slot < o.concurrency; slot += 1) {
        handedBack += await this.#client.plowtypeHandBack(workerKeys.processing(o.key, this.id, slot), o.key);
      }
      await this.#client
        .multi()
        .del(workerKeys.alive(o.key, this.id))
        .hdel(workerKeys.registry(o.key), this.id)
        .exec();
    } catch (error) {
      // Redis is away: the events stay in the processing lists, and a live worker recovers them.
      o.logger.warn(`RedisWorker ${this.id} could not hand back its events: ${(error as Error).message}`);
    }
    const back = handedBack > 0 ? `, ${handedBack} event(s) handed back to ${o.key}` : '';
    o.logger.info(`RedisWorker ${this.id} stopped: ${this.#delivered} event(s) delivered${back}`);
    await closeRedis(this.#connection);
  }

  /**
   * One slot's loop, up to {@link DEPTH} batches deep: while the emitter delivers the batches before it,
   * the next one is taken and given to it, so Redis round trips and parsing overlap the HTTP requests
   * instead of adding to them. Batches are acknowledged in order, each (by the take after it) only once its
   * own `flush()` resolved.
   */
  async #run(slot: number, blocking: Redis): Promise<void> {
    const o = this.#options;
    const processing = workerKeys.processing(o.key, this.id, slot);
    let failures = 0;
    // The batch delivered last, acknowledged by the next take (or before stopping).
    let done: Acknowledgement = NOTHING;
    // The batches the emitter is delivering, in the processing list's order after `done`.
    const flight: InFlight[] = [];
    while (!this.#stopping) {
      try {
        const held = flight.reduce((sum, { batch }) => sum + batch.length, 0);
        const batch = await take(this.#client, o.key, processing, o.batchSize, held, done);
        done = NOTHING;
        if (batch.length === 0 && flight.length === 0) {
          await whenReady(blocking, 1_000);
          await blocking.blmove(o.key, processing, 'LEFT', 'RIGHT', o.blockTimeout / 1000);
          continue;
        }
        if (batch.length > 0) {
          const given = this.#deliver(batch);
          // Nothing unhandled while it waits behind the batches before it: #settle awaits it.
          given.catch(() => undefined);
          flight.push({ batch, given });
        }
        if (batch.length === 0 || flight.length >= DEPTH) {
          done = await this.#settle(flight[0] as InFlight).catch((error: unknown) => {
            // Nothing acknowledged: the next take (holding nothing) returns and gives them all again.
            flight.length = 0;
            throw error;
          });
          flight.shift();
        }
        failures = 0;
        this.#recovered();
      } catch (error) {
        if (this.#stopping) break;
        failures += 1;
        if (!this.#failing)
          o.logger.warn(`RedisWorker cannot read ${o.key}, retrying: ${(error as Error).message}`);
        this.#failing = true;
        await sleep(Math.min(100 * 2 ** failures, 2_000));
      }
    }
    // In order: each acknowledgement removes the head of the processing list.
    if (done !== NOTHING) await this.#acknowledge(processing, done);
    for (const batch of flight) {
      const settled = await this.#settle(batch).catch(() => NOTHING);
      // Not settled: it and the rest stay in the processing list, handed back by stop().
      if (settled === NOTHING) break;
      await this.#acknowledge(processing, settled);
    }
  }

  /** Waits for a batch given to the emitter, counts it, and returns its acknowledgement. */
  async #settle({ batch, given }: InFlight): Promise<Acknowledgement> {
    this.#delivered += await given;
    this.#options.logger.debug(
      `RedisWorker delivered a batch of ${batch.length} event(s) from ${this.#options.key}`,
    );
    return [batch.length, batch[0] as string, batch.at(-1) as string];
  }

  /** Acknowledges a delivered batch before stopping (a take of nothing), retrying a few times. */
  async #acknowledge(processing: string, done: Acknowledgement): Promise<void> {
    for (let failures = 1; failures <= 3; failures += 1) {
      try {
        await take(this.#client, this.#options.key, processing, 0, 0, done);
        return;
      } catch {
        await sleep(100 * 2 ** failures);
      }
    }
    // Still in the processing list: handed back (or recovered) and delivered again, never lost.
  }

  /** Gives `batch` to the emitter, sets aside what is not an event, and waits; returns the events given. */
  async #deliver(batch: string[]): Promise<number> {
    const o = this.#options;
    const invalid = feed(o.emitter, batch);
    if (invalid.length > 0) {
      await this.#client.rpush(workerKeys.invalid(o.key), ...invalid);
      const first = invalid[0]?.slice(0, 80);
      o.logger.error(
        `RedisWorker moved ${invalid.length} element(s) that are not payload records to ${workerKeys.invalid(o.key)} (first: ${first})`,
      );
    }
    await o.emitter.flush();
    return batch.length - invalid.length;
  }

  #recovered(): void {
    if (!this.#failing) return;
    this.#failing = false;
    this.#options.logger.info(`RedisWorker reads ${this.#options.key} again`);
  }

  async #tick(): Promise<void> {
    try {
      await this.#heartbeat();
      await this.#recoverDead();
    } catch {
      // Redis is away; the loops log it. The next tick tries again.
    }
  }

  async #heartbeat(): Promise<void> {
    const o = this.#options;
    await this.#client
      .multi()
      .set(workerKeys.alive(o.key, this.id), String(Date.now()), 'PX', o.heartbeatTimeout)
      .hset(workerKeys.registry(o.key), this.id, String(o.concurrency))
      .exec();
  }

  /** Moves the events of registered workers without a heartbeat back to the shared list. */
  async #recoverDead(): Promise<void> {
    const o = this.#options;
    const workers = await this.#client.hgetall(workerKeys.registry(o.key));
    for (const [id, slots] of Object.entries(workers)) {
      if (id === this.id) continue;
      const lists = Array.from({ length: Number(slots) || 1 }, (_, slot) =>
        workerKeys.processing(o.key, id, slot),
      );
      const keys = [workerKeys.registry(o.key), workerKeys.alive(o.key, id), o.key, ...lists];
      const moved = await this.#client.plowtypeRecover(keys.length, ...keys, id);
      if (moved > 0)
        o.logger.warn(`RedisWorker ${this.id} recovered ${moved} event(s) from dead worker ${id}`);
      else if (moved === 0)
        o.logger.info(`RedisWorker ${this.id} deregistered dead worker ${id} (it held no events)`);
    }
  }
}

/** Batches one slot has given to the emitter at once: one being delivered while it takes and gives the next. */
const DEPTH = 2;

const NOTHING: Acknowledgement = [0, '', ''];

/** A batch given to the emitter, and the number of its events once the emitter settled them. */
interface InFlight {
  readonly batch: string[];
  readonly given: Promise<number>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
