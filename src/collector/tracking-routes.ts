/**
 * The tracking endpoints: GET `/i` (one event in the query string, answered with a pixel) and POST
 * `/com.snowplowanalytics.snowplow/tp2` (a payload_data batch). Every request leaves a record: good or
 * bad events, or one bad record for a request that could not be read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { hostname } from 'node:os';
import { decodeUtf8, parseJson } from './decode.js';
import { type IngestContext, ingestEvents, rejectRequest } from './ingest.js';
import { quote, type Reason, reason } from './reasons.js';
import type { Api, CollectorPayload } from './records.js';
import { isJsonContentType, readBody, requestContext } from './request.js';

/** 1x1 transparent GIF, the answer to a GET. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const PAYLOAD_DATA = /^iglu:com\.snowplowanalytics\.snowplow\/payload_data\/jsonschema\/1-0-\d+$/;
const host = hostname();

/** Sends a short text answer. */
export function sendText(res: ServerResponse, status: number, text: string, close = false): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
}

/** The request as a bad record keeps it; `url` is undefined when the request target is not a URL. */
export function collectorPayload(
  ctx: IngestContext,
  req: IncomingMessage,
  url: URL | undefined,
  api: Api,
  body: string | null,
): CollectorPayload {
  return {
    api,
    querystring: url ? [...url.searchParams].map(([k, v]) => `${k}=${v}`) : [],
    contentType: req.headers['content-type'] ?? null,
    body,
    source: { name: ctx.collectorName, encoding: 'UTF-8', hostname: req.headers.host ?? host },
    context: requestContext(req, Date.now()),
  };
}

/** The request as a bad record keeps it when Node refused it unparsed: only its socket is known. */
export function refusedPayload(collectorName: string, socket: Socket): CollectorPayload {
  return {
    api: { vendor: 'unknown', version: '' },
    querystring: [],
    contentType: null,
    body: null,
    source: { name: collectorName, encoding: 'UTF-8', hostname: host },
    context: {
      timestamp: new Date().toISOString(),
      ipAddress: socket.remoteAddress ?? null,
      useragent: null,
      refererUri: null,
      headers: [],
      userId: null,
    },
  };
}

function reject(
  ctx: IngestContext,
  res: ServerResponse,
  payload: CollectorPayload,
  status: number,
  why: Reason,
): void {
  rejectRequest(ctx, payload, [why]);
  sendText(res, status, `${why.message}\n`, status === 413);
}

/**
 * What is wrong with a GET's query string before its values are read: a name given twice (only its last
 * value would be kept), and percent-encoded bytes that are not UTF-8 (URLSearchParams would quietly
 * turn them into U+FFFD, while the same bytes in a POST body are refused).
 */
function queryReasons(url: URL): Reason[] {
  const reasons: Reason[] = [];
  const names = [...url.searchParams.keys()];
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
    reasons.push(reason(name, '$', 'Parameter given more than once'));
  }
  for (const pair of url.search.slice(1).split('&')) {
    const [rawName = '', rawValue = ''] = pair.split(/=(.*)/s);
    const name = percentDecoded(rawName);
    if (name === undefined) reasons.push(reason(quote(rawName), '$', 'Parameter name is not valid UTF-8'));
    else if (percentDecoded(rawValue) === undefined)
      reasons.push(reason(name, '$', 'Value is not valid UTF-8'));
  }
  return reasons;
}

/**
 * A query-string component decoded as URLSearchParams does, or undefined when its bytes are not UTF-8.
 * The URL parser already percent-encoded anything outside ASCII, and `%` not followed by two hex
 * digits stays as it is.
 */
function percentDecoded(component: string): string | undefined {
  const bytes = Buffer.from(
    component
      .replace(/\+/g, ' ')
      .replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
    'latin1',
  );
  const text = decodeUtf8(bytes);
  return text.ok ? text.value : undefined;
}

/** GET or HEAD `/i`: the query string is the event. */
export async function handlePixel(
  ctx: IngestContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const payload = collectorPayload(
    ctx,
    req,
    url,
    { vendor: 'com.snowplowanalytics.snowplow', version: 'tp1' },
    null,
  );
  const ok = await ingestEvents(ctx, payload, [Object.fromEntries(url.searchParams)], {}, queryReasons(url));
  if (!ok) {
    sendText(res, 400, 'Malformed event\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-cache, no-store, must-revalidate' });
  res.end(req.method === 'HEAD' ? undefined : PIXEL);
}

/** Checks the payload_data envelope and returns its events, or the reason it is not one. */
function openEnvelope(body: unknown): { events: unknown[] } | { why: Reason } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      why: reason('body', '$', 'Not a payload_data envelope: expected an object with schema and data'),
    };
  }
  const { schema, data } = body as { schema?: unknown; data?: unknown };
  if (typeof schema !== 'string' || !PAYLOAD_DATA.test(schema)) {
    return {
      why: reason('body', '$.schema', `Not a payload_data 1-0-* schema: ${JSON.stringify(schema ?? null)}`),
    };
  }
  if (!Array.isArray(data) || data.length === 0) {
    return { why: reason('body', '$.data', 'Not a non-empty array of events') };
  }
  return { events: data };
}

/** POST `/{vendor}/{version}`: only `com.snowplowanalytics.snowplow/tp2` is supported. */
export async function handlePost(
  ctx: IngestContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  api: Api,
  maxBodyBytes: number,
): Promise<void> {
  const early = collectorPayload(ctx, req, url, api, null);
  if (api.vendor !== 'com.snowplowanalytics.snowplow' || api.version !== 'tp2') {
    req.resume();
    return reject(
      ctx,
      res,
      early,
      400,
      reason('request', '$', `Vendor/version combination is not supported: ${api.vendor}/${api.version}`),
    );
  }
  if (!isJsonContentType(early.contentType)) {
    req.resume();
    const why = `Content type is not application/json (optionally with charset=utf-8): ${JSON.stringify(early.contentType)}`;
    return reject(ctx, res, early, 415, reason('request', '$', why));
  }
  const read = await readBody(req, maxBodyBytes);
  if (!read.ok && !read.tooLarge) return ctx.onAbort(`${req.method} ${req.url}`);
  if (!read.ok) {
    const size = read.declared === undefined ? '' : `: ${read.declared}`;
    return reject(
      ctx,
      res,
      early,
      413,
      reason('body', '$', `Body is larger than ${maxBodyBytes} bytes${size}`),
    );
  }
  const text = decodeUtf8(read.body);
  if (!text.ok) return reject(ctx, res, early, 400, reason('body', '$', `Body is ${text.message}`));
  const payload = { ...early, body: text.value };
  const json = parseJson(text.value);
  if (!json.ok) return reject(ctx, res, payload, 400, reason('body', '$', json.message));
  const opened = openEnvelope(json.value);
  if ('why' in opened) return reject(ctx, res, payload, 400, opened.why);
  const ok = await ingestEvents(ctx, payload, opened.events, Object.fromEntries(url.searchParams));
  sendText(res, ok ? 200 : 400, ok ? 'ok' : 'Malformed event\n');
}
