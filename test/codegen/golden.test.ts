/**
 * Golden tests: each fixture registry is generated into a temp folder and every file compared with the
 * reviewed copy under __golden__/<case>/. Generating twice gives the same bytes; the input is not mutated.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, renderFiles } from '../../codegen/generate.js';
import { loadOrThrow } from '../../codegen/load.js';
import { caseOptions, FIXTURES, generateCase, listFiles, removeTempDirs } from './gen-helpers.js';

afterAll(removeTempDirs);

const CASES = ['gen-basic', 'gen-events', 'gen-hostile'];

describe.each(CASES)('golden %s', (name) => {
  it('matches the golden files, file by file', async () => {
    const { out, result } = await generateCase(name);
    const files = listFiles(out).filter((file) => file !== 'package.json');
    expect(files).toEqual([...result.written].sort());
    expect(result.unchanged).toEqual([]);
    for (const file of files) {
      await expect(readFileSync(join(out, file), 'utf8')).toMatchFileSnapshot(`__golden__/${name}/${file}`);
    }
  });

  it('gives identical bytes twice and never mutates its input', async () => {
    const { schemas } = await loadOrThrow([join(FIXTURES, name, 'schemas')]);
    const before = structuredClone(schemas);
    const protoKeys = Object.getOwnPropertyNames(Object.prototype);
    const options = caseOptions(name, '/unused');
    const first = await renderFiles(schemas, options);
    const second = await renderFiles(schemas, options);
    expect(second).toEqual(first);
    expect(schemas).toEqual(before);
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(protoKeys);
    expect(({} as Record<string, unknown>).pwned).toBeUndefined();
  });

  it('renders nothing on a second run, re-renders what was edited by hand, and --check then reports nothing', async () => {
    const { out } = await generateCase(name);
    const rendered: number[] = [];
    const options = { ...caseOptions(name, out), onProgress: (done: number) => rendered.push(done) };
    const again = await generate(options);
    expect([again.written, rendered]).toEqual([[], []]);
    const edited = join(out, '_runtime.ts');
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}// edited\n`);
    expect((await generate({ ...options, check: true })).stale).toEqual(['_runtime.ts']);
    expect((await generate(options)).written).toEqual(['_runtime.ts']);
    const check = await generate({ ...options, check: true });
    expect([check.stale, check.missing, check.extra, rendered]).toEqual([[], [], [], []]);
  });
});
