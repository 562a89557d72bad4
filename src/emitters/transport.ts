/** One HTTP request to the collector, turned into an outcome the emitter can act on. Never throws. */
import type { Dispatcher } from 'undici';
import { DeliveryError } from './failure.js';
import type { ResolvedOptions } from './options.js';
import { isRetryableStatus, parseRetryAfter, TOO_LARGE_STATUSES } from './retry.js';

/** What happened to one request. */
export type Outcome =
  | { readonly ok: true; readonly status: number }
  | {
      readonly ok: false;
      readonly error: DeliveryError;
      /** Sending the same events again later may succeed. */
      readonly retryable: boolean;
      /** The collector found the request too large (413, 414, 431): split it, or give up on one event. */
      readonly tooLarge: boolean;
      /** The wait the collector asked for with `Retry-After`, in ms. */
      readonly retryAfter: number | undefined;
    };

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** Sends one request: a POST body, or a GET path with its query. */
export async function sendRequest(
  dispatcher: Dispatcher,
  options: ResolvedOptions,
  path: string,
  body: Buffer | undefined,
): Promise<Outcome> {
  const method = body === undefined ? 'GET' : 'POST';
  // Only error messages need it; the query is left out (it is the event).
  const target = () => `${method} ${options.origin}${path.split('?', 1)[0]}`;
  try {
    const response = await dispatcher.request({
      origin: options.origin,
      path,
      method,
      body: body ?? null,
      headers: body === undefined ? options.headers : options.postHeaders,
      headersTimeout: options.timeout,
      bodyTimeout: options.timeout,
    });
    // Reading the body to its end hands the socket back to the pool for keep-alive.
    await response.body.dump();
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { ok: true, status };
    return {
      ok: false,
      error: new DeliveryError('SP_ERR_HTTP_STATUS', `Collector responded ${status}: ${target()}`, status),
      retryable: isRetryableStatus(status, options.retry),
      tooLarge: TOO_LARGE_STATUSES.has(status),
      retryAfter: parseRetryAfter(response.headers['retry-after'], Date.now(), options.retry.maxRetryAfter),
    };
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    const timedOut = typeof code === 'string' && TIMEOUT_CODES.has(code);
    const detail = typeof code === 'string' ? code : (cause as Error).message;
    const error = timedOut
      ? new DeliveryError(
          'SP_ERR_TIMEOUT',
          `Collector request timed out after ${options.timeout}ms: ${target()}`,
          undefined,
          { cause },
        )
      : new DeliveryError('SP_ERR_NETWORK', `Collector request failed (${detail}): ${target()}`, undefined, {
          cause,
        });
    return { ok: false, error, retryable: true, tooLarge: false, retryAfter: undefined };
  }
}
