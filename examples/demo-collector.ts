/**
 * Where the demo sends events and reads them back: a collector it starts itself, or one already running
 * (`plowtype micro`, or Snowplow Micro) read through the Micro REST API. Nothing is reset: the demo
 * reads back only the events of its own run (by app id), so a collector's other events are left alone.
 */
import { type BadEvent, type GoodEvent, startCollector } from 'plowtype/collector';

/** A collector to track into, and what it received. */
export interface DemoCollector {
  url: string;
  description: string;
  /** What the collector received from the run whose app id is `appId`. */
  received(appId: string): Promise<{ good: GoodEvent[]; bad: BadEvent[] }>;
  stop(): Promise<void>;
}

/** The events of one run: those with its app id (a bad request with no readable event has none). */
function ofRun(appId: string, all: { good: GoodEvent[]; bad: BadEvent[] }) {
  return {
    good: all.good.filter((g) => g.rawEvent.parameters.aid === appId),
    bad: all.bad.filter((b) => b.rawEvent?.parameters.aid === appId),
  };
}

/** Starts the local collector in this process, validating against `registry`. */
export async function embeddedCollector(registry: string): Promise<DemoCollector> {
  const collector = await startCollector({ registries: [registry] });
  return {
    url: collector.url,
    description: `Local collector at ${collector.url} with ${collector.schemaCount} schemas from ${registry}/`,
    received: async (appId) => ofRun(appId, { good: collector.events.good(), bad: collector.events.bad() }),
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
    description: `Collector at ${base} (read through its /micro API; its other events are left alone)`,
    received: async (appId) =>
      ofRun(appId, {
        good: (await call(base, 'good')) as GoodEvent[],
        bad: (await call(base, 'bad')) as BadEvent[],
      }),
    stop: async () => {},
  };
}
