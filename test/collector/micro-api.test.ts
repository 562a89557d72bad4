/** Micro's REST API: summary, filters (POST body or query string), newest first, reset. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Collector,
  type CollectorOptions,
  type GoodEvent,
  startCollector,
} from '../../src/collector/index.js';
import {
  b64,
  base,
  contexts,
  LEVEL_UP,
  micro,
  PLAYER,
  PLAYER_ID,
  post,
  REGISTRY,
  unstruct,
} from './helpers.js';
import { dropTables, PG_URL, uniqueTable } from './postgres.js';

const PG_TABLE = uniqueTable('micro_api');
/** The same API over each storage: memory (the default), and PostgreSQL. */
const STORAGES: [string, CollectorOptions][] = [
  ['memory', {}],
  ['PostgreSQL', { storage: PG_URL, storageTable: PG_TABLE }],
];
let collector: Collector;

const player = { schema: PLAYER, data: { id: PLAYER_ID } };
const events = [
  { e: 'pv', ...base, aid: 'one' },
  { e: 'ue', ...base, aid: 'two', ue_px: b64(unstruct(LEVEL_UP, { level: 2 })), cx: b64(contexts(player)) },
  { e: 'se', ...base, aid: 'three', se_ca: 'c', se_ac: 'a', cx: b64(contexts(player)) },
  { e: 'pv', ...base, aid: 'four' },
  { e: 'pv', ...base, aid: 'bad', p: 'moon' },
];
const apps = (body: unknown) => (body as GoodEvent[]).map((g) => g.rawEvent.parameters.aid);

describe.each(STORAGES)('/micro over %s storage', (_name, options) => {
  beforeAll(async () => {
    collector = await startCollector({ registries: [REGISTRY], ...options });
  });
  afterAll(async () => {
    await collector?.stop();
    if (options.storage) await dropTables(PG_TABLE);
  });
  beforeEach(async () => {
    await collector.reset();
    await post(collector.url, events.slice(0, 2));
    await post(collector.url, events.slice(2));
  });

  it('/micro/all counts good and bad', async () => {
    expect(await micro(collector.url, 'all')).toEqual({
      status: 200,
      body: { total: 5, good: 4, bad: 1, dropped: 0 },
    });
  });

  it('/micro/good lists newest first, and programmatic reads agree', async () => {
    const { status, body } = await micro(collector.url, 'good');
    expect(status).toBe(200);
    expect(apps(body)).toEqual(['four', 'three', 'two', 'one']);
    expect(body).toEqual(JSON.parse(JSON.stringify(collector.events.good())));
  });

  it.each([
    ['event_type', { event_type: 'page_view' }, ['four', 'one']],
    ['schema', { schema: LEVEL_UP }, ['two']],
    ['contexts (all must be present)', { contexts: [PLAYER] }, ['three', 'two']],
    ['contexts not attached', { contexts: [PLAYER, 'iglu:com.acme/none/jsonschema/1-0-0'] }, []],
    ['limit keeps the newest', { limit: 3 }, ['four', 'three', 'two']],
    ['several fields at once', { event_type: 'page_view', limit: 1 }, ['four']],
  ])('POST /micro/good filters by %s', async (_name, filter, want) => {
    expect(apps((await micro(collector.url, 'good', filter)).body)).toEqual(want);
  });

  it('GET /micro/good takes the same filters from the query string', async () => {
    const query = `good?event_type=unstruct&contexts=${encodeURIComponent(PLAYER)}&limit=5`;
    expect(apps((await micro(collector.url, query)).body)).toEqual(['two']);
  });

  it.each([
    [{ limit: -1 }, 'Filter field limit is not a non-negative integer: -1\n'],
    [{ limit: 'x' }, 'Filter field limit is not a non-negative integer: "x"\n'],
    [{ schema: 3 }, 'Filter field schema is not a string\n'],
    [{ contexts: 'iglu:x' }, 'Filter field contexts is not an array of strings\n'],
  ])('refuses the filter %j with 400', async (filter, message) => {
    expect(await micro(collector.url, 'good', filter)).toEqual({ status: 400, body: message });
  });

  it('refuses a filter body that is not UTF-8 with 400, rather than ignoring the filter', async () => {
    const res = await request(`${collector.url}/micro/good`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0xff, 0x7d]),
    });
    expect([res.statusCode, await res.body.text()]).toEqual([400, 'Filter is Not valid UTF-8\n']);
  });

  it('/micro/bad lists bad events with their reasons, filtered by adapter', async () => {
    const { body } = await micro(collector.url, 'bad');
    expect((body as { reasons: unknown }[]).map((b) => b.reasons)).toEqual([
      [{ field: 'p', path: '$', message: "Not a valid platform: 'moon'" }],
    ]);
    expect(await micro(collector.url, 'bad', { version: 'tp1' })).toEqual({ status: 200, body: [] });
    expect(
      (await micro(collector.url, 'bad?vendor=com.snowplowanalytics.snowplow&version=tp2')).body,
    ).toHaveLength(1);
  });

  it('/micro/reset empties the store', async () => {
    expect(await micro(collector.url, 'reset')).toEqual({ status: 200, body: 'Reset completed' });
    expect((await micro(collector.url, 'all')).body).toEqual({ total: 0, good: 0, bad: 0, dropped: 0 });
  });

  it('answers other /micro paths with the list of endpoints', async () => {
    expect(await micro(collector.url, 'events')).toEqual({
      status: 404,
      body: 'Supported endpoints: /micro/all, /micro/good, /micro/bad, /micro/reset, /micro/iglu/{vendor}/{name}/jsonschema/{version}\n',
    });
  });

  it('/micro/iglu serves the schemas it validates with, the built-in screen view included', async () => {
    const { status, body } = await micro(collector.url, 'iglu/com.acme/level_up/jsonschema/1-0-0');
    expect(status).toBe(200);
    expect(body).toEqual(
      JSON.parse(readFileSync(join(REGISTRY, 'com.acme/level_up/jsonschema/1-0-0'), 'utf8')),
    );
    const screen = await micro(
      collector.url,
      'iglu/com.snowplowanalytics.snowplow/screen_view/jsonschema/1-0-0',
    );
    expect(screen.status).toBe(200);
    expect(await micro(collector.url, 'iglu/com.acme/none/jsonschema/1-0-0')).toEqual({
      status: 404,
      body: 'Schema not found in any registry: iglu:com.acme/none/jsonschema/1-0-0\n',
    });
    expect(await micro(collector.url, 'iglu/com.acme/level_up/1-0-0')).toEqual({
      status: 404,
      body: 'Schema lookup should be in format iglu/{vendor}/{schemaName}/jsonschema/{model}-{revision}-{addition}\n',
    });
  });
});
