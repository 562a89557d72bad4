/**
 * Registry guards of `generate` and the loader: zero schemas, `$ref`s that cannot resolve, a file named
 * with MODEL 0 and `exclude`, and symbolic links out of the registry.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stampFile } from '../../codegen/cache/run-stamp.js';
import { cacheFile } from '../../codegen/cache/store.js';
import { MAX_SUB_SCHEMAS } from '../../codegen/check/usage.js';
import { generate } from '../../codegen/generate.js';
import { loadRegistries } from '../../src/iglu/load.js';

const SELF_DESC = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#';
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'plowtype-guards-'));
  dirs.push(dir);
  return dir;
}

/** A registry of `{ 'vendor/name/version': body }` jsonschema files in `dir`. */
async function registry(dir: string, files: Record<string, object>): Promise<string> {
  for (const [path, body] of Object.entries(files)) {
    const [vendor, name, version] = path.split('/') as [string, string, string];
    const file = join(dir, vendor, name, 'jsonschema', version);
    await mkdir(join(file, '..'), { recursive: true });
    const self = { vendor, name, format: 'jsonschema', version };
    await writeFile(file, JSON.stringify({ $schema: SELF_DESC, self, type: 'object', ...body }));
  }
  return dir;
}

describe('generate guards', () => {
  it('refuses a registry with no schema, and deletes nothing', async () => {
    const root = await temp();
    const out = join(root, 'generated');
    await generate({ registries: [await registry(join(root, 'good'), { 'com.a/x/1-0-0': {} })], out });
    const empty = join(root, 'empty');
    await mkdir(join(empty, 'com.a'), { recursive: true });
    await expect(generate({ registries: [empty], out })).rejects.toThrow(
      `${empty}: no schema found (expected VENDOR/NAME/jsonschema/M-R-A files); nothing was written or deleted`,
    );
    expect(existsSync(join(out, 'com.a/x.ts'))).toBe(true);
  });

  it('refuses a schema over the size limit, naming it and the limit', async () => {
    const root = await temp();
    const properties = Object.fromEntries(
      Array.from({ length: MAX_SUB_SCHEMAS }, (_, i) => [`p${i}`, { type: 'string' }]),
    );
    const reg = await registry(root, { 'com.a/wide/1-0-0': { properties } });
    await expect(generate({ registries: [reg], out: join(root, 'generated') })).rejects.toThrow(
      `${join(reg, 'com.a/wide/jsonschema/1-0-0')}: schema too large: 20001 sub-schemas, over the limit of 20000 that plowtype generates (split the schema, or exclude it)`,
    );
  });

  it('names the file and the ref of a $ref that does not resolve; external refs pass when allowed', async () => {
    const root = await temp();
    const reg = await registry(root, {
      'com.a/refs/1-0-0': {
        properties: { m: { $ref: '#/definitions/money' }, r: { $ref: 'http://example.com/x#' } },
      },
    });
    const file = join(reg, 'com.a/refs/jsonschema/1-0-0');
    const out = join(root, 'generated');
    await expect(generate({ registries: [reg], out })).rejects.toThrow(
      [
        'Schema loading failed: 2 problems',
        `${file}: /properties/m: $ref "#/definitions/money" names no definition in this schema`,
        `${file}: /properties/r: $ref "http://example.com/x#" points outside the schema; plowtype never reads files or the network to resolve it (set allowExternalRefs in the config to type it as any JSON value)`,
      ].join('\n'),
    );
    const fixed = await registry(join(root, 'fixed'), {
      'com.a/refs/1-0-0': { properties: { r: { $ref: 'http://example.com/x#' } } },
    });
    await generate({ registries: [fixed], out, allowExternalRefs: true });
    expect(await readFile(join(out, 'com.a/refs.ts'), 'utf8')).toContain('readonly r?: plowtype.JsonValue');
  });
});

describe('the whole-run shortcut', () => {
  it('reads no schema when nothing changed, and everything again when a file did', async () => {
    const root = await temp();
    const reg = await registry(join(root, 'reg'), { 'com.a/x/1-0-0': {} });
    const out = join(root, 'generated');
    const file = join(reg, 'com.a/x/jsonschema/1-0-0');
    // A whole millisecond, so that setting it again later gives exactly the same time.
    const time = new Date(Date.UTC(2026, 0, 1));
    await utimes(file, time, time);
    try {
      expect((await generate({ registries: [reg], out })).written).toContain('com.a/x.ts');
      // Same size and time, unreadable content: only a run that reads the file can tell.
      await writeFile(file, '!'.repeat((await stat(file)).size));
      await utimes(file, time, time);
      const again = await generate({ registries: [reg], out });
      expect(again).toEqual({
        schemasRead: 1,
        skipped: [],
        written: [],
        unchanged: ['_runtime.ts', 'com.a/x.ts', 'com.a/x.validate.ts', 'index.ts', 'schemas.ts'],
        stale: [],
        missing: [],
        extra: [],
      });
      await utimes(file, new Date(), new Date());
      await expect(generate({ registries: [reg], out })).rejects.toThrow(`${file}: invalid JSON`);
    } finally {
      await rm(stampFile(out), { force: true });
      await rm(cacheFile(out), { force: true });
    }
  });
});

describe('loader guards', () => {
  it('says how to exclude a file named with MODEL 0, and exclude leaves it out', async () => {
    const reg = await registry(await temp(), { 'com.a/x/1-0-0': {}, 'com.a/old/0-2-0': {} });
    const bad = await loadRegistries([reg]);
    expect(bad.errors).toEqual([
      {
        source: join(reg, 'com.a/old/jsonschema/0-2-0'),
        message:
          'invalid SchemaVer in file name: "0-2-0" (SchemaVer is MODEL-REVISION-ADDITION, MODEL from 1, no leading zeros; to leave the file out, add "iglu:com.a/old/jsonschema/0-2-0" to exclude in plowtype.config.json, or pass --exclude with it)',
      },
    ]);
    const good = await loadRegistries([reg], { exclude: ['iglu:com.a/old/jsonschema/0-2-0'] });
    expect(good.errors).toEqual([]);
    expect(good.schemas.map((s) => s.uri)).toEqual(['iglu:com.a/x/jsonschema/1-0-0']);
    expect(good.skipped).toEqual([
      {
        source: join(reg, 'com.a/old/jsonschema/0-2-0'),
        message: 'excluded by iglu:com.a/old/jsonschema/0-2-0',
      },
    ]);
  });

  it('does not follow a symbolic link out of the registry, and never quotes its target', async () => {
    const root = await temp();
    const secret = join(root, 'secret');
    await writeFile(secret, 'root:x:0:0:root:/root:/bin/bash\n');
    const reg = await registry(join(root, 'reg'), { 'com.a/x/1-0-0': {} });
    const link = join(reg, 'com.a/x/jsonschema/1-0-1');
    await symlink(secret, link);
    await symlink(join(reg, 'com.a/x/jsonschema/1-0-0'), join(reg, 'com.a/x/jsonschema/1-0-2'));
    const result = await loadRegistries([reg]);
    expect(JSON.stringify(result)).not.toContain('root:x');
    expect(result.errors).toEqual([
      {
        source: join(reg, 'com.a/x/jsonschema/1-0-2'),
        message:
          "self does not match the file's place: self says iglu:com.a/x/jsonschema/1-0-0, path says iglu:com.a/x/jsonschema/1-0-2",
      },
    ]);
    expect(result.skipped).toEqual([
      { source: link, message: 'not followed: a symbolic link out of the registry' },
    ]);
  });
});
