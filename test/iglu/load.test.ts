import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isTrackerError } from '../../src/errors.js';
import { formatProblem, loadOrThrow, loadRegistries, SchemaError } from '../../src/iglu/load.js';

const BAD = 'test/codegen/fixtures/bad-schemas';
const ACME = `${BAD}/schemas/com.acme`;
const SELF_DESC = 'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#';
const CORPUS = '../shared/corpus/iglu-central-sample/schemas';

const tmpDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tmpDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** Writes a registry of `{ 'vendor/name/format/version': text }` into a fresh temp directory. */
async function registry(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'plowtype-load-'));
  tmpDirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

function schemaText(
  vendor: string,
  name: string,
  version: string,
  body: object = { type: 'object' },
): string {
  return JSON.stringify({
    $schema: SELF_DESC,
    self: { vendor, name, format: 'jsonschema', version },
    ...body,
  });
}

describe('loadRegistries: bad schema files', () => {
  it('reports every kind of bad file in one run, each naming its file', async () => {
    const result = await loadRegistries([BAD]);
    expect(result.schemas.map((s) => s.uri)).toEqual(['iglu:com.acme/good/jsonschema/1-0-0']);
    expect(result.skipped).toEqual([
      {
        source: `${ACME}/bad_self/avro/1-0-0`,
        message: 'format "avro" is not read: only jsonschema schemas generate code',
      },
    ]);
    expect(result.errors).toEqual([
      {
        source: `${ACME}/bad_json/jsonschema/1-0-0`,
        message: 'invalid JSON at line 5:46: Expected double-quoted property name',
      },
      { source: `${ACME}/bad_schemaver/jsonschema/1-0`, message: 'invalid SchemaVer in file name: "1-0"' },
      {
        source: `${ACME}/bad_schemaver/jsonschema/1-0-0`,
        message:
          'invalid SchemaVer in self.version: "01-0-0" (MODEL-REVISION-ADDITION, MODEL from 1, no leading zeros)',
      },
      {
        source: `${ACME}/bad_schemaver/jsonschema/1-0-0.json`,
        message: 'invalid SchemaVer in file name: "1-0-0.json" (registry files have no extension)',
      },
      {
        source: `${ACME}/bad_self/jsonschema/1-0-0`,
        message: 'not a self-describing schema: self.vendor must match ^[a-zA-Z0-9-_.]+$, got "com acme"',
      },
      {
        source: `${ACME}/bad_self/jsonschema/1-0-0`,
        message: 'not a self-describing schema: self.format is missing',
      },
      {
        source: `${ACME}/bad_self/jsonschema/1-0-0`,
        message: 'not a self-describing schema: self has an unknown key "extra"',
      },
      {
        source: `${ACME}/empty_required/jsonschema/1-0-0`,
        message: 'invalid draft-04 schema at /required: must NOT have fewer than 1 items',
      },
      {
        source: `${ACME}/not_self_desc/jsonschema/1-0-0`,
        message: `wrong $schema: expected "${SELF_DESC}", got "http://json-schema.org/draft-04/schema#"`,
      },
      {
        source: `${ACME}/not_self_desc/jsonschema/1-0-0`,
        message: 'not a self-describing schema: "self" must be an object, it is missing',
      },
      {
        source: `${ACME}/self_mismatch/jsonschema/1-0-1`,
        message:
          "self does not match the file's place: self says iglu:com.acme/other_name/jsonschema/1-0-0, path says iglu:com.acme/self_mismatch/jsonschema/1-0-1",
      },
      {
        source: `${ACME}/string_maximum/jsonschema/1-0-0`,
        message: 'invalid draft-04 schema at /properties/n/maximum: must be number',
      },
      {
        source: `${ACME}/wrong_schema/jsonschema/1-0-0`,
        message: `wrong $schema: expected "${SELF_DESC}", got "http://json-schema.org/draft-04/schema#"`,
      },
    ]);
  });

  it('loadOrThrow throws one SchemaError (SP_ERR_SCHEMA) listing every problem with its file', async () => {
    const error = await loadOrThrow([BAD]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(isTrackerError(error, 'SP_ERR_SCHEMA')).toBe(true);
    const schemaError = error as SchemaError;
    expect(schemaError.name).toBe('SchemaError');
    expect(schemaError.problems).toHaveLength(13);
    const lines = schemaError.message.split('\n');
    expect(lines[0]).toBe('Schema loading failed: 13 problems');
    expect(lines[1]).toBe(
      `${ACME}/bad_json/jsonschema/1-0-0: invalid JSON at line 5:46: Expected double-quoted property name`,
    );
    expect(lines.slice(1)).toEqual(schemaError.problems.map(formatProblem));
  });

  it('reports JSON cut short at its end position, a non-object root, and a registry that is missing or not a directory', async () => {
    const dir = await registry({
      'a.b/short/jsonschema/1-0-0': '{\n  "self": ',
      'a.b/list/jsonschema/1-0-0': '[1, 2]',
    });
    const result = await loadRegistries([dir, join(dir, 'nope'), join(dir, 'a.b/list/jsonschema/1-0-0')]);
    expect(result.errors).toEqual([
      {
        source: join(dir, 'a.b/list/jsonschema/1-0-0'),
        message: 'not a self-describing schema: expected a JSON object, got array',
      },
      { source: join(dir, 'a.b/list/jsonschema/1-0-0'), message: 'registry not found: not a directory' },
      {
        source: join(dir, 'a.b/short/jsonschema/1-0-0'),
        message: 'invalid JSON at line 2:11: Unexpected end of JSON input',
      },
      { source: join(dir, 'nope'), message: 'registry not found: no such directory' },
    ]);
  });

  it('reports a schema nested too deep for the stack as a problem of its file', async () => {
    const depth = 100_000;
    const nested = `${'{"not":'.repeat(depth)}{}${'}'.repeat(depth)}`;
    const text = schemaText('a.b', 'deep', '1-0-0').replace(/}$/, `,"not":${nested}}`);
    const dir = await registry({ 'a.b/deep/jsonschema/1-0-0': text });
    const result = await loadRegistries([dir]);
    expect(result.errors).toEqual([
      {
        source: join(dir, 'a.b/deep/jsonschema/1-0-0'),
        message: 'schema could not be checked: Maximum call stack size exceeded (nested too deep?)',
      },
    ]);
  });

  it('notes hidden files, schema lists and misplaced files as skipped', async () => {
    const dir = await registry({
      '.DS_Store': 'x',
      'README.md': 'x',
      'a.b/c/jsonschema/1': '["iglu:a.b/c/jsonschema/1-0-0"]',
      'a.b/c/jsonschema/1-0-0': schemaText('a.b', 'c', '1-0-0'),
    });
    const result = await loadRegistries([dir]);
    expect(result.errors).toEqual([]);
    expect(result.schemas.map((s) => s.uri)).toEqual(['iglu:a.b/c/jsonschema/1-0-0']);
    expect(result.skipped).toEqual([
      { source: join(dir, '.DS_Store'), message: 'not a schema file: hidden' },
      {
        source: join(dir, 'README.md'),
        message: 'not a schema file: a file where expected VENDOR/NAME/FORMAT/M-R-A',
      },
      {
        source: join(dir, 'a.b/c/jsonschema/1'),
        message: 'not a schema file: a schema list (named after a MODEL)',
      },
    ]);
  });
});

