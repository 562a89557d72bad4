/**
 * `plowtype/redis`: the emitters that hand events to Redis and the workers that deliver them to a
 * collector. A separate entry point, so that importing `plowtype` never loads a Redis client.
 */
export type { RedisEmitterOptions } from './emitters/redis.js';
export { RedisEmitter } from './emitters/redis.js';
export { DEFAULT_REDIS_URL } from './emitters/redis-client.js';
export type { RedisOption, StoreWriterOptions } from './emitters/store-writer-options.js';
export { RedisWorker } from './workers/redis-worker.js';
export type { FlushableEmitter, RedisWorkerOptions } from './workers/redis-worker-options.js';
