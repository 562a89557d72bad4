/**
 * The Redis connection of the Redis emitter, the queue emitter and the workers: a client the user passes
 * (theirs to close) or one made from a URL (ours), with its outages logged once each rather than once per
 * reconnection attempt, and Redis failures turned into delivery errors with a code.
 */
import { ConfigError } from '../errors.js';
import type { Logger } from '../logger.js';
import { Redis } from '../peers/ioredis.js';
import { DeliveryError } from './failure.js';

/** Where the emitters and workers find Redis when given nothing. */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** A client, and whether closing it is ours to do. */
export interface RedisConnection {
  readonly client: Redis;
  readonly owned: boolean;
}

/**
 * The client for `redis` (an ioredis client, a `redis://` URL, or undefined for {@link DEFAULT_REDIS_URL}).
 * A client made here has no offline queue: a command while disconnected fails at once and comes back to
 * the emitter or worker, which keeps its events and retries with backoff (ioredis would otherwise hold
 * them out of sight; and a command it holds while reconnecting never settles if the client is then
 * disconnected, which would hang a close). Callers wait for {@link whenReady} before a command.
 */
export function connectRedis(
  owner: string,
  redis: Redis | string | undefined,
  logger: Logger,
): RedisConnection {
  if (redis instanceof Redis) return { client: redis, owned: false };
  const url = redis ?? DEFAULT_REDIS_URL;
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) {
    const got = typeof url === 'string' ? JSON.stringify(url) : typeof url;
    throw new ConfigError(
      `Invalid ${owner} option redis: expected an ioredis client or a redis:// URL, got ${got}`,
    );
  }
  const client = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  });
  watchOutages(client, logger, url);
  return { client, owned: true };
}

/** What `INFO` tells of a Redis server: its `run_id`, new at each start, and whether it keeps an append-only file. */
export interface ServerIdentity {
  readonly runId: string;
  readonly aof: boolean;
}

/** The server's identity, or undefined when INFO cannot be read (no connection, INFO not allowed). */
export async function serverIdentity(client: Redis): Promise<ServerIdentity | undefined> {
  const info = await Promise.all([client.info('server'), client.info('persistence')]).catch(() => undefined);
  const runId = info && /^run_id:(\w+)/m.exec(info[0])?.[1];
  return runId ? { runId, aof: /^aof_enabled:1/m.test(info[1]) } : undefined;
}

/**
 * Logs the first error of an outage and its end (ioredis repeats the error at every reconnection
 * attempt), and a restart of the server without an append-only file: what it held is gone, and the
 * events written to it and not yet taken by a worker with it.
 */
export function watchOutages(client: Redis, logger: Logger, name: string): void {
  let down = false;
  let connected = client.status === 'ready';
  let runId: string | undefined;
  const identify = async () => {
    const server = await serverIdentity(client);
    if (server === undefined) return;
    if (runId !== undefined && server.runId !== runId && !server.aof) {
      logger.warn(
        `Redis restarted without an append-only file: ${name}: what it held is gone, events written to it and not yet delivered by a worker included (persist Redis with AOF to keep them)`,
        { code: 'SP_ERR_REDIS' },
      );
    }
    runId = server.runId;
  };
  if (connected) void identify();
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    const what = connected ? 'Redis connection lost' : 'Redis unreachable';
    logger.warn(`${what}: ${name}: ${error.message}`, { code: 'SP_ERR_NETWORK' });
  });
  client.on('ready', () => {
    const was = down;
    down = false;
    if (was) logger.info(`Redis connection ${connected ? 'restored' : 'established'}: ${name}`);
    connected = true;
    void identify();
  });
}

/**
 * Resolves once `client` is connected; rejects after `timeout` ms, when it was closed, or when `signal`
 * aborts (ioredis never ends a client disconnected between two reconnection attempts).
 */
export function whenReady(client: Redis, timeout: number, signal?: AbortSignal): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  if (client.status === 'end' || signal?.aborted) return Promise.reject(new Error('Redis connection closed'));
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => done();
    const onAbort = () => done(new Error('Redis connection closed'));
    const timer = setTimeout(
      () => done(new Error(`Redis not connected after ${timeout}ms (${client.status})`)),
      timeout,
    );
    client.once('ready', onReady);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A failed Redis command as a delivery error: an error reply is `SP_ERR_REDIS`, anything else the network. */
export function redisFailure(what: string, error: unknown): DeliveryError {
  const message = error instanceof Error ? error.message : String(error);
  const reply = error instanceof Error && error.name === 'ReplyError';
  return new DeliveryError(reply ? 'SP_ERR_REDIS' : 'SP_ERR_NETWORK', `${what}: ${message}`, undefined, {
    cause: error,
  });
}

/** Closes a client: politely when it answers, at once when it does not (a dead server must not hang a close). */
export async function closeRedis(connection: RedisConnection): Promise<void> {
  if (!connection.owned) return;
  const { client } = connection;
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // fall through: the connection went away while quitting
    }
  }
  client.disconnect();
}
