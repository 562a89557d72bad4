/**
 * CORS for the tracking endpoints, answered as Snowplow's own collector does: the request's `Origin`
 * is echoed (`*` when there is none) with credentials allowed, since browser trackers send cookies
 * (`credentials: 'include'`), and a preflight is answered with the methods and headers trackers use.
 * The `/micro` API gets none of this: a page of another origin must not read or reset the store.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers browser trackers set on a request (the v4 tracker adds `SP-Anonymous` in anonymous mode). */
const ALLOWED_HEADERS = 'Content-Type, SP-Anonymous';
const ALLOWED_METHODS = 'POST, GET, OPTIONS';
/** How long a browser may reuse a preflight answer, in seconds (the Snowplow collector's default). */
const MAX_AGE = '3600';

/** Sets the CORS headers every tracking answer carries. */
export function allowOrigin(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  res.setHeader('access-control-allow-origin', origin === undefined ? '*' : origin);
  res.setHeader('access-control-allow-credentials', 'true');
  // The answer depends on Origin: a shared cache must not hand one origin's answer to another.
  res.setHeader('vary', 'Origin');
}

/** Answers a preflight `OPTIONS` on a tracking endpoint. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  allowOrigin(req, res);
  res.writeHead(200, {
    'access-control-allow-methods': ALLOWED_METHODS,
    'access-control-allow-headers': ALLOWED_HEADERS,
    'access-control-max-age': MAX_AGE,
    'content-length': '0',
  });
  res.end();
}