describe('loadRegistries: good registries', () => {
  it('returns schemas sorted by SchemaVer with their key, source and registry; the registry root may hold schemas/', async () => {
    const root = await registry({
      'schemas/com.acme/ev/jsonschema/1-0-10': schemaText('com.acme', 'ev', '1-0-10'),
      'schemas/com.acme/ev/jsonschema/1-0-2': schemaText('com.acme', 'ev', '1-0-2'),
      'schemas/com.acme/ev/jsonschema/2-0-0': schemaText('com.acme', 'ev', '2-0-0'),
    });
    const result = await loadRegistries([root]);
    expect(result.errors).toEqual([]);
    expect(result.schemas.map((s) => s.uri)).toEqual([
      'iglu:com.acme/ev/jsonschema/1-0-2',
      'iglu:com.acme/ev/jsonschema/1-0-10',
      'iglu:com.acme/ev/jsonschema/2-0-0',
    ]);
    expect(result.schemas[1]).toEqual({
      key: {
        vendor: 'com.acme',
        name: 'ev',
        format: 'jsonschema',
        version: '1-0-10',
        model: 1,
        revision: 0,
        addition: 10,
      },
      uri: 'iglu:com.acme/ev/jsonschema/1-0-10',
      source: join(root, 'schemas/com.acme/ev/jsonschema/1-0-10'),
      registry: root,
      schema: JSON.parse(schemaText('com.acme', 'ev', '1-0-10')),
    });
  });

  it('keeps the first registry copy of a URI and reports later copies as skipped', async () => {
    const first = await registry({
      'com.acme/ev/jsonschema/1-0-0': schemaText('com.acme', 'ev', '1-0-0', { description: 'first' }),
    });
    const second = await registry({
      'com.acme/ev/jsonschema/1-0-0': schemaText('com.acme', 'ev', '1-0-0', { description: 'second' }),
      'com.acme/ev/jsonschema/1-0-1': schemaText('com.acme', 'ev', '1-0-1'),
    });
    const result = await loadRegistries([first, second]);
    expect(result.schemas.map((s) => [s.uri, s.schema.description ?? null, s.registry])).toEqual([
      ['iglu:com.acme/ev/jsonschema/1-0-0', 'first', first],
      ['iglu:com.acme/ev/jsonschema/1-0-1', null, second],
    ]);
    expect(result.skipped).toEqual([
      {
        source: join(second, 'com.acme/ev/jsonschema/1-0-0'),
        message: `duplicate of iglu:com.acme/ev/jsonschema/1-0-0, already loaded from ${join(first, 'com.acme/ev/jsonschema/1-0-0')}`,
      },
    ]);
  });

  it('reads only what include names, and reports patterns that match nothing or are malformed', async () => {
    const dir = await registry({
      'com.acme/a/jsonschema/1-0-0': schemaText('com.acme', 'a', '1-0-0'),
      'com.acme/a/jsonschema/2-0-0': schemaText('com.acme', 'a', '2-0-0'),
      'com.acme/b/jsonschema/1-0-0': '{ broken',
      'org.other/c/jsonschema/1-0-0': schemaText('org.other', 'c', '1-0-0'),
      'org.left-out/d/jsonschema/1-0': 'not looked at: include leaves org.left-out out',
    });
    const result = await loadRegistries([dir], {
      include: [
        'iglu:com.acme/a/jsonschema/1-*-*',
        'iglu:*/c/*/*-*-*',
        'iglu:com.acme/zzz/jsonschema/1-0-0',
        'com.acme/a',
      ],
    });
    expect(result.schemas.map((s) => s.uri)).toEqual([
      'iglu:com.acme/a/jsonschema/1-0-0',
      'iglu:org.other/c/jsonschema/1-0-0',
    ]);
    expect(result.errors).toEqual([
      {
        source: 'include',
        message:
          'invalid include pattern "com.acme/a": expected iglu:VENDOR/NAME/FORMAT/M-R-A, each part a value or *',
      },
      { source: 'include', message: 'include matched no schema: iglu:com.acme/zzz/jsonschema/1-0-0' },
    ]);
  });

  it('never touches Object.prototype when a schema has __proto__, constructor or prototype keys', async () => {
    // An object literal's __proto__ sets the prototype instead of a key, so the text is written by hand.
    const text = schemaText('com.acme', 'proto', '1-0-0', { type: 'object' }).replace(
      /}$/,
      ',"__proto__":{"polluted":true},"properties":{"__proto__":{"type":"string"},"constructor":{"type":"string"}}}',
    );
    const dir = await registry({ 'com.acme/proto/jsonschema/1-0-0': text });
    const result = await loadRegistries([dir]);
    expect(result.errors).toEqual([]);
    const schema = result.schemas[0]?.schema ?? {};
    expect(Object.keys(schema)).toEqual(['$schema', 'self', 'type', '__proto__', 'properties']);
    expect(Object.getPrototypeOf(schema)).toBe(Object.prototype);
    expect(Object.keys(schema.properties as object)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(schema, '__proto__')?.value).toEqual({ polluted: true });
  });
});

describe.skipIf(!existsSync(CORPUS))('loadRegistries: the Iglu Central sample (../shared)', () => {
  it('loads 114 jsonschema schemas, skips the 4 files in other formats, and finds no error', async () => {
    const result = await loadRegistries([CORPUS]);
    expect(result.errors).toEqual([]);
    expect(result.schemas).toHaveLength(114);
    expect(result.skipped.map((s) => s.source.slice(CORPUS.length + 1))).toEqual([
      'com.snowplowanalytics.dataflowrunner/ClusterConfig/avro/1-0-0',
      'com.snowplowanalytics.dataflowrunner/ClusterConfig/avro/1-1-0',
      'com.snowplowanalytics.snowplow/CollectorPayload/thrift/1-0-0',
      'com.twitter/SerializedBlock/protobuf/1-0-0',
    ]);
    expect(new Set(result.schemas.map((s) => s.key.format))).toEqual(new Set(['jsonschema']));
  });
});
