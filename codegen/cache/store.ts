/**
 * The render cache's store and the generator's fingerprint: for each key (modules.ts: a module, over
 * everything its output depends on, the generator itself and its dependencies included), the hash of each
 * file it gave. Kept in
 * `node_modules/.cache/plowtype/` of the working directory; a cache that cannot be read or written is
 * simply not used.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hash } from '../hash.js';

/** The generator's own dependencies, and the runtime package's that its Iglu layer (`plowtype/iglu`) uses. */
const DEPENDENCIES = ['json-schema-to-typescript', 'ajv'];
const IGLU_DEPENDENCIES = ['ajv-formats', 'ajv-draft-04'];

/**
 * The files a generator build is identified by: its own (every phase folder, recursively), the Iglu
 * layer's (loader and checks, which it reads schemas with: in the runtime package `plowtype`, its sources
 * in this repository, its built files when installed) and the entry files of their dependencies.
 */
export async function generatorFiles(): Promise<string[]> {
  const codegen = join(dirname(fileURLToPath(import.meta.url)), '..');
  const require = createRequire(import.meta.url);
  const runtimeManifest = require.resolve('plowtype/package.json');
  const runtime = dirname(runtimeManifest);
  const iglu = existsSync(join(runtime, 'iglu')) ? join(runtime, 'iglu') : join(runtime, 'dist/iglu');
  const files = (await Promise.all([codegen, iglu].map(sourceFiles))).flat();
  for (const dep of DEPENDENCIES) files.push(require.resolve(dep));
  const runtimeRequire = createRequire(runtimeManifest);
  for (const dep of IGLU_DEPENDENCIES) files.push(runtimeRequire.resolve(dep));
  return files.sort();
}

/**
 * The .ts and .js files under `dir`, recursively, but for `dist` and `node_modules` folders: a build
 * (which `npm pack` may be rewriting meanwhile) is not the sources, and a fingerprint must not read it.
 */
async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        return entry.name === 'dist' || entry.name === 'node_modules' ? [] : sourceFiles(path);
      }
      return /\.(ts|js)$/.test(entry.name) ? [path] : [];
    }),
  );
  return nested.flat();
}

/** Identifies this generator build: {@link generatorFiles} by size and modification time. */
export async function fingerprint(): Promise<string> {
  const files = await generatorFiles();
  const stats = await Promise.all(
    files.map(async (f) => {
      const { size, mtimeMs } = await stat(f);
      return `${f}:${size}:${mtimeMs}`;
    }),
  );
  return hash(stats.join('\n'));
}

/** Per key, each output file's path and content hash. */
export type CacheEntries = Record<string, { path: string; hash: string }[]>;

/** Where the cache of output folder `out` lives. */
export function cacheFile(out: string): string {
  return join(process.cwd(), 'node_modules/.cache/plowtype', `${hash(resolve(out)).slice(0, 16)}.json`);
}

/** Reads the cache of `out`; empty when there is none or it cannot be read. */
export async function readCache(out: string): Promise<CacheEntries> {
  try {
    return JSON.parse(await readFile(cacheFile(out), 'utf8')) as CacheEntries;
  } catch {
    return {};
  }
}

/** Writes the cache of `out`, best effort. */
export async function writeCache(out: string, entries: CacheEntries): Promise<void> {
  const file = cacheFile(out);
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(entries));
  } catch {
    // A read-only working directory only costs the next run its speed.
  }
}
