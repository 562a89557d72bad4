/**
 * The generated validators, compacted (validators/compact.ts), decide and report exactly as ajv itself
 * does with the same options: for every schema of the shared Iglu Central sample, on a valid instance
 * (json-schema-faker) and on values derived from it (each property dropped, replaced by values of every
 * kind, NaN and Infinity among them; an extra property; an inherited name).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  (errors ?? []).map(({ instancePath, keyword, params }) => ({
    instancePath,
    keyword,
    params: keyword === 'enum' ? {} : params,
  }));

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
    for (const [i, file] of schemas.entries()) {
      const schema = JSON.parse(readFileSync(file, 'utf8'));
      const rules = runtimeSchema(schema) as Record<string, unknown>;
      const module = validatorModule(
        [{ exportName: 'v', schema, source: file }],
        join(ROOT, 'generated/_runtime.ts'),
        join(ROOT, 'src/formats.ts'),
      );
      writeFileSync(join(dir, `v${i}.ts`), module?.code ?? '');
      const generated = (await import(join(dir, `v${i}.ts`))).v;
      const reference = ajv.compile(rules);
      const { $schema: _, self: __, ...plainSchema } = schema;
      const instance = await generate(plainSchema, { seed: 1, optionalsProbability: 1, maxDepth: 4 }).catch(
        () => ({}),
      );
      for (const data of variants(instance, 300)) {
        const want = reference(data);
        const got = generated(data);
        expect({ file, data, got, errors: got ? [] : plain(generated.errors) }).toEqual({
          file,
          data,
          got: want,
          errors: want ? [] : plain(reference.errors as Errors),
        });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(schemas.length * 50);
  }, 120_000);
});
