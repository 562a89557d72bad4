/**
 * `startCollector`: the local validating collector on node:http, with its limits (routes.ts routes each
 * request); nothing a client sends can stop the server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { limitServer } from './http-limits.js';
import { type IngestContext, rejectRequest } from './ingest.js';
import { describeReload } from './live-registries.js';
import { microGuard } from './micro-guard.js';
import { type CollectorOptions, resolveOptions } from './options.js';
import { openPostgresStorage } from './postgres-storage.js';
import { reason } from './reasons.js';
import { openRegistries } from './registries.js';
import { fail, type RouteContext, route } from './routes.js';
import { memoryStorage } from './storage.js';
import { type CollectedEvents, EventStore } from './store.js';
import { refusedPayload } from './tracking-routes.js';
import type { UiContext } from './ui-routes.js';

/** A running collector. */
export interface Collector {
  /** Base URL, e.g. `http://127.0.0.1:41234` (what an emitter's `endpoint` takes). */
  readonly url: string;
  readonly port: number;
  /** How many schemas the local registries hold now (the built-in ones not counted). */
  readonly schemaCount: number;
  /** What was received, newest first. */
  readonly events: CollectedEvents;
  /** How many clients went away mid-request (counted, logged at debug, never stored). */
  readonly aborted: number;
  /** Forgets every stored event (in memory at once; resolves once a durable storage is emptied too). */
  reset(): Promise<void>;
  /** Stops listening and closes every connection. */
  stop(): Promise<void>;
}

const COLLECTOR_NAME = 'plowtype-micro';

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
  let lastChange: string | null = null;
  const registries = await openRegistries(o.registries, (reload) => {
    lastChange = `${new Date().toISOString()} ${describeReload(reload)}`;
    quietly(o.onSchemas, reload);
  });
  const { validator, live } = registries;
  if (o.watchRegistries) live.watch();
  const store = new EventStore({ maxEvents: o.maxEvents, maxBytes: o.maxStoreBytes }, (n) =>
    quietly(o.onDrop, n),
  );
  const storage =
    o.storage === ''
      ? memoryStorage(store)
      : await openPostgresStorage(o.storage, o.storageTable, (line) => quietly(o.onWarning, line));
  let aborted = 0;
  const ctx: IngestContext = {
    store,
    storage,
    validator,
    collectorName: COLLECTOR_NAME,
    onRecord: (record) => quietly(o.onEvent, record),
    onAbort: (request) => {
      aborted++;
      quietly(o.onDebug, `client went away before its request was read: ${request}`);
    },
  };
  // Refuses everything until the port, which the guard checks Host against, is known.
  const ui: UiContext = {
    storage,
    status: () => ({
      schemas: {
        count: registries.schemaCount,
        registries: o.registries,
        watching: o.watchRegistries,
        lastChange,
      },
      aborted,
      storage: o.storage === '' ? 'memory' : `PostgreSQL table ${o.storageTable}`,
      maxEvents: o.maxEvents,
      maxStoreBytes: o.maxStoreBytes,
    }),
  };
  const routing: RouteContext = { ctx, maxBodyBytes: o.maxBodyBytes, guard: () => 'Starting', ui };
  // Timeouts are checked every second (Node's default: every 30 s), so a slow client goes in time.
  const server = createServer(
    { connectionsCheckingInterval: Math.min(1000, o.headersTimeoutMs) },
    (req, res) => {
      route(routing, req, res).catch((error: unknown) => fail(ctx, req, res, error));
    },
  );
  limitServer(server, o, {
    onDebug: (line) => quietly(o.onDebug, line),
    onRefused: (socket, _status, why) =>
      rejectRequest(ctx, refusedPayload(ctx.collectorName, socket), [reason('request', '$', why)]),
  });
  const port = await listen(server, o.port, o.host);
  routing.guard = microGuard(o.host, port, o.token);
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${host}:${port}`,
    port,
    get schemaCount() {
      return registries.schemaCount;
    },
    events: store,
    get aborted() {
      return aborted;
    },
    reset: () => {
      store.reset();
      return storage.reset();
    },
    stop: async () => {
      live.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      await storage.close();
    },
  };
}
