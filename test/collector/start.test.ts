/** startCollector: options, registries, listeners, stopping. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isTrackerError } from 'plowtype';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { type CollectedRecord, startCollector } from '../../src/collector/index.js';
import { base, get, post, REGISTRY, unstruct } from './helpers.js';

const REMOTE_REF = fileURLToPath(new URL('./fixtures/registry-remote-ref', import.meta.url));

describe('startCollector', () => {
  it.each([
    [{ port: -1 }, 'Invalid collector option: port must be an integer from 0 to 65535, got -1'],
    [{ port: 1.5 }, 'Invalid collector option: port must be an integer from 0 to 65535, got 1.5'],
    [{ maxBodyBytes: 0 }, 'Invalid collector option: maxBodyBytes must be a positive integer, got 0'],
    [{ maxEvents: 0.5 }, 'Invalid collector option: maxEvents must be a positive integer, got 0.5'],
  ])('refuses %j with a ConfigError', async (options, message) => {
    const error = await startCollector(options).catch((e: unknown) => e);
    expect(isTrackerError(error, 'SP_ERR_CONFIG')).toBe(true);
    expect((error as Error).name).toBe('ConfigError');
    expect((error as Error).message).toBe(message);
  });

  it('refuses a registry with a broken schema file, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plowtype-collector-'));
    try {
      mkdirSync(join(dir, 'com.acme/broken/jsonschema'), { recursive: true });
      writeFileSync(join(dir, 'com.acme/broken/jsonschema/1-0-0'), '{ not json');
      const error = await startCollector({ registries: [dir] }).catch((e: unknown) => e);
      expect(isTrackerError(error, 'SP_ERR_SCHEMA')).toBe(true);
      expect((error as Error).message).toMatch(
        new RegExp(`^Schema loading failed: 1 problem\\n${join(dir, 'com.acme/broken/jsonschema/1-0-0')}: `),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a schema that cannot be compiled as a bad event naming its file', async () => {
    const collector = await startCollector({ registries: [REMOTE_REF] });
    try {
      const uri = 'iglu:com.acme/remote_ref/jsonschema/1-0-0';
      await post(collector.url, [{ e: 'ue', ...base, ue_pr: JSON.stringify(unstruct(uri, { geo: {} })) }]);
      const [reason] = collector.events.bad()[0]?.reasons ?? [];
      expect(reason).toMatchObject({ field: 'ue_pr', path: '$.schema', schema: uri });
      expect(reason?.message).toMatch(
        new RegExp(
          `^Schema could not be compiled \\(${join(REMOTE_REF, 'com.acme/remote_ref/jsonschema/1-0-0')}\\): `,
        ),
      );
    } finally {
      await collector.stop();
    }
  });

  it('calls onEvent for every record, and survives a listener that throws', async () => {
    const seen: CollectedRecord['kind'][] = [];
    const collector = await startCollector({
      registries: [REGISTRY],
      onEvent: (record) => {
        seen.push(record.kind);
        throw new Error('listener bug');
      },
    });
    try {
      expect((await get(collector.url, { e: 'pv', ...base })).status).toBe(200);
      expect((await get(collector.url, { e: 'pv', ...base, p: 'moon' })).status).toBe(200);
      expect(seen).toEqual(['good', 'bad']);
      expect(collector.events.summary()).toEqual({ total: 2, good: 1, bad: 1 });
    } finally {
      await collector.stop();
    }
  });

  it('keeps at most maxEvents of each kind, dropping the oldest and saying so', async () => {
    const drops: number[] = [];
    const collector = await startCollector({ maxEvents: 2, onDrop: (n) => drops.push(n) });
    try {
      await post(
        collector.url,
        ['a', 'b', 'c', 'd'].map((aid) => ({ e: 'pv', ...base, aid })),
      );
      await post(collector.url, [{ e: 'pv', ...base, p: 'moon' }]);
      expect(collector.events.good().map((g) => g.rawEvent.parameters.aid)).toEqual(['d', 'c']);
      expect(collector.events.summary()).toEqual({ total: 3, good: 2, bad: 1 });
      expect([collector.events.dropped, drops]).toEqual([2, [1, 2]]);
      collector.reset();
      expect(collector.events.dropped).toBe(0);
    } finally {
      await collector.stop();
    }
  });

  it('serves on the port it was given, and frees it on stop', async () => {
    const first = await startCollector();
    const { port } = first;
    await first.stop();
    const second = await startCollector({ port });
    try {
      expect(second.url).toBe(`http://127.0.0.1:${port}`);
      const res = await request(`${second.url}/health`);
      expect([res.statusCode, await res.body.text()]).toEqual([200, 'ok']);
    } finally {
      await second.stop();
    }
  });

  it('stops even with keep-alive connections open', async () => {
    const collector = await startCollector();
    await get(collector.url, { e: 'pv', ...base });
    await collector.stop();
    const error = await request(`${collector.url}/health`).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
  });
});
