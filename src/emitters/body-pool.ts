/**
 * Reuses POST body buffers. A fresh 100 KB+ Buffer per request is external memory, and V8 answers growing
 * external memory with full garbage collections: on the hot path that cost more than building the body.
 * A buffer goes back to the pool only after a 2xx answer, when the collector has read the whole body and
 * the socket no longer holds it.
 */
export class BodyPool {
  #free: Buffer[] = [];

  /** Buffers of `size` bytes (the largest body allowed), at most `keep` kept idle. */
  constructor(
    readonly size: number,
    readonly keep: number,
  ) {}

  /** A buffer of at least `needed` bytes: a pooled one when it fits. */
  acquire(needed: number): Buffer {
    if (needed > this.size) return Buffer.allocUnsafeSlow(needed);
    return this.#free.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  /** Gives a buffer back for reuse; buffers of another size are left to the garbage collector. */
  release(buffer: Buffer): void {
    if (buffer.length === this.size && this.#free.length < this.keep) this.#free.push(buffer);
  }
}
