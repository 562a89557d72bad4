/**
 * The event inspector page at `/micro/ui`: its assets (plain ES modules and CSS from `ui/`, read once
 * at start; no build step and nothing from a CDN, so it works offline) and the JSON it polls.
 * It sits behind the same guard as the rest of `/micro`.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventStorage } from './storage.js';
import { sendText } from './tracking-routes.js';
import type { UiFilter } from './ui-query.js';

/** What the page shows besides events. */
export interface UiStatus {
  schemas: { count: number; registries: readonly string[]; watching: boolean; lastChange: string | null };
  aborted: number;
  /** Where the events are kept: memory, or a PostgreSQL table. */
  storage: string;
  maxEvents: number;
  maxStoreBytes: number;
}

/** What the page's routes read: the same storage as the `/micro` API. */
export interface UiContext {
  storage: EventStorage;
  status: () => UiStatus;
}

const ASSETS: Record<string, [type: string, file: string]> = {
  '/micro/ui': ['text/html; charset=utf-8', 'index.html'],
  '/micro/ui/app.js': ['text/javascript; charset=utf-8', 'app.js'],
  '/micro/ui/json-view.js': ['text/javascript; charset=utf-8', 'json-view.js'],
  '/micro/ui/app.css': ['text/css; charset=utf-8', 'app.css'],
};
const UI_DIR = new URL('./ui/', import.meta.url);
const loaded = new Map(
  Object.entries(ASSETS).map(([path, [type, file]]) => [
    path,
    { type, body: readFileSync(new URL(file, UI_DIR)) },
  ]),
);
const PAGE_MAX = 500;

function sendJson(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(value));
}

function filterOf(q: URLSearchParams): UiFilter {
  const kind = q.get('kind') ?? '';
  return {
    kind: kind === 'good' || kind === 'bad' ? kind : '',
    eventType: q.get('type') ?? '',
    schema: q.get('schema') ?? '',
    appId: q.get('app') ?? '',
    text: q.get('q') ?? '',
  };
}

const count = (q: URLSearchParams, name: string, fallback: number, max: number): number => {
  const n = Number(q.get(name) ?? fallback);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : fallback;
};

/** True for the page's static files, which hold no event data. */
export function isUiAsset(path: string): boolean {
  return loaded.has(path.replace(/\/+$/, ''));
}

/** Answers `/micro/ui...`; false when the path is none of the page's. */
export async function handleUi(
  ui: UiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const path = url.pathname.replace(/\/+$/, '');
  const asset = loaded.get(path);
  if (asset && req.method === 'GET') {
    res.writeHead(200, { 'content-type': asset.type, 'cache-control': 'no-cache' });
    res.end(asset.body);
    return true;
  }
  if (path === '/micro/ui/api/events' && req.method === 'GET') {
    const q = url.searchParams;
    const version = await ui.storage.version();
    // The same version and filters as the page's last poll: nothing to send again.
    if (q.get('since') === version) {
      res.writeHead(204).end();
      return true;
    }
    const { matching, rows } = await ui.storage.page(
      filterOf(q),
      count(q, 'offset', 0, Number.MAX_SAFE_INTEGER),
      count(q, 'limit', 100, PAGE_MAX),
    );
    sendJson(res, {
      version,
      matching,
      rows,
      summary: await ui.storage.summary(),
      status: ui.status(),
    });
    return true;
  }
  const detail = /^\/micro\/ui\/api\/events\/(\d+)$/.exec(path);
  if (detail && req.method === 'GET') {
    const event = await ui.storage.event(Number(detail[1]));
    if (event) sendJson(res, event);
    else sendText(res, 404, 'No such event (reset, or dropped to stay within the bounds)\n');
    return true;
  }
  return false;
}
