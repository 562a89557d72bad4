/** What an emitter reports when a request fails or events are given up. */
import { TrackerError } from '../errors.js';
import type { Payload } from '../types.js';
import { decodeEvents, type HttpMethod } from './request.js';
import type { StoredEvent } from './store.js';

/** The codes a delivery failure can carry (see `ErrorCode` for their meaning). */
export type DeliveryErrorCode =
  | 'SP_ERR_HTTP_STATUS'
  | 'SP_ERR_NETWORK'
  | 'SP_ERR_TIMEOUT'
  | 'SP_ERR_STORE_FULL'
  | 'SP_ERR_TOO_LARGE'
  | 'SP_ERR_STORE'
  | 'SP_ERR_REDIS'
  | 'SP_ERR_CONTRACT';

/**
 * A request that failed, or events an emitter could not keep. The message reads `<what failed>: <context>`,
 * e.g. `Collector responded 503: POST https://c.example.com/com.snowplowanalytics.snowplow/tp2`.
 */
export class DeliveryError extends TrackerError {
  override name = 'DeliveryError' as const;
  declare readonly code: DeliveryErrorCode;
  constructor(
    code: DeliveryErrorCode,
    message: string,
    /** The collector's HTTP status, when it answered. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** What `onError` receives: one failure, the events it concerns, and whether they will be sent again. */
export interface DeliveryFailure {
  readonly code: DeliveryErrorCode;
  /** The events concerned, as payload records (decoded when first read). */
  readonly events: readonly Payload[];
  readonly status?: number;
  /** True when the events stay in the store and will be retried; false when they are given up. */
  readonly willRetry: boolean;
  readonly error: DeliveryError;
}

/**
 * Builds the failure record; `events` is decoded lazily because most retries are never inspected. An
 * event that never became a stored one (it could not be encoded) is given as its record, `decoded`.
 */
export function deliveryFailure(
  error: DeliveryError,
  stored: readonly StoredEvent[],
  method: HttpMethod,
  willRetry: boolean,
  decoded?: Payload[],
): DeliveryFailure {
  const { code, status } = error;
  const base = status === undefined ? { code, willRetry, error } : { code, status, willRetry, error };
  let events: Payload[] | undefined = decoded;
  const get = (): Payload[] => {
    events ??= decodeEvents(
      stored.map((event) => event.data),
      method,
    );
    return events;
  };
  return Object.defineProperty(base, 'events', { get, enumerable: true }) as DeliveryFailure;
}
