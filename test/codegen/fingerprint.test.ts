import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatorFiles } from '../../codegen/cache/store.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the generator fingerprint', () => {
  it('covers the files of every phase folder and the Iglu layer, so an edit to any of them invalidates the cache', async () => {
    const files = (await generatorFiles()).map((f) => f.replace(root, ''));
    for (const file of [
      'codegen/generate.ts',
      'codegen/names.ts',
      'codegen/check/usage.ts',
      'codegen/model/build.ts',
      'codegen/types/data-type.ts',
      'codegen/emit/module.ts',
      'codegen/emit/runtime-module.ts',
      'codegen/validators/module.ts',
      'codegen/render/module.ts',
      'codegen/write/sync.ts',
      'src/iglu/load.ts',
    ])
      expect(files).toContain(file);
    expect(files.filter((f) => f.includes('node_modules/json-schema-to-typescript/'))).toHaveLength(1);
    // Never a build: npm pack's prepack rewrites src/dist and codegen/dist while other tests generate.
    expect(files.filter((f) => f.startsWith('src/dist/') || f.startsWith('codegen/dist/'))).toEqual([]);
  });
});
