/**
 * Compile-time guarantees, proven by compiling: all golden output plus the callers of each fixture case in
 * one strict TS program with zero diagnostics (an unused `@ts-expect-error` is itself an error), and the
 * same callers without their `@ts-expect-error` lines fail exactly on those lines, for the stated reason.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, GOLDEN, listFiles, removeTempDirs, tempDir, tsc } from './gen-helpers.js';

afterAll(removeTempDirs);

const CALLERS = [
  ['gen-basic', 'valid.ts'],
  ['gen-basic', 'mistakes.ts'],
  ['gen-events', 'specs.ts'],
] as const;

describe('generated code type-checks', () => {
  it('compiles every golden file and every caller with zero diagnostics', () => {
    const golden = listFiles(GOLDEN).map((file) => join(GOLDEN, file));
    const callers = CALLERS.map(([name, file]) => join(FIXTURES, name, 'callers', file));
    const run = tsc(tempDir('tsc-golden'), [...golden, ...callers]);
    expect(run.output).toBe('');
    expect(run.status).toBe(0);
  });

  /** Each mistake, by line of the stripped file: the error tsc must give there. */
  const EXPECTED: Record<string, string[]> = {
    'mistakes.ts': [
      "Property 'level' is missing in type '{ save_id: string; }' but required in type 'SaveGame'.",
      "Type 'string' is not assignable to type 'number'.",
      "Object literal may only specify known properties, and 'lives' does not exist in type 'SaveGame'.",
      `Type '"NIGHTMARE"' is not assignable to type '"EASY" | "HARD" | "MEDIUM"'.`,
      "Type 'null' is not assignable to type 'string'.",
      `Type '"iglu:com.acme_company/movie_poster/jsonschema/2-1-1"' is not assignable to type 'SchemaUri<`,
      "Type '{ movie_name: number; }' is not assignable to type 'Inventory | LevelComplete | MoviePoster",
      "Property 'age' is missing in type 'ProfileV1_0_0' but required in type 'Profile'.",
      "Type 'number' is not assignable to type 'string'.",
    ],
    'specs.ts': [
      `is not assignable to type '"Contexts break the event specification: com.acme/movie_poster needs 1 to 1"'.`,
      `is not assignable to parameter of type 'Checkout & "Contexts break the event specification: com.acme/movie_poster needs 1 to 1"'.`,
      `is not assignable to type '"Contexts break the event specification: iglu:com.acme/screen_view/jsonschema/1-0-0 is not allowed"'.`,
      `is not assignable to type '"Contexts break the event specification: com.acme/movie_poster needs 1 to 1"'.`,
      `is not assignable to type '"Contexts break the event specification: com.acme/geo needs 0 to 1"'.`,
      `is not assignable to parameter of type 'Checkout & "Contexts break the event specification: com.acme/movie_poster needs 1 to 1"'.`,
    ],
  };

  it.each(Object.keys(EXPECTED))(
    '%s fails on every @ts-expect-error line once the comment is gone',
    (file) => {
      const [name] = CALLERS.find(([, f]) => f === file) ?? ['', ''];
      const source = readFileSync(join(FIXTURES, name, 'callers', file), 'utf8');
      const lines = source.split('\n');
      const marked = lines.flatMap((line, i) => (line.startsWith('// @ts-expect-error') ? [i + 2] : []));
      const stripped = lines
        .map((line) => (line.startsWith('// @ts-expect-error') ? '//' : line))
        .join('\n')
        .replaceAll("'../../../__golden__/", `'${GOLDEN}`);
      const dir = tempDir('tsc-stripped');
      writeFileSync(join(dir, file), stripped);
      const run = tsc(dir, [join(dir, file)]);
      const errors = [...run.output.matchAll(/\((\d+),\d+\): error TS\d+: (.*)/g)].map((m) => ({
        line: Number(m[1]),
        message: m[2] as string,
      }));
      const byLine = new Map<number, string[]>();
      for (const e of errors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e.message]);
      const want = EXPECTED[file] ?? [];
      // One stated reason per marked line: a mistake without one would pass on any message.
      expect(marked).toHaveLength(want.length);
      expect([...byLine.keys()]).toEqual(marked);
      marked.forEach((line, i) => {
        expect((byLine.get(line) ?? []).join('\n')).toContain(want[i]);
      });
    },
  );
});
