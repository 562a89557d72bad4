/** Schemas from an Iglu HTTP registry (a static file server on 127.0.0.1): fetched once per URI, on first sight. */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Collector, startCollector } from '../../src/collector/index.js';
import {
  b64,
  base,
  contexts,
  get,
  LEVEL_UP,
  PLAYER,
  PLAYER_ID,
  post,
  REGISTRY,
  unstruct,
} from './helpers.js';

const requests: string[] = [];
let failures = 0;
const registry = createServer((req, res) => {
  const path = req.url ?? '';
  requests.push(path);
  if (path.includes('/broken/') || (path.includes('/player/') && failures-- > 0)) {
    res.writeHead(500).end('boom');
    return;
  }
  const file = path.startsWith('/schemas/') ? join(REGISTRY, path.slice('/schemas/'.length)) : '';
  readFile(file, 'utf8').then(
    (text) => res.writeHead(200, { 'content-type': 'application/json' }).end(text),
    () => res.writeHead(404).end('not found'),
  );
});
await new Promise<void>((resolve) => registry.listen(0, '127.0.0.1', resolve));
const registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;

const collector: Collector = await startCollector({ registries: [registryUrl] });
afterAll(async () => {
  await collector.stop();
  await new Promise((resolve) => registry.close(resolve));
});
beforeEach(() => collector.reset());

describe('HTTP registry', () => {
  it('fetches a schema the first time an event names it, and only then', async () => {
    const event = {
      e: 'ue',
      ...base,
      ue_px: b64(unstruct(LEVEL_UP, { level: 2 })),
      cx: b64(contexts({ schema: PLAYER, data: { id: PLAYER_ID } })),
    };
    await post(collector.url, [event, event]);
    await get(collector.url, event);
    expect(collector.events.summary()).toEqual({ total: 3, good: 3, bad: 0 });
    expect(requests.filter((r) => r.includes('level_up') || r.includes('player')).sort()).toEqual([
      '/schemas/com.acme/level_up/jsonschema/1-0-0',
      '/schemas/com.acme/player/jsonschema/1-0-0',
    ]);
  });

  it('validates against the fetched schema', async () => {
    await get(collector.url, { e: 'ue', ...base, ue_px: b64(unstruct(LEVEL_UP, { level: 0 })) });
    expect(collector.events.bad()[0]?.reasons).toEqual([
      { field: 'ue_px', path: '$.data.level', message: 'must be >= 1', schema: LEVEL_UP },
    ]);
  });

  it('asks once for a schema the registry does not have, even when two requests name it at once', async () => {
    const missing = 'iglu:com.acme/missing/jsonschema/1-0-0';
    const event = { e: 'ue', ...base, ue_pr: JSON.stringify(unstruct(missing, {})) };
    await Promise.all([get(collector.url, event), post(collector.url, [event])]);
    await get(collector.url, event);
    expect(collector.events.bad().map((b) => b.reasons)).toEqual(
      Array(3).fill([
        {
          field: 'ue_pr',
          path: '$.schema',
          message: 'ResolutionError: schema not found in any registry',
          schema: missing,
        },
      ]),
    );
    expect(requests.filter((r) => r.includes('missing'))).toEqual([
      '/schemas/com.acme/missing/jsonschema/1-0-0',
    ]);
  });

  it('asks again after a failure, and validates once the registry answers', async () => {
    failures = 2; // the first attempt and its one retry
    const event = {
      e: 'pv',
      ...base,
      co: JSON.stringify(contexts({ schema: PLAYER, data: { id: PLAYER_ID } })),
    };
    const other = await startCollector({ registries: [`${registryUrl}/`] });
    try {
      await get(other.url, event);
      await get(other.url, event);
      expect(other.events.bad().map((b) => b.reasons[0]?.message)).toEqual([
        `ResolutionError: ${registryUrl}/schemas/com.acme/player/jsonschema/1-0-0: schema request failed: the registry answered 500`,
      ]);
      expect(other.events.summary()).toEqual({ total: 2, good: 1, bad: 1 });
    } finally {
      await other.stop();
    }
  });

  it('reports a registry that fails as a resolution error naming the URL', async () => {
    const broken = 'iglu:com.acme/broken/jsonschema/1-0-0';
    await get(collector.url, { e: 'ue', ...base, ue_pr: JSON.stringify(unstruct(broken, {})) });
    expect(collector.events.bad()[0]?.reasons).toEqual([
      {
        field: 'ue_pr',
        path: '$.schema',
        message: `ResolutionError: ${registryUrl}/schemas/com.acme/broken/jsonschema/1-0-0: schema request failed: the registry answered 500`,
        schema: broken,
      },
    ]);
  });
});
