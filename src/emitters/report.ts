/**
 * How an emitter tells its user what happened: the seed's callbacks (`onSuccess`, `onFailure`), the typed
 * `onError`, and the logger. A callback that throws is caught and logged, never allowed to break delivery.
 */

import type { Payload } from '../types.js';
import { DropLog } from './drop-log.js';
import { type DeliveryError, deliveryFailure } from './failure.js';
import type { ResolvedOptions } from './options.js';
import type { StoredEvent } from './store.js';

/** What a {@link Reporter} needs of an emitter's options (the Redis and queue emitters have no HTTP ones). */
export type ReportOptions = Pick<
  ResolvedOptions,
  'logger' | 'method' | 'onSuccess' | 'onFailure' | 'onError'
>;

export class Reporter {
  readonly #dropLog: DropLog;

  constructor(private readonly options: ReportOptions) {
    this.#dropLog = new DropLog(options.logger);
  }

  /** A request the collector accepted with `count` events. */
  delivered(count: number): void {
    const { onSuccess } = this.options;
    if (onSuccess) this.#call('onSuccess', () => onSuccess(count));
  }

  /**
   * A failure: the events are retried later (`willRetry`) or given up for good. `records` stands for
   * `events` when the event never became a stored one (it could not be encoded or stored).
   */
  failed(
    events: readonly StoredEvent[],
    error: DeliveryError,
    willRetry: boolean,
    records?: Payload[],
  ): void {
    const { logger, method, onError, onFailure } = this.options;
    const failure = deliveryFailure(error, events, method, willRetry, records);
    const count = records?.length ?? events.length;
    if (error.code === 'SP_ERR_STORE_FULL') this.#dropLog.dropped(count, error.message);
    else {
      const fate = willRetry ? 'will retry' : 'not sent';
      logger.warn(`${error.message} (${count} event(s) ${fate})`, {
        code: error.code,
        status: error.status,
      });
    }
    if (onError) this.#call('onError', () => onError(failure));
    if (!willRetry && onFailure) this.#call('onFailure', () => onFailure(0, [...failure.events]));
  }

  /**
   * `count` events given up whose records are gone (a queue job Redis lost, its text not kept): logged as
   * an error and given to `onError` with no events; `onFailure` has none to give.
   */
  lost(count: number, error: DeliveryError): void {
    const { logger, method, onError } = this.options;
    logger.error(`${error.message} (${count} event(s) lost)`, { code: error.code });
    if (onError) this.#call('onError', () => onError(deliveryFailure(error, [], method, false)));
  }

  /** Writes what the rate-limited drop warnings still hold (at close). */
  close(): void {
    this.#dropLog.flush();
  }

  #call(name: string, callback: () => void): void {
    try {
      callback();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.options.logger.error(`Emitter ${name} callback threw: ${message}`, { error });
    }
  }
}
