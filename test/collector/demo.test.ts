/** `npm run demo` end to end, as a child process: generate, collect, track, print the table, exit code. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startCollector } from '../../src/collector/index.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(
  command: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The table's rows as cells (columns are separated by two or more spaces); reason lines kept whole. */
function rows(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => /^\d+\s+(POST|GET)\s/.test(line) || line.startsWith('      ↳ '))
    .map((line) => (line.startsWith('      ↳ ') ? [line.trim()] : line.split(/\s{2,}/)));
}

const SAVE_GAME = 'com.example_company/save-game/1-0-2';
const SNOWPLOW = 'com.snowplowanalytics.snowplow';
const kinds = (method: string, first: number): string[][] =>
  [
    ['trackSaveGame + moviePosterContext', 'unstruct', SAVE_GAME, 'movie_poster', 'GOOD'],
    ['trackPageView', 'page_view', `${SNOWPLOW}/page_view/1-0-0`, 'GOOD'],
    ['trackScreenView', 'unstruct', `${SNOWPLOW}/screen_view/1-0-0`, 'GOOD'],
    ['trackStructEvent', 'struct', 'com.google.analytics/event/1-0-0', 'GOOD'],
    ['trackEcommerceTransaction', 'transaction', `${SNOWPLOW}/transaction/1-0-0`, 'GOOD'],
    // The item labels are indented by two spaces, which the split swallows.
    ['item potion-red', 'transaction_item', `${SNOWPLOW}/transaction_item/1-0-0`, 'GOOD'],
    ['item map', 'transaction_item', `${SNOWPLOW}/transaction_item/1-0-0`, 'GOOD'],
  ].map((cells, i) => [String(first + i), method, ...cells]);

// Child processes that compile TypeScript: generous under a loaded CI machine, still bounded.
describe('npm run demo', { timeout: 120_000 }, () => {
  it('generates, tracks every kind over POST and GET, and finds all of it good', async () => {
    const { code, stdout, stderr } = await run('npm', ['run', '-s', 'demo']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^plowtype generate: /);
    expect(stdout).toMatch(
      /\nLocal collector at http:\/\/127\.0\.0\.1:\d+ with \d+ schemas from schemas\/\n/,
    );
    expect(rows(stdout)).toEqual([...kinds('POST', 1), ...kinds('GET', 8)]);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('14 events tracked: 14 good, 0 bad, 0 missing');
  });

  it('shows a bad event with its reasons and exits 1 (--with-bad)', async () => {
    const { code, stdout } = await run(process.execPath, [
      '--import',
      'tsx',
      'examples/demo.ts',
      '--with-bad',
    ]);
    expect(code).toBe(1);
    const bad = (n: number, method: string) => [
      [String(n), method, 'trackSelfDescribingEvent (untyped)', 'e=ue', SAVE_GAME, 'BAD'],
      [`↳ ue_px $.data.level: must be integer (iglu:com.example_company/save-game/jsonschema/1-0-2)`],
    ];
    expect(rows(stdout)).toEqual([
      ...kinds('POST', 1),
      ...bad(8, 'POST'),
      ...kinds('GET', 9),
      ...bad(16, 'GET'),
    ]);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('16 events tracked: 14 good, 2 bad, 0 missing');
  });

  it('tracks into a collector already running and reads it back through /micro (--collector)', async () => {
    const collector = await startCollector({ registries: [`${ROOT}/schemas`] });
    const mine = { e: 'pv', p: 'web', tv: 'mine', eid: 'c6ef3124-b53a-4b13-a233-0088f79dcbcb', aid: 'mine' };
    await fetch(`${collector.url}/i?${new URLSearchParams(mine)}`).then((r) => r.arrayBuffer());
    await fetch(`${collector.url}/i?${new URLSearchParams({ ...mine, p: 'moon' })}`).then((r) =>
      r.arrayBuffer(),
    );
    try {
      const { code, stdout } = await run(process.execPath, [
        '--import',
        'tsx',
        'examples/demo.ts',
        '--collector',
        collector.url,
      ]);
      expect(code).toBe(0);
      expect(stdout.split('\n')[0]).toBe(
        `Collector at ${collector.url} (read through its /micro API; its other events are left alone)`,
      );
      // The collector's own good and bad events are neither reset nor shown in the demo's table.
      expect(rows(stdout)).toEqual([...kinds('POST', 1), ...kinds('GET', 8)]);
      expect(collector.events.summary()).toEqual({ total: 16, good: 15, bad: 1 });
      expect(collector.events.bad()[0]?.rawEvent?.parameters.aid).toBe('mine');
    } finally {
      await collector.stop();
    }
  });
});
