/**
 * Payload building speed: a self-describing event with one context, base64 on, into an emitter that
 * discards, for plowtype and for @snowplow/node-tracker (idiomatic newTracker + customEmitter) in the same
 * process. Rounds alternate so warm-up, GC and CPU frequency hit both alike; the medians are compared.
 *
 * Run: npx tsx bench/payload.ts [rounds] [events per round]
 */
import { buildSelfDescribingEvent, newTracker } from '@snowplow/node-tracker';
import { type Payload, Subject, Tracker } from '../src/index.js';

const ROUNDS = Number(process.argv[2] ?? 7);
const EVENTS = Number(process.argv[3] ?? 200_000);

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

function plowtypeRun(n: number): void {
  const tracker = new Tracker({
    emitters: {
      input: (p: Payload) => {
        checksum += (p.ue_px as string).length;
      },
    },
    namespace: 'bench',
    appId: 'bench-app',
    subject: new Subject().setUserId('user-42').setScreenResolution(1920, 1080).setLang('en-GB'),
  });
  for (let i = 0; i < n; i++) tracker.trackSelfDescribingEvent({ event, context: [context] });
}

const resolved = Promise.resolve();

function officialRun(n: number): void {
  const tracker = newTracker(
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
  tracker.setUserId('user-42');
  tracker.setScreenResolution('1920', '1080');
  tracker.setLang('en-GB');
  for (let i = 0; i < n; i++) tracker.track(buildSelfDescribingEvent({ event }), [context]);
}

const gc = (globalThis as { gc?: () => void }).gc;

function rate(run: (n: number) => void): number {
  gc?.(); // with --expose-gc (npm run bench), neither side pays for the other's garbage
  const start = process.hrtime.bigint();
  run(EVENTS);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return EVENTS / seconds;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

// Warm-up: let both reach optimised code before anything is measured.
plowtypeRun(20_000);
officialRun(20_000);

const ours: number[] = [];
const theirs: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const first = round % 2 === 0;
  if (first) ours.push(rate(plowtypeRun));
  theirs.push(rate(officialRun));
  if (!first) ours.push(rate(plowtypeRun));
  const o = ours.at(-1) as number;
  const t = theirs.at(-1) as number;
  process.stdout.write(`round ${round + 1}: plowtype ${fmt(o)}/s  node-tracker ${fmt(t)}/s\n`);
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

const o = median(ours);
const t = median(theirs);
// Rounds next to each other share the machine's load, so the ratio per round pair is the steadier figure.
const pairRatio = median(ours.map((x, i) => x / (theirs[i] as number)));
process.stdout.write(
  `self-describing event + 1 context, base64, discarding emitter, ${EVENTS} events x ${ROUNDS} rounds (median)\n` +
    `plowtype:                ${fmt(o)} events/s\n` +
    `@snowplow/node-tracker:  ${fmt(t)} events/s\n` +
    `ratio:                   ${(o / t).toFixed(2)}x of medians, ${pairRatio.toFixed(2)}x median per round (target >= 5x)\n` +
    `(checksum ${checksum})\n`,
);
