/**
 * Whether an event can enter an emitter: encodable, and small enough for one request. Each refusal is a
 * DeliveryError the emitter reports to `onFailure` and `onError`, so `input()` never throws for an event.
 */
import type { Payload } from '../types.js';
import { DeliveryError, type DeliveryErrorCode } from './failure.js';
import type { ResolvedOptions } from './options.js';
import { encodeEvent, POST_ENVELOPE_BYTES } from './request.js';

/** A DeliveryError `<what>: <the cause's message>`, keeping the cause. */
export function failedWith(code: DeliveryErrorCode, what: string, cause: unknown): DeliveryError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new DeliveryError(code, `${what}: ${why}`, undefined, { cause });
}

/** The event encoded for the wire, or why it cannot be (a BigInt or a symbol from custom code, say). */
export function encodeOrFail(
  payload: Payload,
  method: ResolvedOptions['method'],
): { data: string; bytes: number } | DeliveryError {
  try {
    return encodeEvent(payload, method);
  } catch (error) {
    return failedWith('SP_ERR_CONTRACT', 'Event could not be encoded', error);
  }
}

/** Why an event of `bytes` can never be sent in one request, or undefined when it can. */
export function tooLargeToSend(options: ResolvedOptions, bytes: number): DeliveryError | undefined {
  const { method, maxBatchBytes } = options;
  // A POST event alone in a body needs no comma (hence the -1); a GET event's bytes are its URL's.
  const size = method === 'post' ? bytes - 1 + POST_ENVELOPE_BYTES : bytes;
  if (size <= maxBatchBytes) return undefined;
  const what = method === 'post' ? 'with its envelope' : 'in its GET URL';
  const message = `Event too large to send: ${size} bytes ${what}, maxBatchBytes is ${maxBatchBytes}`;
  return new DeliveryError('SP_ERR_TOO_LARGE', message);
}

/** A collector's "too large" answer to a request of `count` events, as the failure reported. */
export function refusedAsTooLarge(error: DeliveryError, count: number): DeliveryError {
  const message = `Collector refused the request as too large with ${count} event(s): ${error.message}`;
  return new DeliveryError('SP_ERR_TOO_LARGE', message, error.status, { cause: error });
}
