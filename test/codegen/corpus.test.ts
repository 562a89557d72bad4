/**
 * Every JSON schema of the shared Iglu Central sample generates, and the output plus a file that calls
 * every track function and context builder type-checks with zero diagnostics.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../codegen/generate.js';
import { loadOrThrow } from '../../codegen/load.js';
import { buildModel } from '../../codegen/model.js';
import { CORPUS, listFiles, removeTempDirs, tempDir, tsc } from './gen-helpers.js';

afterAll(removeTempDirs);

describe.skipIf(!existsSync(CORPUS))('Iglu Central sample (skipped: ../shared is not there)', () => {
  it('generates all 114 JSON schemas, and every call of the output type-checks', async () => {
    const root = tempDir('corpus');
    const out = join(root, 'generated');
    const result = await generate({ registries: [CORPUS], out });
    expect(result.schemasRead).toBe(114);
    expect(result.skipped.map((s) => s.message)).toEqual(
      result.skipped.map(() => expect.stringMatching(/^format "(avro|thrift|protobuf)" is not read/)),
    );

    const model = buildModel((await loadOrThrow([CORPUS])).schemas);
    const versions = model.modules.flatMap((m) => m.versions);
    expect(versions).toHaveLength(114);
    const names = versions.flatMap((v) => [`type ${v.barrel.type}`, v.barrel.track, v.barrel.context]);
    const lines = [
      "import { InMemoryEmitter, Tracker } from 'plowtype';",
      `import { ${names.join(', ')} } from './generated/index.js';`,
      'const tracker = new Tracker({ emitters: new InMemoryEmitter() });',
      ...versions.map(
        (v, i) =>
          `declare const d${i}: ${v.barrel.type};\n${v.barrel.track}(tracker, d${i});\n${v.barrel.context}(d${i});`,
      ),
      'export {};',
    ];
    writeFileSync(join(root, 'calls.ts'), lines.join('\n'));
    const files = [...listFiles(out).map((f) => join(out, f)), join(root, 'calls.ts')];
    const run = tsc(root, files);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });
});
