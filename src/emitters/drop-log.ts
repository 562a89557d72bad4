import type { Logger } from '../logger.js';

/**
 * Warns about store-full drops at most once per interval, with the number dropped since the last warning:
 * during an outage a full store drops an event per tracked event, and a warning line for each would bury
 * the log (every dropped event still reaches `onFailure` and `onError`).
 */
export class DropLog {
  #unlogged = 0;
  #last = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined = undefined;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  /** Records `count` dropped events; warns now, or when the interval since the last warning ends. */
  dropped(count: number, message: string): void {
    this.#unlogged += count;
    const now = Date.now();
    if (now - this.#last < this.intervalMs) {
      // Held back drops are written when the interval ends, not left to a later drop or to a close() that
      // may never come (the only trace of them when the user set no callback). unref: never keeps a process.
      this.#timer ??= setTimeout(
        () => {
          this.#timer = undefined;
          this.#last = Date.now();
          this.flush();
        },
        this.#last + this.intervalMs - now,
      ).unref();
      return;
    }
    this.#last = now;
    this.#write(message);
  }

  /** Writes what is still unlogged (at close). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#unlogged > 0) this.#write('Event store full');
  }

  #write(message: string): void {
    this.logger.warn(`${message}; ${this.#unlogged} event(s) dropped since the last warning`, {
      code: 'SP_ERR_STORE_FULL',
    });
    this.#unlogged = 0;
  }
}
