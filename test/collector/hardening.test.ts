/** The collector under hostile and heavy input: bounded memory, streamed reads. */
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { type Collector, type CollectorOptions, startCollector } from '../../src/collector/index.js';
import { base, micro, post } from './helpers.js';

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
