/**
 * Snowplow's official browser tracker (v4) in headless Chromium, on a page served from another origin
 * than the collector: every event must arrive good exactly once, over POST (preflighted, with
 * credentials) and over GET. The tracker's own success/failure callbacks say when nothing is left to
 * send, so the counts are read once the tracker is done, not after a guessed delay.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Sp from '@snowplow/browser-tracker';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Collector, startCollector } from '../../src/collector/index.js';
import { ARTIFACTS, launchBrowser, serveSite } from './browser.js';
import { LEVEL_UP, REGISTRY } from './helpers.js';

const require = createRequire(import.meta.url);
const TRACKER_JS = readFileSync(require.resolve('@snowplow/browser-tracker/dist/index.umd.min.js'));
const WEB_PAGE = 'iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0';
const PAGE = '<!doctype html><title>shop</title><script src="/sp.js"></script><body style="height:3000px">';

let browser: Browser;
let collector: Collector;
let site: Awaited<ReturnType<typeof serveSite>>;

beforeAll(async () => {
  [browser, collector, site] = await Promise.all([
    launchBrowser(),
    startCollector({ registries: [REGISTRY] }),
    serveSite({ '/': ['text/html', PAGE], '/sp.js': ['text/javascript', TRACKER_JS] }),
  ]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), collector?.stop(), site?.close()]);
});

/** Runs in the page: a tracker that records which event ids were delivered and which requests failed. */
function setUp([endpoint, method, appId]: [string, 'get' | 'post', string]): void {
  const w = globalThis as unknown as Record<string, unknown> & { snowplowBrowserTracking: typeof Sp };
  const sp = w.snowplowBrowserTracking;
  const sent: string[] = [];
  const failed: unknown[] = [];
  Object.assign(w, { sent, failed, sp });
  sp.newTracker('sp', endpoint, {
    appId,
    eventMethod: method,
    contexts: { webPage: true },
    onRequestSuccess: (batch) => sent.push(...batch.map((p) => String((p as { eid?: unknown }).eid))),
    onRequestFailure: (failure: unknown) => failed.push(failure),
  });
  sp.enableActivityTracking({ minimumVisitLength: 1, heartbeatDelay: 1 });
  sp.trackPageView();
}

for (const method of ['post', 'get'] as const) {
  describe(`official browser tracker over ${method.toUpperCase()} from another origin`, () => {
    it('delivers page view, page pings, struct and self-describing events good, once each', async () => {
      const appId = `browser-${method}`;
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(site.origin);
        await page.evaluate(setUp, [collector.url, method, appId] as [string, 'get' | 'post', string]);
        // Activity makes the tracker ping once its minimum visit length has passed.
        for (
          let i = 0;
          (await collector.events.good({ eventType: 'page_ping' })).filter(
            (e) => e.rawEvent.parameters.aid === appId,
          ).length < 2;
          i++
        ) {
          if (i > 100) throw new Error('no two page pings after 10 s of activity');
          await page.mouse.move(10 + (i % 50), 10 + (i % 30));
          await page.waitForTimeout(100);
        }
        await page.evaluate(() => {
          const sp = (globalThis as unknown as { sp: typeof Sp }).sp;
          sp.disableActivityTracking();
          sp.trackStructEvent({ category: 'shop', action: 'add-to-basket' });
          sp.trackSelfDescribingEvent({
            event: { schema: 'iglu:com.acme/level_up/jsonschema/1-0-0', data: { level: 3 } },
          });
        });
        const sent = await page.waitForFunction(() => {
          const w = globalThis as unknown as { sent: string[]; failed: unknown[] };
          return w.failed.length > 0 || new Set(w.sent).size >= 5
            ? { sent: w.sent, failed: w.failed }
            : false;
        });
        const { sent: eids, failed } = (await sent.jsonValue()) as { sent: string[]; failed: unknown[] };
        await page.screenshot({ path: join(ARTIFACTS, `browser-tracker-${method}.png`) });
        expect(failed).toEqual([]);

        const good = collector.events.good().filter((e) => e.rawEvent.parameters.aid === appId);
        const bad = collector.events.bad().filter((e) => e.rawEvent?.parameters.aid === appId);
        expect(bad).toEqual([]);
        // Once each: every delivered event id is stored once, and nothing else is.
        expect(good.map((e) => e.rawEvent.parameters.eid).sort()).toEqual([...eids].sort());
        expect(new Set(eids).size).toBe(eids.length);
        const types = good.map((e) => e.eventType).reverse();
        expect(types[0]).toBe('page_view');
        expect(types.slice(-2)).toEqual(['struct', 'unstruct']);
        expect(types.slice(1, -2).every((t) => t === 'page_ping')).toBe(true);
        expect(types.length).toBeGreaterThanOrEqual(5);
        const [unstructEvent] = good;
        expect(unstructEvent?.schema).toBe(LEVEL_UP);
        expect(unstructEvent?.event.unstruct_event).toEqual({
          schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
          data: { schema: LEVEL_UP, data: { level: 3 } },
        });
        // One page view id in the web_page entity of every event.
        const pageIds = new Set(
          good.map((e) => {
            expect(e.contexts).toEqual([WEB_PAGE]);
            return JSON.stringify(e.event.contexts);
          }),
        );
        expect(pageIds.size).toBe(1);
        expect(good.every((e) => e.rawEvent.api.version === (method === 'post' ? 'tp2' : 'tp1'))).toBe(true);
      } finally {
        await context.close();
      }
    });
  });
}
