import type { EmitterLike, Payload } from '../types.js';

/**
 * Keeps every payload it is given, in order, for tests (yours and ours). `flush()` and `close()` have
 * nothing to send and resolve at once.
 */
export class InMemoryEmitter implements EmitterLike {
  /** The payloads received so far, oldest first. */
  readonly payloads: Payload[] = [];

  input(payload: Payload): void {
    this.payloads.push(payload);
  }

  /** Forgets the payloads received so far. */
  clear(): void {
    this.payloads.length = 0;
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
