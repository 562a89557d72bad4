/**
 * Routing, by path: `/micro/*` first (as in Micro, behind its guard), then the tracking endpoints with
 * their CORS answers. A failing handler answers 500 and leaves a bad record.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowOrigin, answerPreflight } from './cors.js';
import { type IngestContext, rejectRequest } from './ingest.js';
import type { GuardVerdict } from './micro-guard.js';
import { handleMicro } from './micro-routes.js';
import { quote, reason } from './reasons.js';
import type { CollectorPayload } from './records.js';
import { collectorPayload, handlePixel, handlePost, sendText } from './tracking-routes.js';
import { handleUi, isUiAsset, type UiContext } from './ui-routes.js';

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

/** What routing needs besides the request. */
export interface RouteContext {
  ctx: IngestContext;
  maxBodyBytes: number;
  /** Whether the request may use the `/micro` API (known once the port is). */
  guard: (req: IncomingMessage, needsToken?: boolean) => GuardVerdict;
  ui: UiContext;
}

/** Answers one request. */
export async function route(
  { ctx, maxBodyBytes, guard, ui }: RouteContext,
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
  if (path.startsWith('/micro/') || path === '/micro') {
    const refused = guard(req, !isUiAsset(path));
    if (refused === undefined) {
      if (path.startsWith('/micro/ui') && (await handleUi(ui, req, res, url))) return;
      return handleMicro(ctx, req, res, url);
    }
    req.resume();
    return sendText(res, 403, `${refused}\n`);
  }
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
export function fail(ctx: IngestContext, req: IncomingMessage, res: ServerResponse, error: unknown): void {
  const message = `Internal collector error: ${error instanceof Error ? error.message : String(error)}`;
  rejectRequest(ctx, unrouted(ctx, req), [reason('request', '$', message)]);
  if (!res.headersSent) sendText(res, 500, `${message}\n`, true);
  else res.destroy();
}
