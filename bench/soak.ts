/**
 * Soak: `plowtype micro` (the CLI, its own process, default bounds, V8's heap capped near the store
 * bound) takes 1,000,000 events from the
 * project's own tracker (the generated `trackSaveGame` with a context, Tracker -> AsyncEmitter, POST)
 * as fast as it will, while the inspector page is open in headless Chromium and polling. Reports
 * events/s and the collector's peak RSS (VmHWM) against its store bound, and, side by side in the same
 * run, the rate of the same collector fed by @snowplow/node-tracker (a tenth as many events), as a ratio.
 *
 * `npm run bench soak` or `node --import tsx bench/soak.ts [events]`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildSelfDescribingEvent, newTracker } from '@snowplow/node-tracker';
import { chromium } from 'playwright-core';
import { moviePosterContext, trackSaveGame } from '../generated/index.js';
import { AsyncEmitter, createLogger, Tracker } from '../src/index.js';

const N = Number(process.argv[2] ?? 1_000_000);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAX_STORE_BYTES = 200_000_000;
/**
 * V8's old space for the collector: the store bound plus room for the rest. Left to its default (a few
 * GB on this machine), V8 lets garbage pile up far past what is live: a trial run peaked at 937 MB RSS
 * for a 200 MB store; capped at 320 MB it peaked at 368 MB and never ran out, at about half the
 * events/s (more collections).
 */
const HEAP_MB = MAX_STORE_BYTES / 1e6 + 120;
const CHUNK = 500;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The collector's peak and current resident set, in MB, from /proc. */
function rss(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

/** Starts `plowtype micro` and resolves with its URL; its per-event log lines are counted. */
function startMicro(): Promise<{ child: ChildProcess; url: string; logged: () => number }> {
  const args = [
    `--max-old-space-size=${HEAP_MB}`,
    ...['--import', 'tsx', 'codegen/cli/bin.ts', 'micro', '--port', '0', '--registry', 'schemas'],
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let lines = 0;
  return new Promise((resolve, reject) => {
    let banner = '';
    child.on('exit', (code) => reject(new Error(`plowtype micro exited with ${code}`)));
    child.stdout?.on('data', (d: Buffer) => {
      if (banner === '' || !banner.includes('\n')) {
        banner += d.toString();
        const url = /listening on (http:\/\/[\d.:]+)/.exec(banner)?.[1];
        if (url) resolve({ child, url, logged: () => lines });
      }
      for (let i = d.indexOf(10); i !== -1; i = d.indexOf(10, i + 1)) lines++;
    });
  });
}

type Summary = { total: number; good: number; bad: number; dropped: number };

async function all(url: string): Promise<Summary> {
  return (await (await fetch(`${url}/micro/all`)).json()) as Summary;
}

async function ours(url: string, n: number): Promise<number> {
  // Warnings stay on: an event the emitter drops is reported, not lost silently.
  const emitter = new AsyncEmitter({
    endpoint: url,
    method: 'post',
    logger: createLogger({ level: 'warn' }),
  });
  const tracker = new Tracker({ emitters: emitter, appId: 'soak', logger: createLogger({ level: 'warn' }) });
  const poster = moviePosterContext({
    movie_name: 'Solaris',
    poster_country: 'DE',
    poster_year: '1972-03-20',
  });
  const start = performance.now();
  for (let done = 0; done < n; done += CHUNK) {
    for (let i = 0; i < CHUNK && done + i < n; i++) {
      trackSaveGame(tracker, { save_id: `s${done + i}`, level: 7 }, { context: [poster] });
    }
    // The emitter's store holds 500,000 events and drops the oldest past that: a flush every 100,000
    // keeps a producer this fast from outrunning it (the first run without one lost 226,300 events).
    if ((done + CHUNK) % 100_000 === 0) await tracker.flush();
    else await turn();
  }
  await tracker.flush();
  const seconds = (performance.now() - start) / 1000;
  await tracker.close();
  return n / seconds;
}

async function official(url: string, n: number): Promise<number> {
  const { hostname, port } = new URL(url);
  const tracker = newTracker(
    { namespace: 'soak', appId: 'soak-official' },
    { endpoint: hostname, protocol: 'http', port: Number(port), eventMethod: 'post', bufferSize: 100 },
  );
  const event = {
    schema: 'iglu:com.example_company/save-game/jsonschema/1-0-2',
    data: { save_id: 's', level: 7 },
  };
  const start = performance.now();
  // Its flush() awaited every 1,000 events: tracked without it, its store of 1,000 drops events silently.
  for (let done = 0; done < n; done += 1000) {
    for (let i = 0; i < 1000; i++) tracker.track(buildSelfDescribingEvent({ event }));
    await tracker.flush();
  }
  return n / ((performance.now() - start) / 1000);
}

const micro = await startMicro();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const pid = micro.child.pid as number;
try {
  const page = await browser.newPage();
  await page.goto(`${micro.url}/micro/ui`);
  const rate = await ours(micro.url, N);
  const summary = await all(micro.url);
  // The page polls every second: give it a few to show the final count.
  let pageRange = '';
  for (let i = 0; i < 50 && !pageRange.endsWith(`of ${summary.good}`); i++) {
    await page.waitForTimeout(200);
    pageRange = (await page.getByTestId('range').textContent()) ?? '';
  }
  const memory = rss(pid);
  const officialN = Math.max(1000, Math.round(N / 10 / 1000) * 1000);
  const officialRate = await official(micro.url, officialN);
  const row = (label: string, value: string) => `${label.padEnd(52)}${value}\n`;
  process.stdout.write(
    row('events tracked (plowtype tracker, POST)', N.toLocaleString('en')) +
      row('collector /micro/all after the run', JSON.stringify(summary)) +
      row(
        'received (good + bad + dropped by the bounds)',
        (summary.good + summary.bad + summary.dropped).toLocaleString('en'),
      ) +
      row('inspector page shows', pageRange) +
      row('events/s, plowtype tracker -> plowtype micro', Math.round(rate).toLocaleString('en')) +
      row(
        `events/s, @snowplow/node-tracker (${officialN.toLocaleString('en')})`,
        Math.round(officialRate).toLocaleString('en'),
      ) +
      row('ratio plowtype / official', (rate / officialRate).toFixed(2)) +
      row('collector peak RSS (VmHWM)', `${memory.peak.toFixed(0)} MB`) +
      row('collector RSS at the end', `${memory.now.toFixed(0)} MB`) +
      row(
        'store bound (--max-store-bytes, estimated)',
        `${MAX_STORE_BYTES / 1e6} MB, 100,000 events a kind`,
      ) +
      row(
        'load average (1, 5, 15 min)',
        loadavg()
          .map((l) => l.toFixed(2))
          .join(', '),
      ),
  );
} finally {
  await browser.close();
  // The CLI and tsx run in their own process group: end it whole.
  if (micro.child.exitCode === null) process.kill(-pid, 'SIGTERM');
}
