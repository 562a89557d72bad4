/**
 * `startCollector`: the local validating collector on node:http. One server, routes matched by path:
 * `/micro/*` first (as in Micro), then the tracking endpoints. A failing handler answers 500 and leaves a
 * bad record; nothing a client sends can stop the server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowOrigin, answerPreflight } from './cors.js';
import { limitServer } from './http-limits.js';
import { type IngestContext, rejectRequest } from './ingest.js';
import { handleMicro } from './micro-routes.js';
import { type CollectorOptions, resolveOptions } from './options.js';
import { quote, reason } from './reasons.js';
import type { CollectorPayload } from './records.js';
import { openRegistries } from './registries.js';
import { type CollectedEvents, EventStore } from './store.js';
import { collectorPayload, handlePixel, handlePost, refusedPayload, sendText } from './tracking-routes.js';

/** A running collector. */
export interface Collector {
  /** Base URL, e.g. `http://127.0.0.1:41234` (what an emitter's `endpoint` takes). */
  readonly url: string;
  readonly port: number;
  /** How many schemas the registries gave (the built-in screen_view schema not counted). */
  readonly schemaCount: number;
  /** What was received, newest first. */
  readonly events: CollectedEvents;
  /** How many clients went away mid-request (counted, logged at debug, never stored). */
  readonly aborted: number;
  /** Forgets every stored event. */
  reset(): void;
  /** Stops listening and closes every connection. */
  stop(): Promise<void>;
}

const COLLECTOR_NAME = 'plowtype-micro';
const TP_PATH = /^\/([^/]+)\/([^/]+)$/;

/** The request target as a URL, or undefined when it is not one (`//`, `http://[::1`). */
function targetOf(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://collector');
  } catch {
    return undefined;
  }
}

/** What a bad record keeps of a request that reached no route's own checks. */
function unrouted(ctx: IngestContext, req: IncomingMessage): CollectorPayload {
  return collectorPayload(ctx, req, undefined, { vendor: 'unknown', version: req.url ?? '' }, null);
}

async function route(
  ctx: IngestContext,
  maxBodyBytes: number,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = targetOf(req);
  if (url === undefined) {
    req.resume();
    const why = `Request target is not a URL: ${quote(req.url ?? '')}`;
    rejectRequest(ctx, unrouted(ctx, req), [reason('request', '$', why)]);
    return sendText(res, 400, `${why}\n`);
  }
  const path = url.pathname;
  if (path.startsWith('/micro/') || path === '/micro') return handleMicro(ctx, req, res, url);
  const tp = TP_PATH.exec(path);
  const pixel = path === '/i' || path === '/ice.png';
  if (pixel || tp) {
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    allowOrigin(req, res);
  }
  if ((req.method === 'GET' || req.method === 'HEAD') && pixel) {
    return handlePixel(ctx, req, res, url);
  }
  if (req.method === 'GET' && path === '/health') return sendText(res, 200, 'ok');
  if (req.method === 'POST' && tp) {
    return handlePost(
      ctx,
      req,
      res,
      url,
      { vendor: tp[1] as string, version: tp[2] as string },
      maxBodyBytes,
    );
  }
  req.resume();
  sendText(res, 404, `Not found: ${req.method} ${path}\n`);
}

/** Records an internal failure and answers 500, unless an answer was already started. */
function fail(ctx: IngestContext, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  const message = `Internal collector error: ${error instanceof Error ? error.message : String(error)}`;
  rejectRequest(ctx, unrouted(ctx, req), [reason('request', '$', message)]);
  if (!res.headersSent) sendText(res, 500, `${message}\n`, true);
  else res.destroy();
}

/** Calls a user's listener; one that throws must not turn a stored event into a failed request. */
function quietly<T>(listener: (value: T) => void, value: T): void {
  try {
    listener(value);
  } catch {
    // Deliberately ignored: see above.
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts a local collector. Static registries are read once (a broken schema file is an error naming
 * it), HTTP registries are asked per schema on first use; each schema is compiled once and cached. The
 * screen_view 1-0-0 schema of the tracker's `trackScreenView` is built in.
 *
 * Answers: GET `/i` → 200 pixel; POST tp2 → 200 `ok`. Events that break a rule are still accepted (200)
 * and stored as bad, as a real collector accepts them and validation fails later. A request that cannot
 * be read gets a 4xx and one bad record: 400 for bad JSON, a body that is not a payload_data envelope,
 * an event that is not an object or whose `ue_px`/`ue_pr`/`cx`/`co` does not decode (the other events
 * of that batch are still stored), an unsupported vendor/version, or a request target that is not a
 * URL; 413 for a body over `maxBodyBytes`; 415 for a content type other than `application/json`
 * (optionally `; charset=utf-8`).
 */
export async function startCollector(options: CollectorOptions = {}): Promise<Collector> {
  const o = resolveOptions(options);
  const { validator, schemaCount } = await openRegistries(o.registries);
  const store = new EventStore({ maxEvents: o.maxEvents, maxBytes: o.maxStoreBytes }, (n) =>
    quietly(o.onDrop, n),
  );
  let aborted = 0;
  const ctx: IngestContext = {
    store,
    validator,
    collectorName: COLLECTOR_NAME,
    onRecord: (record) => quietly(o.onEvent, record),
    onAbort: (request) => {
      aborted++;
      quietly(o.onDebug, `client went away before its request was read: ${request}`);
    },
  };
  // Timeouts are checked every second (Node's default: every 30 s), so a slow client goes in time.
  const server = createServer(
    { connectionsCheckingInterval: Math.min(1000, o.headersTimeoutMs) },
    (req, res) => {
      route(ctx, o.maxBodyBytes, req, res).catch((error: unknown) => fail(ctx, req, res, error));
    },
  );
  limitServer(server, o, {
    onDebug: (line) => quietly(o.onDebug, line),
    onRefused: (socket, _status, why) =>
      rejectRequest(ctx, refusedPayload(ctx.collectorName, socket), [reason('request', '$', why)]),
  });
  const port = await listen(server, o.port, o.host);
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${host}:${port}`,
    port,
    schemaCount,
    events: store,
    get aborted() {
      return aborted;
    },
    reset: () => store.reset(),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
