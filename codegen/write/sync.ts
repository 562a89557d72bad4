/**
 * The last phase: writes output files whose bytes changed (or, in check mode, only compares), and removes
 * files a previous run generated that no schema gives any more.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { GENERATED_MARK } from '../generated-mark.js';

/** What {@link syncFiles} did or, in check mode, would do. Paths are relative to the output folder. */
export interface SyncResult {
  written: string[];
  unchanged: string[];
  stale: string[];
  missing: string[];
  extra: string[];
}

async function listTs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch(() => undefined);
}

/** Brings `out` to exactly `files` (or reports how far it is, with `check`). */
export async function syncFiles(
  out: string,
  files: readonly { path: string; text: string }[],
  check: boolean,
  /** Files already known to be up to date (checked against the cache): neither rendered nor compared. */
  known: readonly string[] = [],
): Promise<SyncResult> {
  const result: SyncResult = { written: [], unchanged: [...known], stale: [], missing: [], extra: [] };
  const expected = new Set([...known, ...files.map((f) => f.path)]);
  for (const file of files) {
    const target = join(out, file.path);
    const current = await readOrUndefined(target);
    if (current === file.text) {
      result.unchanged.push(file.path);
      continue;
    }
    if (check) {
      (current === undefined ? result.missing : result.stale).push(file.path);
      continue;
    }
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.text);
    result.written.push(file.path);
  }
  for (const path of await listTs(out)) {
    if (expected.has(path)) continue;
    const text = await readOrUndefined(join(out, path));
    if (!text?.startsWith(GENERATED_MARK)) continue;
    result.extra.push(path);
    if (!check) await rm(join(out, path));
  }
  result.unchanged.sort();
  return result;
}
