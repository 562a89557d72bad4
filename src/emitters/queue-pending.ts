/**
 * The jobs a QueueEmitter queued and has not heard the outcome of, with their events' text: the count
 * for `onSuccess` when a worker delivered one, and the events to queue again when Redis lost one.
 */

interface PendingJob {
  readonly events: readonly string[];
  /** Redis confirmed the job was added (a failed add is retried under a new id, never looked for). */
  added: boolean;
}

export class PendingJobs {
  readonly #jobs = new Map<string, PendingJob>();

  /** A job about to be added. */
  adding(id: string, events: readonly string[]): void {
    this.#jobs.set(id, { events, added: false });
  }

  /** The jobs Redis confirmed. */
  added(ids: readonly string[]): void {
    for (const id of ids) {
      const job = this.#jobs.get(id);
      if (job !== undefined) job.added = true;
    }
  }

  /** Forgets a job (its outcome arrived, or its add failed); returns its events, or undefined if unknown. */
  take(id: string): readonly string[] | undefined {
    const job = this.#jobs.get(id);
    this.#jobs.delete(id);
    return job?.events;
  }

  /** The jobs Redis confirmed and that have no outcome yet: what a Redis restarted without its data lost. */
  confirmed(): string[] {
    return [...this.#jobs].flatMap(([id, job]) => (job.added ? [id] : []));
  }
}
