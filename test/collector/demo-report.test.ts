/** The demo's table: tracked events matched by id, and bad records no tracked event accounts for shown too. */
import { afterAll, describe, expect, it } from 'vitest';
import { matchRows, renderTable } from '../../examples/demo-report.js';
import { startCollector } from '../../src/collector/index.js';
import { base, EID, post, REGISTRY } from './helpers.js';

const collector = await startCollector({ registries: [REGISTRY] });
afterAll(() => collector.stop());

describe('matchRows', () => {
  it('lists a refused request as a bad row with its reason, beside the tracked events', async () => {
    await post(collector.url, [{ e: 'pv', ...base }]);
    await post(collector.url, [], { raw: '{"schema":' });
    const missing = '0b6c8a52-9f4e-4d1a-8c3b-2e7f6a5d4c3b';
    const rows = matchRows(
      'POST',
      [
        { eid: EID, label: 'trackPageView' },
        { eid: missing, label: 'trackStructEvent' },
      ],
      { good: collector.events.good(), bad: collector.events.bad() },
    );
    expect(rows.map((r) => [r.label, r.result, r.event, r.reasons])).toEqual([
      ['trackPageView', 'good', 'page_view', []],
      ['trackStructEvent', 'missing', '', []],
      ['(not tracked by the demo)', 'bad', '', [expect.stringMatching(/^body: Not valid JSON: /)]],
    ]);
    expect(renderTable(rows).split('\n').at(-1)).toMatch(/^ {6}↳ body: Not valid JSON: /);
  });
});
