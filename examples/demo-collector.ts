/**
 * Where the demo sends events and reads them back: a collector it starts itself, or one already running
 * (`plowtype micro`, or Snowplow Micro) read through the Micro REST API.
 */
// In an application: import { ... } from 'plowtype/collector';
import { type BadEvent, type GoodEvent, startCollector } from '../src/collector/index.js';

/** A collector to track into, and what it received. */
export interface DemoCollector {
  url: string;
  description: string;
  reset(): Promise<void>;
  received(): Promise<{ good: GoodEvent[]; bad: BadEvent[] }>;
  stop(): Promise<void>;
}

/** Starts the local collector in this process, validating against `registry`. */
export async function embeddedCollector(registry: string): Promise<DemoCollector> {
  const collector = await startCollector({ registries: [registry] });
  return {
    url: collector.url,
    description: `Local collector at ${collector.url} with ${collector.schemaCount} schemas from ${registry}/`,
    reset: async () => collector.reset(),
    received: async () => ({ good: collector.events.good(), bad: collector.events.bad() }),
    stop: () => collector.stop(),
  };
}

async function call(url: string, path: string): Promise<unknown> {
  const res = await fetch(`${url}/micro/${path}`);
  if (!res.ok) throw new Error(`Collector answered ${res.status}: GET ${url}/micro/${path}`);
  return res.headers.get('content-type')?.startsWith('application/json') ? res.json() : res.text();
}

/** A collector already running at `url`, read through `/micro/reset`, `/micro/good` and `/micro/bad`. */
export function remoteCollector(url: string): DemoCollector {
  const base = url.replace(/\/+$/, '');
  return {
    url: base,
    description: `Collector at ${base} (read through its /micro API)`,
    reset: async () => {
      await call(base, 'reset');
    },
    received: async () => ({
      good: (await call(base, 'good')) as GoodEvent[],
      bad: (await call(base, 'bad')) as BadEvent[],
    }),
    stop: async () => {},
  };
}
