/**
 * Learns how big a request the collector accepts from its 413 answers. The emitter starts at
 * `maxBatchBytes`; after a 413 it searches between the largest body accepted and the smallest refused
 * (halving the gap with each answer), then stays just under the limit it found. Halving the batch after a
 * 413 and doubling it after each success instead kept crossing the limit: with a collector limit below the
 * default, half the requests or more were refused.
 */
export class SizeLimit {
  #accepted = 0;
  #refused = Number.POSITIVE_INFINITY;

  constructor(private readonly max: number) {}

  /** The most body bytes to send in the next request. */
  get bytes(): number {
    if (this.#refused === Number.POSITIVE_INFINITY) return this.max;
    // Close enough (within 1/16 of the limit): stay at a size known to pass, probe no more.
    if (this.#refused - this.#accepted <= this.#refused / 16) return this.#accepted;
    return Math.min(this.max, Math.floor((this.#accepted + this.#refused) / 2));
  }

  /** A body of `size` bytes was accepted. */
  accepted(size: number): void {
    if (size > this.#accepted) this.#accepted = size;
    // The collector's limit went up (a new deployment): search again from the top.
    if (size >= this.#refused) this.#refused = Number.POSITIVE_INFINITY;
  }

  /** A body of `size` bytes was refused as too large. */
  refused(size: number): void {
    if (size < this.#refused) this.#refused = size;
    // The limit went down below what passed before: what passed is no longer known to pass.
    if (this.#accepted >= size) this.#accepted = 0;
  }
}
