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

/** Certificate errors of Node's TLS layer (the `ERR_SSL_*` and `ERR_TLS_*` codes are matched by prefix). */
const CERT_CODES = new Set([
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/**
 * A TLS handshake that failed: sending again cannot fix it (a plain-http collector, a bad certificate), so
 * it is not retried 16 times as if the network blinked.
 */
export function isTlsError(code: string): boolean {
  return code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || CERT_CODES.has(code);
}

/** Sends one request of `count` events: a POST body, or a GET path with its query. */
export async function sendRequest(
  dispatcher: Dispatcher,
  options: ResolvedOptions,
  path: string,
  body: Buffer | undefined,
  count = 1,
): Promise<Outcome> {
  const method = body === undefined ? 'GET' : 'POST';
  // Only log lines and error messages need it; the query is left out (it is the event).
  const target = () => `${method} ${options.origin}${path.split('?', 1)[0]}`;
  const { logger } = options;
  logger.debug(`Sending ${count} event(s): ${target()}`, { bytes: body?.length ?? path.length });
  try {
    const { status, retryAfter } = await exchange(dispatcher, {
      origin: options.origin,
      path,
      method,
      body: body ?? null,
      headers: body === undefined ? options.headers : options.postHeaders,
      headersTimeout: options.timeout,
      bodyTimeout: options.timeout,
    });
    if (status >= 200 && status < 300) {
      logger.info(`Collector responded ${status}: ${target()} (${count} event(s) sent)`);
      return { ok: true, status };
    }
    return {
      ok: false,
      error: new DeliveryError('SP_ERR_HTTP_STATUS', `Collector responded ${status}: ${target()}`, status),
      retryable: isRetryableStatus(status, options.retry),
      tooLarge: TOO_LARGE_STATUSES.has(status),
      retryAfter: parseRetryAfter(retryAfter, Date.now(), options.retry.maxRetryAfter),
    };
  } catch (cause) {
    const code = (cause as { code?: unknown }).code;
    const timedOut = typeof code === 'string' && TIMEOUT_CODES.has(code);
    const detail = typeof code === 'string' ? code : (cause as Error).message;
    if (typeof code === 'string' && isTlsError(code)) {
      const hint = options.origin.startsWith('https:')
        ? `; a plain-http collector needs protocol: 'http' (or an http:// endpoint)`
        : '';
      const message = `Collector TLS handshake failed (${detail}): ${target()}${hint}`;
      const error = new DeliveryError('SP_ERR_NETWORK', message, undefined, { cause });
      return { ok: false, error, retryable: false, tooLarge: false, retryAfter: undefined };
    }
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

/**
 * One request through `dispatch()` with a handler, rather than `request()`: no response stream, no body
 * to dump, one Promise per request. The body is read to its end (and discarded) by the handler, so the
 * socket goes back to the pool for keep-alive. Rejects with undici's error (its `code` names timeouts).
 */
function exchange(dispatcher: Dispatcher, request: Dispatcher.DispatchOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(request, new AnswerHandler(resolve, reject));
  });
}

interface Answer {
  status: number;
  retryAfter: string | undefined;
}

/** The undici handler of one request: a class, so a request allocates one object, not five closures. */
class AnswerHandler implements Dispatcher.DispatchHandler {
  #status = 0;
  #retryAfter: string | undefined = undefined;

  constructor(
    readonly resolve: (answer: Answer) => void,
    readonly onError: (error: Error) => void,
  ) {}

  onConnect(): void {}

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    this.#status = statusCode;
    // Only a failed request needs a header (Retry-After, the first one); a 2xx skips the scan.
    if (statusCode >= 300) this.#retryAfter = headerValue(rawHeaders, 'retry-after');
    return true;
  }

  onData(): boolean {
    return true;
  }

  onComplete(): void {
    this.resolve({ status: this.#status, retryAfter: this.#retryAfter });
  }
}

/** The first value of header `name` (lower case) in undici's raw [name, value, ...] list. */
function headerValue(raw: readonly (Buffer | string)[] | null, name: string): string | undefined {
  if (raw == null) return undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (String(raw[i]).toLowerCase() === name) return String(raw[i + 1]);
  }
  return undefined;
}
