/** Schemas that follow the registry folders: new ones found on a miss, changed ones by the watcher. */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CollectorOptions, type SchemaReload, startCollector } from '../../src/collector/index.js';
import { b64, base, LEVEL_UP, micro, post, REGISTRY, unstruct } from './helpers.js';

const BOSS = 'iglu:com.acme/boss_beaten/jsonschema/1-0-0';
const bossSchema = {
  $schema: 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#',
  self: { vendor: 'com.acme', name: 'boss_beaten', format: 'jsonschema', version: '1-0-0' },
  type: 'object',
  properties: { boss: { type: 'string' } },
  required: ['boss'],
  additionalProperties: false,
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the fixture registry that a test may change. */
function registryCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plowtype-live-'));
  dirs.push(dir);
  cpSync(REGISTRY, dir, { recursive: true });
  return dir;
}

async function withCollector(
  options: CollectorOptions,
  body: (url: string, bad: () => unknown[]) => Promise<void>,
) {
  const c = await startCollector(options);
  try {
    await body(c.url, () => c.events.bad().map((e) => e.reasons));
  } finally {
    await c.stop();
  }
}

const ue = (schema: string, data: unknown) => ({ e: 'ue', ...base, ue_px: b64(unstruct(schema, data)) });

describe('live registries', () => {
  it('finds a schema written after start when an event first names it, and reports it', async () => {
    const dir = registryCopy();
    const reloads: SchemaReload[] = [];
    await withCollector(
      { registries: [dir], watchRegistries: false, onSchemas: (r) => reloads.push(r) },
      async (url, bad) => {
        mkdirSync(join(dir, 'com.acme/boss_beaten/jsonschema'), { recursive: true });
        writeFileSync(join(dir, 'com.acme/boss_beaten/jsonschema/1-0-0'), JSON.stringify(bossSchema));
        await post(url, [ue(BOSS, { boss: 'dragon' }), ue(BOSS, { boss: 7 })]);
        expect(bad()).toEqual([
          [{ field: 'ue_px', path: '$.data.boss', message: 'must be string', schema: BOSS }],
        ]);
        expect(reloads).toEqual([
          { ok: true, count: 3, changes: { added: [BOSS], changed: [], removed: [] } },
        ]);
        // The inspector page says so too.
        const page = (await micro(url, 'ui/api/events')).body as {
          status: { schemas: Record<string, unknown> };
        };
        expect(page.status.schemas).toMatchObject({ count: 3, registries: [dir], watching: false });
        expect(page.status.schemas.lastChange).toMatch(
          /^\d{4}-\d\d-\d\dT[\d:.]+Z schemas reloaded \(3 now\): \+iglu:com\.acme\/boss_beaten\/jsonschema\/1-0-0$/,
        );
      },
    );
  });

  it('picks up a changed schema file through the watcher', async () => {
    const dir = registryCopy();
    const reloads: SchemaReload[] = [];
    await withCollector({ registries: [dir], onSchemas: (r) => reloads.push(r) }, async (url, bad) => {
      await post(url, [ue(LEVEL_UP, { level: 10 })]);
      expect(bad()).toEqual([]);
      const file = join(dir, 'com.acme/level_up/jsonschema/1-0-0');
      writeFileSync(file, readFileSync(file, 'utf8').replace('"maximum": 100', '"maximum": 5'));
      for (let i = 0; i < 200 && reloads.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(reloads).toEqual([
        { ok: true, count: 2, changes: { added: [], changed: [LEVEL_UP], removed: [] } },
      ]);
      await post(url, [ue(LEVEL_UP, { level: 10 })]);
      expect(bad()).toEqual([
        [{ field: 'ue_px', path: '$.data.level', message: 'must be <= 5', schema: LEVEL_UP }],
      ]);
    });
  });

  it('keeps the schemas it had when a re-read fails, and says why', async () => {
    const dir = registryCopy();
    const reloads: SchemaReload[] = [];
    await withCollector(
      { registries: [dir], watchRegistries: false, onSchemas: (r) => reloads.push(r) },
      async (url, bad) => {
        mkdirSync(join(dir, 'com.acme/boss_beaten/jsonschema'), { recursive: true });
        writeFileSync(join(dir, 'com.acme/boss_beaten/jsonschema/1-0-0'), '{"self": ');
        await post(url, [ue(BOSS, { boss: 'dragon' }), ue(LEVEL_UP, { level: 3 })]);
        expect(bad()).toEqual([
          [
            {
              field: 'ue_px',
              path: '$.schema',
              message: 'ResolutionError: schema not found in any registry',
              schema: BOSS,
            },
          ],
        ]);
        expect(reloads).toHaveLength(1);
        expect(reloads[0]).toMatchObject({ ok: false });
        expect((reloads[0] as { error: string }).error).toContain('com.acme/boss_beaten/jsonschema/1-0-0');
      },
    );
  });
});
