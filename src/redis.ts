/**
 * `plowtype/redis`: the emitters that hand events to Redis and the workers that deliver them to a
 * collector. A separate entry point, so that importing `plowtype` never loads a Redis client.
 */

export type { QueueEmitterOptions } from './emitters/queue.js';
export { QueueEmitter } from './emitters/queue.js';
export type { QueueJobData } from './emitters/queue-job.js';
export type { RedisEmitterOptions } from './emitters/redis.js';
export { RedisEmitter } from './emitters/redis.js';
export { DEFAULT_REDIS_URL } from './emitters/redis-client.js';
export type { RedisOption, StoreWriterOptions } from './emitters/store-writer-options.js';
export type { QueueWorkerOptions } from './workers/queue-worker.js';
export { QueueWorker } from './workers/queue-worker.js';
export { RedisWorker } from './workers/redis-worker.js';
export type { FlushableEmitter, RedisWorkerOptions } from './workers/redis-worker-options.js';
