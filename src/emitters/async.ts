import { Emitter } from './http.js';
import { checkInteger, type EmitterOptions } from './options.js';

/** Options of {@link AsyncEmitter}. */
export interface AsyncEmitterOptions extends EmitterOptions {
  /** The most requests in flight at once (and keep-alive connections to the collector). @default 10 */
  maxConcurrentRequests?: number;
}

/**
 * Like {@link Emitter}, but with **a pool of concurrent requests**: up to `maxConcurrentRequests` batches
 * are in flight at once over as many keep-alive connections, so throughput does not wait on the
 * collector's round trip. Batches may arrive out of order (each event keeps its `eid` and `dtm`, so order
 * can be rebuilt); everything else (bounded store, retries with one shared backoff, `flush()`, `close()`,
 * callbacks) behaves as in `Emitter`. The right choice for a busy server.
 */
export class AsyncEmitter extends Emitter {
  // Narrows the options type for users.
  constructor(options: AsyncEmitterOptions) {
    super(options);
  }

  protected override concurrency(options: AsyncEmitterOptions): number {
    checkInteger('AsyncEmitter', 'maxConcurrentRequests', options.maxConcurrentRequests, 1);
    return options.maxConcurrentRequests ?? 10;
  }

  protected override optionKeys(): readonly string[] {
    return ['maxConcurrentRequests'];
  }
}
