/** PostgreSQL storage against the real server: survives a restart, shared by two collectors. */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type CollectorOptions, startCollector } from '../../src/collector/index.js';
import {
  b64,
  base,
  contexts,
  get,
  LEVEL_UP,
  micro,
  PLAYER,
  PLAYER_ID,
  post,
  REGISTRY,
  unstruct,
} from './helpers.js';
import { dropTables, PG_URL, uniqueTable } from './postgres.js';

const tables: string[] = [];
afterEach(async () => {
  await dropTables(...tables.splice(0));
});

function storageOptions(): CollectorOptions {
  const storageTable = uniqueTable('pg_storage');
  tables.push(storageTable);
  return { storage: PG_URL, storageTable };
}

const aids = (body: unknown) =>
  (body as { rawEvent: { parameters: { aid: string } } }[]).map((e) => e.rawEvent.parameters.aid);

describe('PostgreSQL storage', () => {
  it('creates its table on start and keeps good and bad events across a restart', async () => {
    const options = storageOptions();
    const first = await startCollector(options);
    try {
      await post(first.url, [{ e: 'pv', ...base, aid: 'before-restart' }]);
      await get(first.url, { e: 'pv', ...base, aid: 'bad-one', p: 'moon' });
    } finally {
      await first.stop();
    }
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    const { rows } = await client.query(
      `SELECT kind, event_type FROM "${options.storageTable}" ORDER BY seq`,
    );
    await client.end();
    expect(rows).toEqual([
      { kind: 'good', event_type: 'page_view' },
      { kind: 'bad', event_type: 'page_view' },
    ]);
    const second = await startCollector(options);
    try {
      expect((await micro(second.url, 'all')).body).toEqual({ total: 2, good: 1, bad: 1, dropped: 0 });
      expect(aids((await micro(second.url, 'good')).body)).toEqual(['before-restart']);
      const bad = (await micro(second.url, 'bad')).body as { reasons: unknown[] }[];
      expect(bad.map((b) => b.reasons)).toEqual([
        [{ field: 'p', path: '$', message: "Not a valid platform: 'moon'" }],
      ]);
    } finally {
      await second.stop();
    }
  });

  it('is shared by two collectors: what one receives the other serves, and a reset empties both', async () => {
    const options = storageOptions();
    const [a, b] = await Promise.all([startCollector(options), startCollector(options)]);
    try {
      await post(a.url, [{ e: 'pv', ...base, aid: 'via-a' }]);
      await post(b.url, [{ e: 'pv', ...base, aid: 'via-b' }]);
      expect(aids((await micro(a.url, 'good')).body)).toEqual(['via-b', 'via-a']);
      expect(aids((await micro(b.url, 'good?limit=1')).body)).toEqual(['via-b']);
      // The inspector page reads the shared table too, and says so.
      const page = (await micro(a.url, 'ui/api/events')).body as {
        matching: number;
        status: { storage: string };
      };
      expect([page.matching, page.status.storage]).toEqual([2, `PostgreSQL table ${options.storageTable}`]);
      expect((await micro(b.url, 'reset')).status).toBe(200);
      expect((await micro(a.url, 'all')).body).toEqual({ total: 0, good: 0, bad: 0, dropped: 0 });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it("answers the inspector page's filters and details from the table", async () => {
    const c = await startCollector({ ...storageOptions(), registries: [REGISTRY] });
    try {
      const player = { schema: PLAYER, data: { id: PLAYER_ID } };
      await post(c.url, [
        { e: 'pv', ...base, aid: 'shop' },
        {
          e: 'ue',
          ...base,
          aid: 'game',
          ue_px: b64(unstruct(LEVEL_UP, { level: 42 })),
          cx: b64(contexts(player)),
        },
        { e: 'ue', ...base, aid: 'game', ue_px: b64(unstruct(LEVEL_UP, { level: 'high' })) },
      ]);
      type Page = {
        matching: number;
        rows: { seq: number; kind: string; eventType: string; appId: string }[];
      };
      const rows = async (query: string) => {
        const body = (await micro(c.url, `ui/api/events?${query}`)).body as Page;
        return [body.matching, body.rows.map((r) => `${r.kind} ${r.eventType} ${r.appId}`)];
      };
      expect(await rows('')).toEqual([3, ['bad unstruct game', 'good unstruct game', 'good page_view shop']]);
      expect(await rows('kind=bad')).toEqual([1, ['bad unstruct game']]);
      expect(await rows('type=page_view')).toEqual([1, ['good page_view shop']]);
      expect(await rows('app=game&limit=1')).toEqual([2, ['bad unstruct game']]);
      expect(await rows(`schema=${encodeURIComponent('com.acme/*/jsonschema/1-*-*')}&kind=good`)).toEqual([
        1,
        ['good unstruct game'],
      ]);
      // The free text reaches into decoded (base64) data, and into the player context's schema.
      expect(await rows('q=HIGH')).toEqual([1, ['bad unstruct game']]);
      expect(await rows('q=com.acme%2Fplayer')).toEqual([1, ['good unstruct game']]);
      const {
        rows: [bad],
      } = (await micro(c.url, 'ui/api/events?kind=bad')).body as Page;
      const detail = (await micro(c.url, `ui/api/events/${bad?.seq}`)).body as { reasons: unknown[] };
      expect(detail.reasons).toEqual([
        { field: 'ue_px', path: '$.data.level', message: 'must be integer', schema: LEVEL_UP },
      ]);
      expect((await micro(c.url, 'ui/api/events/999999')).status).toBe(404);
    } finally {
      await c.stop();
    }
  });

  it('streams reads of more rows than one query page, newest first', async () => {
    const c = await startCollector(storageOptions());
    try {
      await post(
        c.url,
        Array.from({ length: 2500 }, (_, i) => ({ e: 'pv', ...base, aid: `a${i}` })),
      );
      const all = aids((await micro(c.url, 'good')).body);
      expect(all).toHaveLength(2500);
      expect([all[0], all[999], all[1000], all[2499]]).toEqual(['a2499', 'a1500', 'a1499', 'a0']);
      expect(aids((await micro(c.url, 'good?limit=1001')).body).at(-1)).toBe('a1499');
    } finally {
      await c.stop();
    }
  });

  it('refuses a storage it cannot open, naming it', async () => {
    await expect(startCollector({ storage: PG_URL, storageTable: 'no such table' })).rejects.toThrow(
      'Invalid collector option: storageTable must be a plain SQL name, got no such table',
    );
    await expect(
      startCollector({
        storage: 'postgres://root@127.0.0.1:5432/no_such_db_plowtype',
        storageTable: uniqueTable('x'),
      }),
    ).rejects.toThrow(
      /^Could not open PostgreSQL storage x_\w+: database "no_such_db_plowtype" does not exist$/,
    );
    await expect(startCollector({ storage: 'mysql://x' })).rejects.toThrow(
      "Invalid collector option: storage must be '' (memory) or a postgres:// URL, got mysql://x",
    );
  });
});
