import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegistries } from '../../src/iglu/load.js';

const SELF_DESC = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#';

function schemaText(name: string, version: string, extra: object = {}): string {
  return JSON.stringify({
    $schema: SELF_DESC,
    self: { vendor: 'com.acme', name, format: 'jsonschema', version },
    type: 'object',
    ...extra,
  });
}

let root: string;
let server: Server;
let base: string;
const requests: string[] = [];

// A static file server over a fixture registry: GET /schemas/... answers the file or 404, like any static host.
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'plowtype-http-'));
  const files: Record<string, string> = {
    'schemas/com.acme/ev/jsonschema/1-0-0': schemaText('ev', '1-0-0'),
    'schemas/com.acme/ev/jsonschema/1-0-1': schemaText('ev', '1-0-1'),
    'schemas/com.acme/ev/jsonschema/2-0-0': schemaText('ev', '2-0-0'),
    // The Iglu Server list endpoint, served here as a file.
    'schemas/com.acme/ev/jsonschema/1': JSON.stringify([
      'iglu:com.acme/ev/jsonschema/1-0-0',
      'iglu:com.acme/ev/jsonschema/1-0-1',
    ]),
    'schemas/com.acme/mismatch/jsonschema/1-0-0': schemaText('other', '1-0-0'),
    'schemas/com.acme/broken/jsonschema/1-0-0': '{"a": }',
    'schemas/com.acme/flaky/jsonschema/1-0-0': schemaText('flaky', '1-0-0'),
    'schemas/com.acme/ev/avro/1-0-0': '{"type": "record"}',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    if (path === '/schemas/com.acme/fail/jsonschema/1-0-0') {
      res.writeHead(500).end('boom');
      return;
    }
    // Never answers.
    if (path === '/schemas/com.acme/slow/jsonschema/1-0-0') return;
    // Answers 503 twice, then the schema.
    if (
      path === '/schemas/com.acme/flaky/jsonschema/1-0-0' &&
      requests.filter((r) => r === path).length <= 2
    ) {
      res.writeHead(503).end('busy');
      return;
    }
    if (path.includes('..')) {
      res.writeHead(400).end();
      return;
    }
    readFile(join(root, path), 'utf8').then(
      (text) => res.writeHead(200, { 'content-type': 'application/json' }).end(text),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

describe('loadRegistries: Iglu HTTP registry', () => {
  it('fetches exact include URIs from URI/schemas/VENDOR/NAME/FORMAT/VERSION', async () => {
    requests.length = 0;
    const result = await loadRegistries([`${base}/`], { include: ['iglu:com.acme/ev/jsonschema/2-0-0'] });
    expect(result.errors).toEqual([]);
    expect(result.schemas.map((s) => [s.uri, s.source, s.registry])).toEqual([
      ['iglu:com.acme/ev/jsonschema/2-0-0', `${base}/schemas/com.acme/ev/jsonschema/2-0-0`, `${base}/`],
    ]);
    expect(result.schemas[0]?.schema).toEqual(JSON.parse(schemaText('ev', '2-0-0')));
    expect(requests).toEqual(['/schemas/com.acme/ev/jsonschema/2-0-0']);
  });

  it('lists a M-*-* pattern with the list endpoint and fetches each version', async () => {
    requests.length = 0;
    const result = await loadRegistries([base], { include: ['iglu:com.acme/ev/jsonschema/1-*-*'] });
    expect(result.errors).toEqual([]);
    expect(result.schemas.map((s) => s.uri)).toEqual([
      'iglu:com.acme/ev/jsonschema/1-0-0',
      'iglu:com.acme/ev/jsonschema/1-0-1',
    ]);
    expect(requests.sort()).toEqual([
      '/schemas/com.acme/ev/jsonschema/1',
      '/schemas/com.acme/ev/jsonschema/1-0-0',
      '/schemas/com.acme/ev/jsonschema/1-0-1',
    ]);
  });

  it('skips a schema in another format named by an exact URI, with a note naming its URL', async () => {
    const result = await loadRegistries([base], { include: ['iglu:com.acme/ev/avro/1-0-0'] });
    expect([result.schemas, result.errors]).toEqual([[], []]);
    expect(result.skipped).toEqual([
      {
        source: `${base}/schemas/com.acme/ev/avro/1-0-0`,
        message: 'format "avro" is not read: only jsonschema schemas generate code',
      },
    ]);
  });

  it('does not fetch what an earlier registry already gave', async () => {
    const local = await mkdtemp(join(tmpdir(), 'plowtype-http-local-'));
    await mkdir(join(local, 'com.acme/ev/jsonschema'), { recursive: true });
    await writeFile(
      join(local, 'com.acme/ev/jsonschema/2-0-0'),
      schemaText('ev', '2-0-0', { description: 'local' }),
    );
    requests.length = 0;
    const result = await loadRegistries([local, base], { include: ['iglu:com.acme/ev/jsonschema/2-0-0'] });
    await rm(local, { recursive: true, force: true });
    expect(result.errors).toEqual([]);
    expect(result.schemas.map((s) => s.schema.description)).toEqual(['local']);
    expect(requests).toEqual([]);
  });

  it('retries a 5xx answer with backoff, a bounded number of times', async () => {
    requests.length = 0;
    const http = { retries: 2, retryDelayMs: 5 };
    const flaky = await loadRegistries([base], { include: ['iglu:com.acme/flaky/jsonschema/1-0-0'], http });
    expect(flaky.errors).toEqual([]);
    expect(flaky.schemas.map((s) => s.uri)).toEqual(['iglu:com.acme/flaky/jsonschema/1-0-0']);
    expect(requests).toEqual(Array(3).fill('/schemas/com.acme/flaky/jsonschema/1-0-0'));
    requests.length = 0;
    const failing = await loadRegistries([base], { include: ['iglu:com.acme/fail/jsonschema/1-0-0'], http });
    expect(failing.errors).toEqual([
      {
        source: `${base}/schemas/com.acme/fail/jsonschema/1-0-0`,
        message: 'schema request failed: the registry answered 500',
      },
    ]);
    expect(requests).toEqual(Array(3).fill('/schemas/com.acme/fail/jsonschema/1-0-0'));
  });

  it('gives up on a registry that does not answer in time', async () => {
    const result = await loadRegistries([base], {
      include: ['iglu:com.acme/slow/jsonschema/1-0-0'],
      http: { timeoutMs: 100, retries: 0 },
    });
    expect(result.errors).toEqual([
      {
        source: `${base}/schemas/com.acme/slow/jsonschema/1-0-0`,
        message: 'schema request failed: no answer within 100 ms',
      },
    ]);
  });

  it('reports unlistable patterns, 404s, server errors, bad files and mismatches, each naming the URL', async () => {
    requests.length = 0;
    const result = await loadRegistries([base], {
      http: { retries: 0 },
      include: [
        'iglu:com.acme/*/jsonschema/1-0-0',
        'iglu:com.acme/nolist/jsonschema/1-*-*',
        'iglu:com.acme/missing/jsonschema/1-0-0',
        'iglu:com.acme/fail/jsonschema/1-0-0',
        'iglu:com.acme/broken/jsonschema/1-0-0',
        'iglu:com.acme/mismatch/jsonschema/1-0-0',
      ],
    });
    expect(result.schemas).toEqual([]);
    expect(result.errors).toEqual([
      {
        source: base,
        message:
          'cannot list an HTTP registry for include iglu:com.acme/*/jsonschema/1-0-0: vendor, name, format (jsonschema) and MODEL must be exact',
      },
      {
        source: `${base}/schemas/com.acme/broken/jsonschema/1-0-0`,
        message: "invalid JSON at line 1:7: Unexpected token '}'",
      },
      {
        source: `${base}/schemas/com.acme/fail/jsonschema/1-0-0`,
        message: 'schema request failed: the registry answered 500',
      },
      {
        source: `${base}/schemas/com.acme/mismatch/jsonschema/1-0-0`,
        message:
          "self does not match the file's place: self says iglu:com.acme/other/jsonschema/1-0-0, path says iglu:com.acme/mismatch/jsonschema/1-0-0",
      },
      {
        source: `${base}/schemas/com.acme/missing/jsonschema/1-0-0`,
        message: 'schema not found: iglu:com.acme/missing/jsonschema/1-0-0',
      },
      {
        source: `${base}/schemas/com.acme/nolist/jsonschema/1`,
        message:
          'cannot list include iglu:com.acme/nolist/jsonschema/1-*-*: the registry answered 404 (a static registry has no list endpoint); name exact versions in include',
      },
    ]);
  });

  it('asks for include when none is given, and names a registry that does not answer', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadBase = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const noInclude = await loadRegistries([base]);
    expect(noInclude.errors).toEqual([
      { source: base, message: 'cannot list an HTTP registry: name the schemas to read with include' },
    ]);
    const dead = await loadRegistries([deadBase], {
      include: ['iglu:com.acme/ev/jsonschema/1-0-0'],
      http: { retries: 1, retryDelayMs: 5 },
    });
    expect(dead.errors).toEqual([
      {
        source: `${deadBase}/schemas/com.acme/ev/jsonschema/1-0-0`,
        message: `schema request failed: connect ECONNREFUSED ${deadBase.slice(7)}`,
      },
    ]);
  });
});
