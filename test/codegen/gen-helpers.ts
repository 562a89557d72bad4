/** Shared helpers of the generator tests: fixture paths, generation into temp folders, tsc runs. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stampFile } from '../../codegen/cache/run-stamp.js';
import { cacheFile } from '../../codegen/cache/store.js';
import { generate } from '../../codegen/generate.js';
import type { GenerateOptions, GenerateResult } from '../../codegen/options.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const GOLDEN = fileURLToPath(new URL('./__golden__/', import.meta.url));
export const CORPUS = join(ROOT, '../shared/corpus/iglu-central-sample/schemas');

const created: string[] = [];

/** Removes every temp folder made by {@link tempDir} in this test file (call from `afterAll`). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
    for (const out of [dir, join(dir, 'generated')]) {
      rmSync(cacheFile(out), { force: true });
      rmSync(stampFile(out), { force: true });
    }
  }
}

/** A fresh temp folder, an ES module scope (a `package.json` with `"type": "module"`) like the project. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `plowtype-${prefix}-`));
  created.push(dir);
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}

/** The generate options of a fixture case: its registry plus `options.json` when present. */
export function caseOptions(name: string, out: string): GenerateOptions {
  const file = join(FIXTURES, name, 'options.json');
  const extra = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<GenerateOptions>) : {};
  return { ...extra, registries: [join(FIXTURES, name, 'schemas')], out };
}

/** Generates a fixture case into a temp folder. */
export async function generateCase(name: string): Promise<{ out: string; result: GenerateResult }> {
  const out = tempDir(name);
  return { out, result: await generate(caseOptions(name, out)) };
}

/** Every file under `dir`, as `/`-separated relative paths, sorted. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/** Runs `tsc --noEmit` over `files` with the project's strict options; returns its output ('' = clean). */
export function tsc(dir: string, files: readonly string[]): { status: number | null; output: string } {
  const config = {
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: {
      paths: {
        plowtype: [join(ROOT, 'src/index.ts')],
        'plowtype/formats': [join(ROOT, 'src/formats.ts')],
        'plowtype/generated': [join(ROOT, 'src/generated/index.ts')],
      },
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules/@types')],
    },
    files,
    include: [],
  };
  const path = join(dir, 'tsconfig.check.json');
  writeFileSync(path, JSON.stringify(config));
  const run = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', path], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  // Diagnostics inside src/ belong to the runtime's own type check (npm run typecheck), which may be
  // mid-change in another lane; these tests judge the generated code and its callers.
  const output = `${run.stdout}${run.stderr}`
    .split(/\n(?=\S)/)
    .filter((diagnostic) => !diagnostic.startsWith('src/'))
    .join('\n')
    .trim();
  return { status: output === '' ? 0 : run.status, output };
}
