/**
 * The event inspector page in headless Chromium: events tracked through the generated typed functions
 * appear live, newest first; the filters narrow the list; a bad event shows its reasons beside its
 * fields; reset empties the page; 100,000 events are paged. Screenshots go to test-artifacts/.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { Emitter, Tracker } from 'plowtype';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackBadSaveGame, trackEveryKind } from '../../examples/demo-events.js';
import { type Collector, startCollector } from '../../src/collector/index.js';
import { ARTIFACTS, launchBrowser } from './browser.js';
import { base, post } from './helpers.js';

const SCHEMAS = fileURLToPath(new URL('../../schemas', import.meta.url));
const SAVE_GAME = 'iglu:com.example_company/save-game/jsonschema/1-0-2';

let browser: Browser;
let collector: Collector;
let page: Page;

beforeAll(async () => {
  [browser, collector] = await Promise.all([launchBrowser(), startCollector({ registries: [SCHEMAS] })]);
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});
afterAll(async () => {
  await Promise.all([browser?.close(), collector?.stop()]);
});

const rows = () => page.locator('[data-testid=rows] tr');
/** Each row's cells: kind badge, event type, schema, app id. */
const cells = () =>
  rows().evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].slice(1, 5).map((td) => td.textContent ?? '')),
  );

async function track(appId: string, withBad: boolean): Promise<void> {
  const tracker = new Tracker({ emitters: new Emitter({ endpoint: collector.url }), appId });
  trackEveryKind(tracker);
  if (withBad) trackBadSaveGame(tracker);
  await tracker.close();
}

async function setFilter(testid: string, value: string): Promise<void> {
  const field = page.getByTestId(testid);
  if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
  else await field.fill(value);
}

