/**
 * `npm run demo`: after `plowtype generate` has turned schemas/ into generated/, start the local
 * collector on schemas/, track every event kind over POST and over GET through the generated typed
 * functions, flush, and print what the collector received. Exits 1 if any event was bad or missing.
 *
 * Flags: `--with-bad` also tracks one event that breaks its schema, to show a bad row with its reasons;
 * `--collector URL` uses a collector already running (`npx plowtype micro` in another terminal) instead
 * of starting one, and reads what it received through its /micro API; it resets nothing there, and
 * reads back only its own events (by app id).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Emitter, type HttpMethod, Subject, setLogLevel, Tracker } from 'plowtype';
import { type DemoCollector, embeddedCollector, remoteCollector } from './demo-collector.js';
import { type Expected, trackBadSaveGame, trackEveryKind } from './demo-events.js';
import { matchRows, type Row, renderTable } from './demo-report.js';

// The demo prints its own table of what the collector received: the default logger's line per request
// (info) would say it twice. Warnings and errors still show.
setLogLevel('warn');

async function trackOver(collector: DemoCollector, method: HttpMethod, withBad: boolean): Promise<Row[]> {
  // An app id of this run and method: what is read back is exactly what this round tracked.
  const appId = `plowtype-demo-${method}-${randomUUID().slice(0, 8)}`;
  const emitter = new Emitter({ endpoint: collector.url, method });
  const subject = new Subject().setUserId('player-1').setPlatform('pc').setLang('en-GB');
  const tracker = new Tracker({ emitters: emitter, subject, namespace: 'demo', appId });
  const expected: Expected[] = trackEveryKind(tracker);
  if (withBad) expected.push(...trackBadSaveGame(tracker));
  await tracker.close();
  return matchRows(method.toUpperCase(), expected, await collector.received(appId));
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { 'with-bad': { type: 'boolean' }, collector: { type: 'string' } },
  });
  const withBad = values['with-bad'] === true;
  const collector = values.collector ? remoteCollector(values.collector) : await embeddedCollector('schemas');
  try {
    process.stdout.write(`${collector.description}\n\n`);
    const rows = [
      ...(await trackOver(collector, 'post', withBad)),
      ...(await trackOver(collector, 'get', withBad)),
    ];
    process.stdout.write(`${renderTable(rows)}\n\n`);
    const count = (result: Row['result']) => rows.filter((r) => r.result === result).length;
    const [good, bad, missing] = [count('good'), count('bad'), count('missing')];
    process.stdout.write(`${rows.length} events tracked: ${good} good, ${bad} bad, ${missing} missing\n`);
    return bad + missing === 0 ? 0 : 1;
  } finally {
    await collector.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `demo failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
