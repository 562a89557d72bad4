/**
 * The inspector page's queries over the PostgreSQL storage, so that the page shows the same shared
 * store as the `/micro` API: its filters become SQL over the row's columns (`search` holds the text the
 * free-text filter looks in, written with the row), and rows and details are rebuilt from the stored JSON.
 */
import type { Pool } from 'pg';
import type { Stored } from './store.js';
import { eventDetail, rowOf, type UiEvent, type UiFilter, type UiPage } from './ui-query.js';

/** An Iglu wildcard pattern as a LIKE pattern (`*` any run; `%`, `_` and `\` taken literally). */
export function likePattern(pattern: string): string {
  const full = pattern.startsWith('iglu:') ? pattern : `iglu:${pattern}`;
  return full.replace(/[\\%_]/g, '\\$&').replace(/\*/g, '%');
}

function where(filter: UiFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (clause: (n: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(clause(`$${params.length}`));
  };
  if (filter.kind !== '') add((n) => `kind = ${n}`, filter.kind);
  if (filter.eventType !== '') add((n) => `event_type = ${n}`, filter.eventType);
  if (filter.appId !== '') add((n) => `app_id = ${n}`, filter.appId);
  if (filter.schema !== '') {
    add(
      (n) =>
        `(schema LIKE ${n} OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(contexts) c WHERE c LIKE ${n}))`,
      likePattern(filter.schema),
    );
  }
  if (filter.text !== '') add((n) => `strpos(search, ${n}) > 0`, filter.text.toLowerCase());
  return { sql: clauses.length === 0 ? 'TRUE' : clauses.join(' AND '), params };
}

/** A stored row as the in-memory store would hold it (only what rows and details read). */
function storedOf(row: { seq: string; kind: string; event: string }): Stored {
  const event = JSON.parse(row.event);
  return { seq: Number(row.seq), size: 0, kind: row.kind as 'good', event };
}

/** The inspector's three reads over `table`. */
export function inspectorQueries(pool: Pool, table: string) {
  const t = `"${table}"`;
  return {
    async version(): Promise<string> {
      const { rows } = await pool.query(`SELECT coalesce(max(seq), 0) AS top, count(*) AS n FROM ${t}`);
      return `${rows[0].top}.${rows[0].n}`;
    },
    async page(filter: UiFilter, offset: number, limit: number): Promise<UiPage> {
      const { sql, params } = where(filter);
      const n = params.length;
      const [found, counted] = await Promise.all([
        pool.query(
          `SELECT seq, kind, event FROM ${t} WHERE ${sql} ORDER BY seq DESC OFFSET $${n + 1} LIMIT $${n + 2}`,
          [...params, offset, limit],
        ),
        pool.query(`SELECT count(*) AS n FROM ${t} WHERE ${sql}`, params),
      ]);
      return { matching: Number(counted.rows[0].n), rows: found.rows.map((r) => rowOf(storedOf(r))) };
    },
    async event(seq: number): Promise<UiEvent | undefined> {
      const { rows } = await pool.query(`SELECT seq, kind, event FROM ${t} WHERE seq = $1`, [seq]);
      return rows[0] === undefined ? undefined : eventDetail(storedOf(rows[0]));
    },
  };
}
