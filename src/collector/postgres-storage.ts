/**
 * Events kept in PostgreSQL (`plowtype micro --storage postgres://…`), so a restart loses nothing and
 * two collectors can share one store. One table, created on start if missing; each row holds the event
 * as the API serves it (JSON text) and the columns Micro's filters use. Writes are batched and, like
 * resets, run one after another in the order they were asked for; reads wait for them, so a collector
 * reads what it was sent. node-postgres is loaded only when this storage is asked for.
 */
import type * as PG from 'pg';
import type { Pool, QueryResult } from 'pg';
import { ConfigError } from '../errors.js';
import { requirePeer } from '../peers/require-peer.js';
import { inspectorQueries } from './postgres-inspector.js';
import type { CollectedRecord } from './records.js';
import type { EventStorage, StorageSummary } from './storage.js';
import type { BadFilter, GoodFilter, Stored } from './store.js';
import { searchText, rowOf as uiRowOf } from './ui-query.js';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Rows fetched per read query: reads stream page by page, newest first. */
const READ_PAGE = 1000;

type Row = [
  kind: string,
  eventType: string,
  schema: string,
  contexts: string,
  vendor: string | null,
  version: string | null,
  event: string,
  appId: string,
  search: string,
];
const COLUMNS = 'kind, event_type, schema, contexts, vendor, version, event, app_id, search';
const TYPES = ['text', 'text', 'text', 'jsonb', 'text', 'text', 'text', 'text', 'text'];

/** A record as a row: the event as JSON text, with what Micro's filters and the inspector's read. */
function rowOf(record: CollectedRecord): Row {
  const stored = { seq: 0, size: 0, ...record } as Stored;
  const ui = uiRowOf(stored);
  const api = record.kind === 'bad' ? record.event.collectorPayload?.api : undefined;
  return [
    record.kind,
    ui.eventType,
    ui.schema,
    JSON.stringify(ui.contexts),
    api?.vendor ?? null,
    api?.version ?? null,
    JSON.stringify(record.event),
    ui.appId,
    searchText(stored),
  ];
}

/**
 * Creates the table and its index if missing. Two collectors starting on one table at once would race
 * (CREATE TABLE IF NOT EXISTS is not safe against itself): an advisory lock on the name orders them.
 */
async function createTable(pool: Pool, table: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [table]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS "${table}" (seq bigserial PRIMARY KEY, kind text NOT NULL, event_type text,
        schema text, contexts jsonb NOT NULL, vendor text, version text,
        received_at timestamptz NOT NULL DEFAULT now(), event text NOT NULL, app_id text, search text)`,
    );
    await client.query(`CREATE INDEX IF NOT EXISTS "${table}_kind_seq" ON "${table}" (kind, seq DESC)`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Opens the storage: connects, creates the table if missing. `onError` hears of writes that failed. */
export async function openPostgresStorage(
  url: string,
  table: string,
  onError: (message: string) => void,
): Promise<EventStorage> {
  if (!TABLE_NAME.test(table)) {
    throw new ConfigError(`Invalid collector option: storageTable must be a plain SQL name, got ${table}`);
  }
  const pg = requirePeer<typeof PG>('pg', { neededBy: "The collector's PostgreSQL storage", install: 'pg' });
  const pool: Pool = new pg.Pool({ connectionString: url, max: 4 });
  // An idle client's error (the server restarting) must not end the process.
  pool.on('error', (error) => onError(`PostgreSQL connection error: ${error.message}`));
  const t = `"${table}"`;
  try {
    await createTable(pool, table);
  } catch (error) {
    await pool.end();
    throw new ConfigError(`Could not open PostgreSQL storage ${table}: ${(error as Error).message}`, {
      cause: error,
    });
  }

  let queue: Promise<void> = Promise.resolve();
  let buffer: Row[] = [];
  let scheduled = false;
  /** Runs `step` after everything asked before it; a failure is reported, never thrown at a later step. */
  const inOrder = (step: () => Promise<unknown>, what: string): Promise<void> => {
    queue = queue.then(step).then(
      () => {},
      (error: unknown) => onError(`${what} failed: ${(error as Error).message}`),
    );
    return queue;
  };
  const writeBuffer = (): Promise<void> => {
    scheduled = false;
    const rows = buffer;
    buffer = [];
    if (rows.length === 0) return queue;
    const columns = TYPES.map((_, i) => rows.map((r) => r[i]));
    return inOrder(
      () =>
        pool.query(
          `INSERT INTO ${t} (${COLUMNS}) SELECT * FROM unnest(${TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})`,
          columns,
        ),
      `Writing ${rows.length} events to PostgreSQL (they stay in memory only)`,
    );
  };

  async function* read(where: string, params: unknown[], limit: number | undefined): AsyncGenerator<string> {
    await queue;
    let last: string | null = null;
    let left = limit ?? Number.POSITIVE_INFINITY;
    while (left > 0) {
      const page = Math.min(READ_PAGE, left);
      const n = params.length;
      const { rows }: QueryResult<{ seq: string; event: string }> = await pool.query(
        `SELECT seq, event FROM ${t} WHERE ${where} AND ($${n + 1}::bigint IS NULL OR seq < $${n + 1})
         ORDER BY seq DESC LIMIT ${page}`,
        [...params, last],
      );
      for (const row of rows) yield row.event;
      if (rows.length < page) return;
      left -= rows.length;
      last = (rows.at(-1) as { seq: string }).seq;
    }
  }

  const inspector = inspectorQueries(pool, table);
  return {
    version: async () => {
      await queue;
      return inspector.version();
    },
    page: async (filter, offset, limit) => {
      await queue;
      return inspector.page(filter, offset, limit);
    },
    event: async (seq) => {
      await queue;
      return inspector.event(seq);
    },
    add(record) {
      buffer.push(rowOf(record));
      if (scheduled) return;
      scheduled = true;
      setImmediate(writeBuffer);
    },
    flush: () => writeBuffer(),
    async summary(): Promise<StorageSummary> {
      await queue;
      const { rows } = await pool.query<{ kind: string; n: string }>(
        `SELECT kind, count(*) AS n FROM ${t} GROUP BY kind`,
      );
      const count = (kind: string) => Number(rows.find((r) => r.kind === kind)?.n ?? 0);
      return { total: count('good') + count('bad'), good: count('good'), bad: count('bad'), dropped: 0 };
    },
    good: ({ eventType, schema, contexts = [], limit }: GoodFilter) =>
      read(
        `kind = 'good' AND ($1::text IS NULL OR event_type = $1) AND ($2::text IS NULL OR schema = $2) AND contexts @> $3::jsonb`,
        [eventType ?? null, schema ?? null, JSON.stringify(contexts)],
        limit,
      ),
    bad: ({ vendor, version, limit }: BadFilter) =>
      read(
        `kind = 'bad' AND (vendor IS NULL OR (($1::text IS NULL OR vendor = $1) AND ($2::text IS NULL OR version = $2)))`,
        [vendor ?? null, version ?? null],
        limit,
      ),
    reset: () => {
      buffer = [];
      return inOrder(() => pool.query(`DELETE FROM ${t}`), 'Resetting the PostgreSQL storage');
    },
    close: async () => {
      await writeBuffer();
      await pool.end();
    },
  };
}
