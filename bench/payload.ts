/**
 * Payload building speed: a self-describing event with one context, base64 on, into an emitter that
 * discards, for plowtype and for @snowplow/node-tracker (idiomatic newTracker + customEmitter, its
 * tracker-core underneath) in the same process and with the same event data. Measured twice: bare, and
 * with one global context (a fixed entity) and one plugin (beforeTrack, filter, afterTrack) installed on
 * both trackers alike.
 *
 * The two run in short alternating slices (about 100 ms each), so a change in the machine's load hits
 * both alike; the figures are totals over all slices, and the ratio per slice pair is reported as well.
 *
 * Run: npx tsx bench/payload.ts [pairs of slices]
 */
import { buildSelfDescribingEvent, newTracker } from '@snowplow/node-tracker';
import { type Payload, Subject, Tracker } from '../src/index.js';

const PAIRS = Number(process.argv[2] ?? 24);

const event = {
  schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0',
  data: { productId: 'SKU-123', price: 20.5, currency: 'EUR', inStock: true, tags: ['a', 'b'] },
} as const;
const context = {
  schema: 'iglu:com.acme/user/jsonschema/1-0-0',
  data: { type: 'tester', tier: 2, beta: true, note: 'ünïcødé ✓' },
} as const;

// What each emitter keeps of a payload, so the work cannot be optimised away.
let checksum = 0;

function makeOurs(): Tracker {
  return new Tracker({
    emitters: {
      input: (p: Payload) => {
        checksum += (p.ue_px as string).length;
      },
    },
    namespace: 'bench',
    appId: 'bench-app',
    subject: new Subject().setUserId('user-42').setScreenResolution(1920, 1080).setLang('en-GB'),
  });
}

const resolved = Promise.resolve();
function makeTheirs() {
  const theirs = newTracker(
    { namespace: 'bench', appId: 'bench-app' },
    {
      customEmitter: () => ({
        input: (p: Record<string, unknown>) => {
          checksum += (p.ue_px as string).length;
          return resolved;
        },
        flush: () => resolved,
        setCollectorUrl: () => undefined,
        setAnonymousTracking: () => undefined,
        setBufferSize: () => undefined,
      }),
    },
  );
  theirs.setUserId('user-42');
  theirs.setScreenResolution('1920', '1080');
  theirs.setLang('en-GB');
  return theirs;
}

const global = { schema: 'iglu:com.acme/app/jsonschema/1-0-0', data: { build: '1.2.3', region: 'eu' } };
let afterTracks = 0;

const ours = makeOurs();
const oursExtended = makeOurs()
  .addGlobalContexts([global])
  .addPlugin({
    beforeTrack: (e) => void e.event.eid,
    filter: () => true,
    afterTrack: () => void afterTracks++,
  });
const theirs = makeTheirs();
const theirsExtended = makeTheirs();
theirsExtended.addGlobalContexts([global]);
theirsExtended.addPlugin({
  plugin: {
    beforeTrack: (pb) => void pb.getPayload().eid,
    filter: () => true,
    afterTrack: () => void afterTracks++,
  },
});

const runOf =
  (tracker: Tracker) =>
  (n: number): void => {
    for (let i = 0; i < n; i++) tracker.trackSelfDescribingEvent({ event, context: [context] });
  };
const officialRunOf =
  (tracker: ReturnType<typeof makeTheirs>) =>
  (n: number): void => {
    for (let i = 0; i < n; i++) tracker.track(buildSelfDescribingEvent({ event }), [context]);
  };

const gc = (globalThis as { gc?: () => void }).gc;

/** Seconds to track `n` events. */
function time(run: (n: number) => void, n: number): number {
  gc?.(); // with --expose-gc (npm run bench), neither side pays for the other's garbage
  const start = process.hrtime.bigint();
  run(n);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Runs both sides in alternating slices; the line of figures for one configuration. */
function compare(label: string, plowtypeRun: (n: number) => void, officialRun: (n: number) => void): string {
  // Warm-up: both reach optimised code, and each slice size is set to take about 100 ms.
  const warm = (run: (n: number) => void): number => {
    run(20_000);
    return Math.max(1000, Math.round(0.1 / (time(run, 20_000) / 20_000)));
  };
  const oursSlice = warm(plowtypeRun);
  const theirsSlice = warm(officialRun);
  let oursSeconds = 0;
  let theirsSeconds = 0;
  const ratios: number[] = [];
  for (let pair = 0; pair < PAIRS; pair++) {
    // Alternate which goes first, so neither always runs on a warmer or cooler machine.
    const a = pair % 2 === 0 ? time(plowtypeRun, oursSlice) : 0;
    const b = time(officialRun, theirsSlice);
    const c = pair % 2 === 0 ? a : time(plowtypeRun, oursSlice);
    oursSeconds += c;
    theirsSeconds += b;
    ratios.push(oursSlice / c / (theirsSlice / b));
  }
  const oursRate = (oursSlice * PAIRS) / oursSeconds;
  const theirsRate = (theirsSlice * PAIRS) / theirsSeconds;
  return (
    `${label}\n` +
    `  plowtype:                ${fmt(oursRate)} events/s\n` +
    `  @snowplow/node-tracker:  ${fmt(theirsRate)} events/s\n` +
    `  ratio:                   ${(oursRate / theirsRate).toFixed(2)}x overall, ${median(ratios).toFixed(2)}x median ` +
    `per pair (min ${Math.min(...ratios).toFixed(2)}x, max ${Math.max(...ratios).toFixed(2)}x); target >= 5x\n`
  );
}

process.stdout.write(
  `self-describing event + 1 context, base64 on, discarding emitter; ${PAIRS} alternating slice pairs each\n` +
    compare('bare trackers', runOf(ours), officialRunOf(theirs)) +
    compare(
      'with 1 global context and 1 plugin on each',
      runOf(oursExtended),
      officialRunOf(theirsExtended),
    ) +
    `(checksum ${checksum}, afterTrack calls ${afterTracks})\n`,
);