describe('event inspector page', () => {
  it('lists events tracked through the typed functions as they arrive, newest first', async () => {
    await page.goto(`${collector.url}/micro/ui`);
    await expect.poll(() => page.getByTestId('live').textContent()).toMatch(/^live/);
    expect(await rows().count()).toBe(0);
    await track('inspector', true);
    // No reload: the page's own polling brings the rows in.
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(8);
    expect(await cells()).toEqual([
      ['bad (1)', 'unstruct', SAVE_GAME, 'inspector'],
      [
        'good',
        'transaction_item',
        'iglu:com.snowplowanalytics.snowplow/transaction_item/jsonschema/1-0-0',
        'inspector',
      ],
      [
        'good',
        'transaction_item',
        'iglu:com.snowplowanalytics.snowplow/transaction_item/jsonschema/1-0-0',
        'inspector',
      ],
      [
        'good',
        'transaction',
        'iglu:com.snowplowanalytics.snowplow/transaction/jsonschema/1-0-0',
        'inspector',
      ],
      ['good', 'struct', 'iglu:com.google.analytics/event/jsonschema/1-0-0', 'inspector'],
      ['good', 'unstruct', 'iglu:com.snowplowanalytics.snowplow/screen_view/jsonschema/1-0-0', 'inspector'],
      ['good', 'page_view', 'iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0', 'inspector'],
      ['good', 'unstruct', SAVE_GAME, 'inspector'],
    ]);
    expect(await page.getByTestId('count-good').textContent()).toBe('7 good');
    expect(await page.getByTestId('count-bad').textContent()).toBe('1 bad');
    expect(await page.getByTestId('schemas').textContent()).toContain('(watched for changes)');
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-list.png') });
  });

  it('narrows the list by result, event type, schema wildcard, app id and free text', async () => {
    await track('other-app', false);
    await expect.poll(() => rows().count(), { timeout: 10_000 }).toBe(15);
    const narrowed = async (testid: string, value: string) => {
      await setFilter(testid, value);
      await expect.poll(() => page.getByTestId('range').textContent()).not.toContain('of 15');
      const found = await cells();
      await setFilter(testid, '');
      await expect.poll(() => page.getByTestId('range').textContent()).toBe('1–15 of 15');
      return found.map(([kind, type, , app]) => `${kind} ${type} ${app}`);
    };
    expect(await narrowed('filter-kind', 'bad')).toEqual(['bad (1) unstruct inspector']);
    expect(await narrowed('filter-type', 'struct')).toEqual([
      'good struct other-app',
      'good struct inspector',
    ]);
    expect(await narrowed('filter-schema', 'iglu:com.example_company/*/jsonschema/1-*-*')).toEqual([
      'good unstruct other-app',
      'bad (1) unstruct inspector',
      'good unstruct inspector',
    ]);
    expect(await narrowed('filter-app', 'other-app')).toHaveLength(7);
    // Free text reaches into decoded self-describing data: the poster context's movie.
    expect(await narrowed('filter-text', 'solaris')).toEqual([
      'good page_view other-app',
      'good unstruct other-app',
      'good page_view inspector',
      'good unstruct inspector',
    ]);
  });

  it('opens a bad event with each reason beside the field it names', async () => {
    await setFilter('filter-kind', 'bad');
    await expect.poll(() => rows().count()).toBe(1);
    await rows().first().click();
    const reason = `ue_px $.data.level: must be integer (${SAVE_GAME})`;
    await expect.poll(() => page.getByTestId('reason').allTextContents()).toEqual([reason, reason]);
    // Once under the decoded payload, once in the ue_px parameter's row.
    const besideField = await page
      .locator('table.fields tr', { has: page.getByTestId('reason') })
      .locator('td')
      .first()
      .textContent();
    expect(besideField).toBe('ue_px');
    expect(await page.getByTestId('detail').textContent()).toContain('"seven"');
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-bad-event.png') });
    await setFilter('filter-kind', '');
  });

  it('empties the list and the counters on reset', async () => {
    await page.getByTestId('reset').click();
    await expect.poll(() => rows().count()).toBe(0);
    expect(await page.getByTestId('count-good').textContent()).toBe('0 good');
    expect(await page.getByTestId('range').textContent()).toBe('no events');
    expect(collector.events.summary()).toEqual({ total: 0, good: 0, bad: 0 });
  });

  it('works with a bearer token given as #token=…, keeping it out of the address bar', async () => {
    const locked = await startCollector({ token: 's3cret' });
    const tab = await browser.newPage();
    try {
      await post(locked.url, [{ e: 'pv', ...base, aid: 'locked' }]);
      await tab.goto(`${locked.url}/micro/ui#token=s3cret`);
      await expect.poll(() => tab.locator('[data-testid=rows] tr').count()).toBe(1);
      expect(tab.url()).toBe(`${locked.url}/micro/ui`);
      await tab.getByTestId('reset').click();
      await expect.poll(() => tab.locator('[data-testid=rows] tr').count()).toBe(0);
      expect(locked.events.summary().total).toBe(0);
    } finally {
      await tab.close();
      await locked.stop();
    }
  });

  it('pages 100,000 events: 100 rows in the page, the rest a click away', async () => {
    const batch = (n: number) =>
      Array.from({ length: 1000 }, (_, i) => ({ e: 'pv', ...base, aid: `a${n * 1000 + i}` }));
    for (let n = 0; n < 100; n++) await post(collector.url, batch(n));
    await expect
      .poll(() => page.getByTestId('range').textContent(), { timeout: 10_000 })
      .toBe('1–100 of 100000');
    expect(await rows().count()).toBe(100);
    expect((await cells())[0]?.[3]).toBe('a99999');
    await page.getByTestId('older').click();
    await expect.poll(() => page.getByTestId('range').textContent()).toBe('101–200 of 100000');
    expect((await cells())[0]?.[3]).toBe('a99899');
    // One batch more: the oldest thousand go, and the page says so with the bounds.
    await post(collector.url, batch(100));
    await expect
      .poll(() => page.getByTestId('count-dropped').textContent(), { timeout: 10_000 })
      .toBe('1000 dropped (bounds: 100000 events of a kind, 200 MB)');
    expect(await page.getByTestId('range').textContent()).toBe('101–200 of 100000');
    await setFilter('filter-app', 'a12345');
    await expect
      .poll(() => cells())
      .toEqual([
        ['good', 'page_view', 'iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0', 'a12345'],
      ]);
  });
});
