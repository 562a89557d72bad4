import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/api-misuse.ts', import.meta.url));

describe('compile-time contract of the runtime API', () => {
  it('tsc rejects every marked mistake and accepts the rest', () => {
    const run = spawnSync(
      `${ROOT}node_modules/.bin/tsc`,
      ['--noEmit', '-p', fileURLToPath(new URL('./fixtures/tsconfig.json', import.meta.url))],
      { cwd: ROOT, encoding: 'utf8' },
    );
    // An unused @ts-expect-error (a mistake that compiles) and any unmarked error both show here. Errors in
    // other files are the global typecheck's business, not this contract's.
    const inFixture = `${run.stdout}${run.stderr}`
      .split('\n')
      .filter((line) => line.includes('api-misuse.ts'));
    expect(inFixture).toStrictEqual([]);
    expect(run.error).toBeUndefined();
    const marked = readFileSync(FIXTURE, 'utf8').match(/^\/\/ @ts-expect-error/gm) ?? [];
    expect(marked.length).toBe(24);
  });
});
