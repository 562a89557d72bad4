/**
 * HTTP delivery speed and memory, end to end into a sink running in another process (bench/sink.ts):
 *  - POST: plowtype (Tracker -> AsyncEmitter) vs a raw undici Pool writing bodies of the same size per
 *    request from events encoded once, as plowtype's send path does (target >= 70%) vs
 *    @snowplow/node-tracker (target >= 7x);
 *  - GET: the same three (targets >= 60% of raw);
 *  - peak RSS while 50,000 events wait in the store during an outage.
 * Rounds alternate plowtype and raw so warm-up and GC hit both alike; medians are compared.
 *
 * Run: npx tsx bench/http.ts [rounds]
 */
import { createServer } from 'node:net';
import { AsyncEmitter, createLogger } from '../src/index.js';
import {
  CONNECTIONS,
  context,
  emitterOnlyRun,
  event,
  officialRun,
  plowtypeRun,
  plowtypeTracker,
  rawRun,
  trackInChunks,
} from './http-runners.js';
import { SinkProcess } from './sink-process.js';

const ROUNDS = Number(process.argv[2] ?? 3);
const POST_EVENTS = 200_000;
const GET_EVENTS = 40_000;
const OFFICIAL_POST_EVENTS = 30_000;
const OFFICIAL_GET_EVENTS = 4_000;
const OUTAGE_EVENTS = 50_000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const us = (n: number) => `${n.toFixed(2)} µs`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

interface Comparison {
  method: 'get' | 'post';
  events: number;
  /** plowtype's maxBatchEvents; undefined = its default (up to 100 events per POST). */
  maxBatchEvents?: number;
  target: number;
  label: string;
}

/** Medians of alternating plowtype/raw rounds; raw sends as many events per request as plowtype did. */
async function compare(
  sink: SinkProcess,
  c: Comparison,
): Promise<{ ours: number; raw: number; perRequest: number }> {
  const ours: number[] = [];
  const raw: number[] = [];
  const cpu = { ours: [] as number[], raw: [] as number[] };
  await plowtypeRun(sink, c.method, Math.min(c.events, 20_000), c.maxBatchEvents); // warm-up
  let perRequest = 1;
  for (let round = 0; round < ROUNDS; round += 1) {
    const run = await plowtypeRun(sink, c.method, c.events, c.maxBatchEvents);
    if (run.counts.events !== c.events)
      throw new Error(`plowtype delivered ${run.counts.events} of ${c.events}`);
    ours.push(run.rate);
    cpu.ours.push(run.cpu);
    perRequest = Math.max(1, Math.round(run.counts.events / run.counts.requests));
    const anchor = await rawRun(sink, c.method, c.events, perRequest);
    if (anchor.counts.events < c.events)
      throw new Error(`raw delivered ${anchor.counts.events} of ${c.events}`);
    raw.push(anchor.rate);
    cpu.raw.push(anchor.cpu);
  }
  const [o, r] = [median(ours), median(raw)];
  console.log(
    `${c.label}: plowtype Tracker -> AsyncEmitter (${CONNECTIONS} connections): ${fmt(o)} events/s`,
  );
  console.log(
    `  anchor: raw undici Pool, body written per request, ${perRequest} event(s)/request: ${fmt(r)} events/s`,
  );
  const verdict = o / r >= c.target ? 'OK' : 'BELOW TARGET';
  console.log(`  ratio plowtype/raw: ${(o / r).toFixed(2)} (target >= ${c.target.toFixed(2)}) ${verdict}`);
  console.log(`  rounds plowtype: ${ours.map(fmt).join(', ')}; raw: ${raw.map(fmt).join(', ')}`);
  console.log(`  sender CPU per event: plowtype ${us(median(cpu.ours))}, raw ${us(median(cpu.raw))}`);
  return { ours: o, raw: r, perRequest };
}

async function official(
  sink: SinkProcess,
  method: 'get' | 'post',
  events: number,
  ours: number,
  target?: number,
) {
  const run = await officialRun(sink, method, events);
  const lost = events - run.counts.events;
  console.log(
    `  @snowplow/node-tracker 4.8.0 (${method.toUpperCase()}): ${fmt(run.rate)} events/s (${fmt(events)} tracked, ${fmt(lost)} lost), ${us(run.cpu)} CPU per event`,
  );
  const goal =
    target === undefined
      ? ''
      : ` (target >= ${target}x) ${ours / run.rate >= target ? 'OK' : 'BELOW TARGET'}`;
  console.log(`  ratio plowtype/official: ${(ours / run.rate).toFixed(1)}x${goal}`);
}

/** A port where nothing listens: the collector is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function outageMemory(): Promise<void> {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  let reported = 0;
  const emitter = new AsyncEmitter({
    endpoint: `http://127.0.0.1:${await closedPort()}`,
    logger: createLogger({ level: 'off' }),
    onFailure: (_sent, unsent) => {
      reported += unsent.length;
    },
  });
  const tracker = plowtypeTracker(emitter);
  await trackInChunks(OUTAGE_EVENTS, () => tracker.trackSelfDescribingEvent({ event, context: [context] }));
  await new Promise((resolve) => setTimeout(resolve, 200));
  peak = Math.max(peak, process.memoryUsage().rss);
  const held = emitter.queued;
  clearInterval(sampler);
  await emitter.close({ timeout: 0 });
  console.log(
    `Outage: ${fmt(OUTAGE_EVENTS)} events tracked while the collector is down (default store: 500,000 events / 512 MiB)`,
  );
  console.log(
    `  held in the store: ${fmt(held)}; peak RSS ${mib(peak)} (${mib(before)} before, +${mib(peak - before)})`,
  );
  console.log(`  on close({ timeout: 0 }): ${fmt(reported)} reported through onFailure, none lost silently`);
}

const sink = await SinkProcess.start();
try {
  // Memory first, while the heap is fresh.
  await outageMemory();
  const post = await compare(sink, {
    method: 'post',
    events: POST_EVENTS,
    target: 0.7,
    label: 'POST end to end, default batching',
  });
  await official(sink, 'post', OFFICIAL_POST_EVENTS, post.ours, 7);
  const alone: number[] = [];
  const aloneCpu: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const run = await emitterOnlyRun(sink, POST_EVENTS);
    alone.push(run.rate);
    aloneCpu.push(run.cpu);
  }
  // The send path alone against the anchor, which does the same per-request work and no tracking.
  const vsRaw = `${(median(alone) / post.raw).toFixed(2)} of the raw anchor`;
  const aloneLine = `${fmt(median(alone))} events/s (${vsRaw}), ${us(median(aloneCpu))} CPU per event`;
  console.log(
    `  diagnostic: the emitter alone (inputJson() of events the Tracker built before): ${aloneLine}`,
  );
  // The seed's batch size (bufferSize 10) on both sides: the per-request overhead the 70% target assumes.
  await compare(sink, {
    method: 'post',
    events: POST_EVENTS,
    maxBatchEvents: 10,
    target: 0.7,
    label: 'POST end to end, 10 events/request',
  });
  const get = await compare(sink, {
    method: 'get',
    events: GET_EVENTS,
    target: 0.6,
    label: 'GET end to end',
  });
  await official(sink, 'get', OFFICIAL_GET_EVENTS, get.ours);
} finally {
  await sink.stop();
}
