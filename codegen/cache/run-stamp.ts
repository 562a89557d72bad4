/**
 * The whole-run shortcut of `generate`: a stamp over everything a run reads (the generator build, the
 * options, every registry file's path, size and modification time) and everything it leaves (every file
 * of the output folder, the same way). When the stamp of the last run that left the output in step is
 * the stamp now, nothing changed: the schemas are not even read. Only for static registries (an HTTP
 * registry may change without a trace here).
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { hash } from '../hash.js';
import type { GenerateOptions, GenerateResult } from '../options.js';
import { cacheFile, fingerprint } from './store.js';

/**
 * `path size mtime` of every file under `dir`, sorted; empty for a missing folder; undefined when it holds
 * a symbolic link (what is behind one is not listed here, so no shortcut).
 */
async function fileStats(dir: string): Promise<string[] | undefined> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  if (entries.some((e) => e.isSymbolicLink())) return undefined;
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  const lines = await Promise.all(
    files.map(async (file) => {
      const s = await stat(file).catch(() => undefined);
      return `${file}\t${s?.size ?? -1}\t${Math.trunc(s?.mtimeMs ?? -1)}`;
    }),
  );
  return lines.sort();
}

/** The stamp of a run with these options now, or undefined when a registry is not a folder. */
export async function runStamp(options: GenerateOptions): Promise<string | undefined> {
  if (options.registries.some((r) => /^https?:\/\//i.test(r))) return undefined;
  const { onProgress: _, check: __, ...settings } = options;
  const registries = await Promise.all(options.registries.map(fileStats));
  const out = await fileStats(options.out);
  if (out === undefined || registries.some((r) => r === undefined)) return undefined;
  return hash([await fingerprint(), JSON.stringify(settings), ...registries.flat(), '', ...out].join('\n'));
}

/** Where the record of the last in-step run of output folder \`out\` lives (beside its render cache). */
export function stampFile(out: string): string {
  return cacheFile(out).replace(/\.json$/, '.run.json');
}

/** The record of the last in-step run, if any. */
export async function readStamp(out: string): Promise<StampRecord | undefined> {
  try {
    return JSON.parse(await readFile(stampFile(out), 'utf8')) as StampRecord;
  } catch {
    return undefined;
  }
}

/** Records a run that left the output in step, best effort. */
export async function writeStamp(out: string, record: StampRecord): Promise<void> {
  try {
    await mkdir(dirname(stampFile(out)), { recursive: true });
    await writeFile(stampFile(out), JSON.stringify(record));
  } catch {
    // Only the next run's speed is lost.
  }
}

/** What a run whose stamp matched reports: every file unchanged, as the last run left them. */
export interface StampRecord {
  stamp: string;
  schemasRead: number;
  skipped: GenerateResult['skipped'];
  files: string[];
}

/** The result of a run that found nothing to do. */
export function unchangedResult(record: StampRecord): GenerateResult {
  const { schemasRead, skipped, files } = record;
  return { schemasRead, skipped, written: [], unchanged: files, stale: [], missing: [], extra: [] };
}

/**
 * Runs `run` unless nothing it reads or wrote has changed since the last run that left the output in step
 * (then it answers from the stamp and reads nothing more); records a new stamp after a run that leaves the
 * output in step.
 */
export async function stampedRun(
  options: GenerateOptions,
  run: () => Promise<GenerateResult>,
): Promise<GenerateResult> {
  const stamp = await runStamp(options);
  const last = stamp === undefined ? undefined : await readStamp(options.out);
  if (last !== undefined && last.stamp === stamp) return unchangedResult(last);
  const result = await run();
  const inStep = result.stale.length + result.missing.length + result.extra.length === 0;
  const after = stamp === undefined || !inStep ? undefined : await runStamp(options);
  if (after !== undefined) {
    const files = [...result.written, ...result.unchanged].sort();
    await writeStamp(options.out, {
      stamp: after,
      schemasRead: result.schemasRead,
      skipped: result.skipped,
      files,
    });
  }
  return result;
}
