/**
 * What the official @snowplow/node-tracker 4.8.0 sent over the wire (../shared/reference, skipped when
 * absent), replayed byte for byte into the collector: every GET and POST request is accepted and every
 * event is good, with its parameters exactly as sent.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Collector, startCollector } from '../../src/collector/index.js';

const REFERENCE = fileURLToPath(
  new URL('../../../shared/reference/official-node-tracker-payloads.json', import.meta.url),
);

interface Case {
  name: string;
  get: { url: string; queryParams: [string, string][] }[];
  post: {
    path: string;
    headers: Record<string, string>;
    rawBody: string;
    body: { data: Record<string, string>[] };
  }[];
}

/** The schemas the reference events use, written for this test (closed, with the fields the data has). */
const SCHEMAS: Record<string, object> = {
  'com.acme/viewed_product/jsonschema/1-0-0': {
    productId: { type: 'string' },
    price: { type: 'number' },
    currency: { type: 'string', maxLength: 3 },
    inStock: { type: 'boolean' },
  },
  'com.acme/user/jsonschema/1-0-0': {
    type: { type: 'string' },
    tier: { type: 'integer' },
    beta: { type: 'boolean' },
  },
  'com.acme/page_meta/jsonschema/1-0-1': {
    section: { type: 'string' },
    tags: { type: 'array', items: { type: 'string' } },
    note: { type: 'string' },
  },
};

function writeRegistry(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plowtype-reference-registry-'));
  for (const [path, properties] of Object.entries(SCHEMAS)) {
    const [vendor, name, format, version] = path.split('/') as [string, string, string, string];
    mkdirSync(join(dir, vendor, name, format), { recursive: true });
    const schema = {
      $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
      self: { vendor, name, format, version },
      type: 'object',
      properties,
      additionalProperties: false,
    };
    writeFileSync(join(dir, path), JSON.stringify(schema));
  }
  return dir;
}

const cases: Case[] = existsSync(REFERENCE) ? JSON.parse(readFileSync(REFERENCE, 'utf8')).cases : [];

describe.skipIf(!existsSync(REFERENCE))('requests of the official Node tracker (../shared/reference)', () => {
  let registry: string;
  let collector: Collector;
  beforeAll(async () => {
    registry = writeRegistry();
    collector = await startCollector({ registries: [registry] });
  });
  afterAll(async () => {
    await collector?.stop();
    rmSync(registry, { recursive: true, force: true });
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: every GET request is a good event',
    async (_name, c) => {
      collector.reset();
      for (const sent of c.get) {
        const res = await request(`${collector.url}${sent.url}`);
        await res.body.arrayBuffer();
        expect(res.statusCode).toBe(200);
      }
      expect(collector.events.bad()).toEqual([]);
      const received = collector.events
        .good()
        .reverse()
        .map((g) => g.rawEvent.parameters);
      expect(received).toEqual(c.get.map((sent) => Object.fromEntries(sent.queryParams)));
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))('%s: every POSTed event is good', async (_name, c) => {
    collector.reset();
    for (const sent of c.post) {
      const res = await request(`${collector.url}${sent.path}`, {
        method: 'POST',
        headers: { 'content-type': sent.headers['content-type'] ?? '' },
        body: sent.rawBody,
      });
      expect([res.statusCode, await res.body.text()]).toEqual([200, 'ok']);
    }
    expect(collector.events.bad()).toEqual([]);
    const received = collector.events
      .good()
      .reverse()
      .map((g) => g.rawEvent.parameters);
    expect(received).toEqual(c.post.flatMap((sent) => sent.body.data));
  });
});
