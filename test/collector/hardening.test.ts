/** The collector under hostile and heavy input: bounded memory, streamed reads. */
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { type Collector, type CollectorOptions, startCollector } from '../../src/collector/index.js';
import { base, micro, post, UNSTRUCT } from './helpers.js';

async function withCollector(
  options: CollectorOptions,
  body: (c: Collector) => Promise<void>,
): Promise<void> {
  const collector = await startCollector(options);
  try {
    await body(collector);
  } finally {
    await collector.stop();
  }
}

/** A page view of about `kb` KB (in `tna`, a parameter with no length rule). */
const big = (aid: string, kb: number) => ({
  e: 'pv',
  ...base,
  aid,
  tna: 'a'.repeat(kb * 1024),
});

describe('store bound in bytes', () => {
  it('drops the oldest events past maxStoreBytes, counts them, and says so in /micro/all', async () => {
    const drops: number[] = [];
    // Each event is estimated at 1 KB of overhead plus twice its 100 KB of text: two fit in 500 KB.
    await withCollector({ maxStoreBytes: 500_000, onDrop: (n) => drops.push(n) }, async (c) => {
      for (const aid of ['a', 'b', 'c', 'd']) expect((await post(c.url, [big(aid, 100)])).status).toBe(200);
      expect(c.events.good().map((e) => e.rawEvent.parameters.aid)).toEqual(['d', 'c']);
      expect(drops).toEqual([1, 2]);
      expect((await micro(c.url, 'all')).body).toEqual({ total: 2, good: 2, bad: 0, dropped: 2 });
    });
  });

  it('counts good and bad together, dropping whichever is oldest', async () => {
    // A bad event costs more than a good one: its request body, its parameters and its bad row.
    await withCollector({ maxStoreBytes: 600_000 }, async (c) => {
      await post(c.url, [big('good-1', 100)]);
      await post(c.url, [{ ...big('bad-1', 100), p: 'moon' }]);
      await post(c.url, [big('good-2', 100)]);
      expect(c.events.good().map((e) => e.rawEvent.parameters.aid)).toEqual(['good-2']);
      expect(c.events.bad().map((e) => e.rawEvent?.parameters.aid)).toEqual(['bad-1']);
      expect(c.events.dropped).toBe(1);
    });
  });
});

describe('large reads', () => {
  it('streams /micro/good in chunks, newest first, equal to the stored events', async () => {
    await withCollector({}, async (c) => {
      for (let i = 0; i < 40; i++)
        await post(
          c.url,
          Array.from({ length: 50 }, (_, j) => big(`${i}-${j}`, 4)),
        );
      const res = await request(`${c.url}/micro/good`);
      expect(res.headers['transfer-encoding']).toBe('chunked');
      let chunks = 0;
      let text = '';
      for await (const chunk of res.body) {
        chunks++;
        text += chunk;
      }
      const events = JSON.parse(text) as { rawEvent: { parameters: { aid: string } } }[];
      expect(events).toHaveLength(2000);
      expect(events[0]?.rawEvent.parameters.aid).toBe('39-49');
      expect(events[1999]?.rawEvent.parameters.aid).toBe('0-0');
      expect(text).toBe(JSON.stringify(c.events.good()));
      expect(chunks).toBeGreaterThan(10);
    });
  });
});

describe('deep nesting', () => {
  const DEEP_REGISTRY = fileURLToPath(new URL('./fixtures/registry-deep', import.meta.url));
  const TREE = 'iglu:com.acme/tree/jsonschema/1-0-0';
  /**
   * A tree event whose ue_pr JSON nests `depth` objects in all (the two wrappers included), written as
   * text: JSON.stringify itself overflows the stack on 20,000 levels.
   */
  const tree = (aid: string, depth: number) => {
    const nodes = depth - 3;
    const data = `${'{"child":'.repeat(nodes)}{"name":"leaf"}${'}'.repeat(nodes)}`;
    const ue_pr = `{"schema":"${UNSTRUCT}","data":{"schema":"${TREE}","data":${data}}}`;
    return { e: 'ue', ...base, aid, ue_pr };
  };

  it('judges a batch event by event: a too-deep event is bad, the others stored once', async () => {
    await withCollector({ registries: [DEEP_REGISTRY] }, async (c) => {
      const batch = [big('before', 1), tree('deep', 20_000), big('after', 1)];
      for (let attempt = 0; attempt < 3; attempt++) {
        c.reset();
        // 400, not 500: a tracker does not retry it, so nothing is stored twice.
        expect(await post(c.url, batch)).toEqual({ status: 400, text: 'Malformed event\n' });
        expect(c.events.good().map((e) => e.rawEvent.parameters.aid)).toEqual(['after', 'before']);
        expect(c.events.bad().map((e) => [e.rawEvent?.parameters.aid, e.reasons])).toEqual([
          ['deep', [{ field: 'ue_pr', path: '$', message: 'JSON nested deeper than 1000 levels' }]],
        ]);
      }
    });
  });

  it('keeps an event nested exactly 1000 deep good, readable again and again', async () => {
    await withCollector({ registries: [DEEP_REGISTRY] }, async (c) => {
      expect(await post(c.url, [tree('limit', 1000), tree('over', 1001)])).toEqual({
        status: 400,
        text: 'Malformed event\n',
      });
      for (let read = 0; read < 3; read++) {
        const { status, body } = await micro(c.url, 'good');
        expect(status).toBe(200);
        expect((body as { schema: string }[]).map((e) => e.schema)).toEqual([TREE]);
      }
      expect(c.events.bad().map((e) => e.rawEvent?.parameters.aid)).toEqual(['over']);
    });
  });
});

describe('GET /i query strings', () => {
  const query = new URLSearchParams({ e: 'pv', ...base }).toString();

  it('stores an event whose percent-encoded value is not UTF-8 as bad, naming the field', async () => {
    await withCollector({}, async (c) => {
      const res = await request(`${c.url}/i?${query}&page=caf%E9&refr=%C3%28`);
      await res.body.arrayBuffer();
      expect(res.statusCode).toBe(200);
      expect(c.events.good()).toEqual([]);
      expect(c.events.bad().map((e) => e.reasons)).toEqual([
        [
          { field: 'page', path: '$', message: 'Value is not valid UTF-8' },
          { field: 'refr', path: '$', message: 'Value is not valid UTF-8' },
        ],
      ]);
    });
  });

  it('keeps valid UTF-8, + as a space and a stray % as they are, as URLSearchParams reads them', async () => {
    await withCollector({}, async (c) => {
      const res = await request(`${c.url}/i?${query}&page=caf%C3%A9+100%zz`);
      await res.body.arrayBuffer();
      expect(c.events.bad()).toEqual([]);
      expect(c.events.good()[0]?.rawEvent.parameters.page).toBe('café 100%zz');
    });
  });
});
