/**
 * The generated validators, compacted (validators/compact.ts) and with the properties versions share in
 * groups (validators/groups.ts), decide and report as ajv itself does with the same options (the same
 * errors, in another order where a group reports first): for every schema of the shared Iglu Central sample, on a valid instance
 * (json-schema-faker) and on values derived from it (each property dropped, replaced by values of every
 * kind, NaN and Infinity among them; an extra property; an inherited name).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { generate } from 'json-schema-faker';
import { afterAll, describe, expect, it } from 'vitest';
import { validatorModule } from '../../codegen/validators/module.js';
import { runtimeSchema } from '../../codegen/validators/schema.js';
import { linearRegExp } from '../../src/formats.js';
import { draft04Ajv } from '../../src/iglu/draft04.js';
import { CORPUS, ROOT, removeTempDirs, tempDir } from './gen-helpers.js';

afterAll(removeTempDirs);

const VALUES: unknown[] = ['x', '', 'a'.repeat(300), 1.5, 7, -1, 1e20, true, null, [], {}, NaN, Infinity];

/** The instance, then values derived from it, at most `limit`. */
function variants(data: unknown, limit: number): unknown[] {
  const out: unknown[] = [data, ...VALUES];
  const visit = (node: unknown, replace: (v: unknown) => unknown, depth: number) => {
    if (out.length >= limit || depth > 4) return;
    if (Array.isArray(node)) {
      out.push(replace([...node, ...node]));
      node.slice(0, 2).forEach((item, i) => {
        for (const v of VALUES) out.push(replace(node.map((x, j) => (j === i ? v : x))));
        visit(item, (v) => replace(node.map((x, j) => (j === i ? v : x))), depth + 1);
      });
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      out.push(replace({ ...record, zz_extra: 1 }), replace({ ...record, toString: 1 }));
      for (const key of Object.keys(record)) {
        const { [key]: _, ...rest } = record;
        out.push(replace(rest));
        for (const v of VALUES) out.push(replace({ ...record, [key]: v }));
        visit(record[key], (v) => replace({ ...record, [key]: v }), depth + 1);
      }
    }
  };
  visit(data, (v) => v, 0);
  return out.slice(0, limit);
}

type Errors = { instancePath: string; keyword: string; params: unknown }[] | null | undefined;
/** ajv's errors as plowtype keeps them: no schema path, no `allowedValues` (no message reads it). */
const plain = (errors: Errors) =>
  (errors ?? [])
    .map(({ instancePath, keyword, params }) =>
      JSON.stringify({ instancePath, keyword, params: keyword === 'enum' ? {} : params }),
    )
    // In ajv's order but where a group of properties shared by versions reports first (groups.ts).
    .sort();

const schemas = (() => {
  try {
    return readdirSync(CORPUS, { recursive: true, withFileTypes: true })
      .filter(
        (e) => e.isFile() && e.parentPath.endsWith('/jsonschema') && !e.parentPath.includes('self-desc'),
      )
      .map((e) => join(e.parentPath, e.name))
      .sort();
  } catch {
    return [];
  }
})();

describe.skipIf(schemas.length === 0)('generated validators agree with ajv (../shared sample)', () => {
  it('on every schema: the same verdict and the same errors', async () => {
    const ajv = draft04Ajv({
      ownProperties: true,
      messages: false,
      strictNumbers: true,
      unicodeRegExp: false,
      code: { regExp: Object.assign(linearRegExp, { code: 'linearRegExp' }) },
    });
    const dir = tempDir('agree');
    let checked = 0;
    // One module per schema name, all its versions, as the generator compiles them (groups.ts).
    const modules = new Map<string, string[]>();
    for (const file of schemas) {
      const name = dirname(dirname(file));
      modules.set(name, [...(modules.get(name) ?? []), file]);
    }
    for (const [m, files] of [...modules.values()].entries()) {
      const versions = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
      const module = validatorModule(
        versions.map((schema, i) => ({ exportName: `v${i}`, schema, source: files[i] as string })),
        join(ROOT, 'generated/_runtime.ts'),
        join(ROOT, 'src/formats.ts'),
      );
      writeFileSync(join(dir, `m${m}.ts`), module?.code ?? '');
      const exports = await import(join(dir, `m${m}.ts`));
      for (const [i, schema] of versions.entries()) {
        const generated = exports[`v${i}`];
        const reference = ajv.compile(runtimeSchema(schema) as Record<string, unknown>);
        const { $schema: _, self: __, ...plainSchema } = schema;
        const instance = await generate(plainSchema as never, {
          seed: 1,
          optionalsProbability: 1,
          maxDepth: 4,
        }).catch(() => ({}));
        for (const data of variants(instance, 300)) {
          const want = reference(data);
          const got = generated(data);
          expect({ file: files[i], data, got, errors: got ? [] : plain(generated.errors) }).toEqual({
            file: files[i],
            data,
            got: want,
            errors: want ? [] : plain(reference.errors as Errors),
          });
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(schemas.length * 50);
  }, 120_000);
});
