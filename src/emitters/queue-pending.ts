/**
 * The jobs a QueueEmitter queued and has not heard the outcome of: the count for `onSuccess` when a
 * worker delivered one, and, up to a byte limit, the events' text to queue again when Redis lost one.
 */

export interface PendingJob {
  readonly count: number;
  /** The events' text, or undefined when keeping it would have passed the byte limit. */
  readonly events: readonly string[] | undefined;
  readonly bytes: number;
  /** Redis confirmed the job was added (a failed add is retried under a new id, never looked for). */
  added: boolean;
}

export class PendingJobs {
  readonly #jobs = new Map<string, PendingJob>();
  #bytes = 0;

  /** `maxBytes`: the most text kept at once (the app's memory while workers are away). */
  constructor(readonly maxBytes: number) {}

  /** A job about to be added; false when its text is not kept (the limit is reached). */
  adding(id: string, events: readonly string[]): boolean {
    let bytes = 0;
    for (const text of events) bytes += text.length;
    const keep = this.#bytes + bytes <= this.maxBytes;
    if (keep) this.#bytes += bytes;
    this.#jobs.set(id, {
      count: events.length,
      events: keep ? events : undefined,
      bytes: keep ? bytes : 0,
      added: false,
    });
    return keep;
  }

  /** The jobs Redis confirmed. */
  added(ids: readonly string[]): void {
    for (const id of ids) {
      const job = this.#jobs.get(id);
      if (job !== undefined) job.added = true;
    }
  }

  /** Forgets a job (its outcome arrived, or its add failed); returns it, or undefined if unknown. */
  take(id: string): PendingJob | undefined {
    const job = this.#jobs.get(id);
    if (job === undefined) return undefined;
    this.#jobs.delete(id);
    this.#bytes -= job.bytes;
    return job;
  }

  /** The jobs Redis confirmed and that have no outcome yet: what a Redis restarted without its data lost. */
  confirmed(): string[] {
    return [...this.#jobs].flatMap(([id, job]) => (job.added ? [id] : []));
  }
}
