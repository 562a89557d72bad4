/** Options of the local collector, and their defaults resolved once. */
import { ConfigError } from '../errors.js';
import type { SchemaReload } from './live-registries.js';
import type { CollectedRecord } from './records.js';

/** Options of `startCollector`. */
export interface CollectorOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /**
   * Registries whose schemas validate self-describing data: directories, read at start and followed, and
   * Iglu HTTP registry URLs, asked for each schema the first time an event names it (both cached).
   * Directories are searched first, in order. @default []
   */
  registries?: readonly string[];
  /** Largest request body accepted; larger ones get 413. @default 1_000_000 (the Snowplow collector's) */
  maxBodyBytes?: number;
  /**
   * The most good events, and the most bad events, kept; past that the oldest are dropped. A stored
   * event costs about 2.5 KB of heap (an event with one entity), so the default stays near 250 MB.
   * @default 100_000
   */
  maxEvents?: number;
  /**
   * The most bytes the stored events may take, good and bad together, estimated from their text (so
   * that large events cannot exhaust the heap before `maxEvents` is reached); past it the oldest go.
   * @default 200_000_000
   */
  maxStoreBytes?: number;
  /** Longest wait for a request's headers, in ms; a slower client gets 408. @default 10_000 */
  headersTimeoutMs?: number;
  /** Longest wait for a whole request, in ms; a slower client gets 408. @default 30_000 */
  requestTimeoutMs?: number;
  /** Most connections open at once; more are closed on arrival. @default 256 */
  maxConnections?: number;
  /**
   * Bearer token the `/micro` API requires (`Authorization: Bearer <token>`); the tracking endpoints
   * never ask for it. Empty: no token. Worth setting whenever `host` is not a loopback address.
   * @default ''
   */
  token?: string;
  /**
   * Watch the registry folders and re-read them when a file changes (they are also re-read whenever an
   * event names a schema not known yet). @default true
   */
  watchRegistries?: boolean;
  /** Called when a re-read of the registry folders changed the schemas, or failed. @default none */
  onSchemas?: (reload: SchemaReload) => void;
  /**
   * Where the `/micro` API keeps events: empty for memory, or a `postgres://` URL (node-postgres) whose
   * table, created on start, survives restarts and can be shared by several collectors. Either way the
   * collector also holds what it received in memory (`events`, the inspector page). @default ''
   */
  storage?: string;
  /** Table of the PostgreSQL storage. @default 'plowtype_micro_events' */
  storageTable?: string;
  /** Called with problems that lose no request but need a person (a failed storage write). @default none */
  onWarning?: (line: string) => void;
  /** Called with debug lines (a client that went away mid-request, ...). @default none */
  onDebug?: (line: string) => void;
  /** Called after every stored record (good or bad), e.g. to log it. @default none */
  onEvent?: (record: CollectedRecord) => void;
  /** Called each time an old event is dropped to respect `maxEvents`, with the count so far. @default none */
  onDrop?: (dropped: number) => void;
}

/** Every option filled in. */
export type ResolvedOptions = Required<CollectorOptions>;

function check(ok: boolean, name: string, expected: string, value: unknown): void {
  if (!ok)
    throw new ConfigError(`Invalid collector option: ${name} must be ${expected}, got ${String(value)}`);
}

/** Fills in the defaults and checks the numbers; a bad value is a ConfigError naming the option. */
export function resolveOptions(options: CollectorOptions): ResolvedOptions {
  const o: ResolvedOptions = {
    port: 0,
    host: '127.0.0.1',
    registries: [],
    maxBodyBytes: 1_000_000,
    maxEvents: 100_000,
    maxStoreBytes: 200_000_000,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    maxConnections: 256,
    token: '',
    onDebug: () => {},
    storage: '',
    storageTable: 'plowtype_micro_events',
    onWarning: () => {},
    watchRegistries: true,
    onSchemas: () => {},
    onEvent: () => {},
    onDrop: () => {},
    ...options,
  };
  check(
    Number.isInteger(o.port) && o.port >= 0 && o.port <= 65535,
    'port',
    'an integer from 0 to 65535',
    o.port,
  );
  check(
    Number.isInteger(o.maxBodyBytes) && o.maxBodyBytes >= 1,
    'maxBodyBytes',
    'a positive integer',
    o.maxBodyBytes,
  );
  check(
    o.storage === '' || /^postgres(ql)?:\/\//.test(o.storage),
    'storage',
    "'' (memory) or a postgres:// URL",
    o.storage,
  );
  for (const name of [
    'maxEvents',
    'maxStoreBytes',
    'headersTimeoutMs',
    'requestTimeoutMs',
    'maxConnections',
  ] as const) {
    check(Number.isInteger(o[name]) && o[name] >= 1, name, 'a positive integer', o[name]);
  }
  return o;
}
