/**
 * The type-safety suite: for the latest version of every schema of the shared Iglu Central sample and of
 * `schemas/`, a valid instance must compile, and each seeded mistake (missing required property, wrong
 * primitive type, extra property on a closed object, value outside an enum, null where not nullable) must be
 * a tsc error. Everything is type-checked in one tsc program; the test prints both scores and fails below
 * 100%. Kinds of mistake a schema cannot hold are counted and listed by reason, never skipped silently.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../codegen/generate.js';
import { buildModel } from '../../codegen/model/build.js';
import { loadOrThrow } from '../../src/iglu/load.js';
import { CORPUS, listFiles, ROOT, removeTempDirs, tempDir, tsc } from './gen-helpers.js';
import {
  ajvValid,
  type Mistake,
  OTHER_VALUES,
  seedMistakes,
  type Unseeded,
  validInstance,
} from './type-safety-cases.js';

afterAll(removeTempDirs);

const REGISTRIES = [CORPUS, join(ROOT, 'schemas')];

interface Line {
  uri: string;
  /** undefined: the valid instance. */
  mistake?: Mistake;
}

describe.skipIf(!existsSync(CORPUS))(
  'type safety over the Iglu Central sample (../shared) and schemas/',
  () => {
    it('compiles every valid instance and rejects every seeded mistake, in one tsc run', {
      timeout: 120_000,
    }, async () => {
      const root = tempDir('type-safety');
      const out = join(root, 'generated');
      const result = await generate({ registries: REGISTRIES, out });
      // 114 JSON schemas of the sample and the 8 of schemas/; the others are avro, thrift and protobuf.
      expect(result.schemasRead).toBe(122);
      expect(result.skipped.map((s) => s.message)).toEqual(
        result.skipped.map(() => expect.stringMatching(/^format "(avro|thrift|protobuf)" is not read/)),
      );

      const model = buildModel((await loadOrThrow(REGISTRIES)).schemas);
      const lines: Line[] = [];
      const code: string[] = [];
      const noInstance: string[] = [];
      const unseeded: (Unseeded & { uri: string })[] = [];
      const imports = new Set<string>();
      for (const module of model.modules) {
        const latest = module.versions[0];
        if (latest === undefined) continue;
        const { schema, uri } = latest.loaded;
        const valid = await validInstance(schema);
        if (valid === undefined) {
          noInstance.push(uri);
          continue;
        }
        const others = OTHER_VALUES.filter(
          (value) => JSON.stringify(value) !== JSON.stringify(valid) && ajvValid(schema, value),
        );
        const seeded = seedMistakes(schema, valid);
        unseeded.push(...seeded.unseeded.map((u) => ({ ...u, uri })));
        imports.add(latest.barrel.track);
        for (const [data, mistake] of [
          [valid, undefined] as const,
          ...others.map((other) => [other, undefined] as const),
          ...seeded.mistakes.map((m) => [m.data, m] as const),
        ]) {
          lines.push(mistake === undefined ? { uri } : { uri, mistake });
          code.push(`${latest.barrel.track}(t, ${JSON.stringify(data)});`);
        }
      }
      // Every version, old ones too: its track function and context builder take data of its type.
      const versions = model.modules.flatMap((m) => m.versions);
      for (const [i, v] of versions.entries()) {
        for (const name of [v.barrel.track, v.barrel.context, `type ${v.barrel.type}`]) imports.add(name);
        code.push(
          `declare const d${i}: ${v.barrel.type}; ${v.barrel.track}(t, d${i}); ${v.barrel.context}(d${i});`,
        );
      }
      const header = [
        "import type { Tracker } from 'plowtype';",
        `import { ${[...imports].join(', ')} } from './generated/index.js';`,
        'declare const t: Tracker;',
      ];
      writeFileSync(join(root, 'cases.ts'), [...header, ...code, 'export {};'].join('\n'));
      const run = tsc(root, [...listFiles(out).map((f) => join(out, f)), join(root, 'cases.ts')]);
      const failedLines = new Set(
        [...run.output.matchAll(/cases\.ts\((\d+),\d+\): error/g)].map(
          (m) => Number(m[1]) - header.length - 1,
        ),
      );
      // Nothing but cases.ts may fail: the generated code itself type-checks.
      expect(run.output.split('\n').filter((l) => /^\S/.test(l) && !l.includes('cases.ts('))).toEqual([]);

      const valid = lines.flatMap((line, i) =>
        line.mistake === undefined ? [{ line, failed: failedLines.has(i) }] : [],
      );
      const mistakes = lines.flatMap((line, i) =>
        line.mistake !== undefined ? [{ line, failed: failedLines.has(i) }] : [],
      );
      const rejectedValid = valid.filter((v) => v.failed).map((v) => v.line.uri);
      const missed = mistakes
        .filter((m) => !m.failed)
        .map((m) => `${m.line.uri}: ${m.line.mistake?.kind} (${m.line.mistake?.property})`);
      const reasons = new Map<string, number>();
      for (const u of unseeded)
        reasons.set(`${u.kind}: ${u.reason}`, (reasons.get(`${u.kind}: ${u.reason}`) ?? 0) + 1);
      console.log(
        [
          `type safety: valid instances that compile ${valid.length - rejectedValid.length} / ${valid.length}`,
          `type safety: seeded mistakes that tsc rejects ${mistakes.length - missed.length} / ${mistakes.length}`,
          `type safety: schemas without a valid instance from the faker: ${noInstance.length}${noInstance.map((u) => `\n  ${u}`).join('')}`,
          'type safety: mistakes not seeded, by kind and reason (schemas):',
          ...[...reasons].sort().map(([reason, n]) => `  ${reason} (${n})`),
        ].join('\n'),
      );
      expect([...failedLines].filter((i) => i >= lines.length).map((i) => code[i])).toEqual([]);
      expect(rejectedValid).toEqual([]);
      expect(missed).toEqual([]);
    });
  },
);
