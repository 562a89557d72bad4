/**
 * `generate`: load → model → render (types, validators, emit, format; in parallel when it pays) → write
 * (or compare, with `check`). Modules whose inputs and files are unchanged since the last run (see
 * cache.ts) are not rendered again, and only files whose bytes change are written.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedSchema, SchemaProblem } from '../src/iglu/schema.js';
import { walk } from '../src/iglu/walk.js';
import { readStamp, runStamp, unchangedResult, writeStamp } from './cache/run-stamp.js';
import { type CacheEntries, fingerprint, hash, readCache, writeCache } from './cache/store.js';
import { refMessage, refProblems } from './check/refs.js';
import { buildModel } from './model/build.js';
import type { GenModel } from './model/model-types.js';
import type { GenerateOptions, GenerateResult } from './options.js';
import { renderJob } from './render/job.js';
import type { OutputFile } from './render/module.js';
import { shareAcrossModules } from './validators/across.js';
import { syncFiles } from './write/sync.js';

export type { OutputFile } from './render/module.js';

/** What {@link renderFiles} needs besides the schemas: generate's options without the file-system ones. */
export type RenderOptions = Omit<GenerateOptions, 'registries' | 'out' | 'check' | 'include'>;

/** The model and the render settings with their defaults, the same for a render and a generate. */
function plan(schemas: readonly LoadedSchema[], options: RenderOptions) {
  const model = buildModel(schemas, { aliases: options.aliases ?? {}, events: options.events ?? [] });
  shareAcrossModules(model);
  return {
    model,
    runtimeImport: options.runtimeModule ?? 'plowtype',
    validation: options.validation ?? 'throw',
  };
}

function byPath(a: OutputFile, b: OutputFile): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function progress(options: RenderOptions, total: number): () => void {
  let done = 0;
  return () => {
    done += 1;
    options.onProgress?.(done, total);
  };
}

/** Every output file for `schemas`, sorted by path, rendered afresh. No I/O. */
export async function renderFiles(
  schemas: readonly LoadedSchema[],
  options: RenderOptions = {},
): Promise<OutputFile[]> {
  const { model, runtimeImport, validation } = plan(schemas, options);
  const { modules, shared } = await renderJob({
    model,
    indexes: model.modules.map((_, i) => i),
    shared: true,
    runtimeImport,
    validation,
    onModule: progress(options, model.modules.length),
  });
  return [...[...modules.values()].flat(), ...shared].sort(byPath);
}

function sharedKey(model: GenModel, base: string): string {
  return hash(
    base +
      JSON.stringify(
        model.modules.map((m) => [
          m.path,
          // The shared validators' names are hashes of their rules: they key _shared.validate.ts too.
          m.versions.map((v) => [v.loaded.uri, v.names, v.barrel, v.sharedValidator ?? null]),
        ]),
      ),
  );
}

/**
 * Generates (or, with `check`, compares) the typed API of every schema in `options.registries`. When
 * nothing it reads or wrote has changed since the last run that left the output in step (run-stamp.ts),
 * it reads nothing more.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const stamp = await runStamp(options);
  const last = stamp === undefined ? undefined : await readStamp(options.out);
  if (last !== undefined && last.stamp === stamp) return unchangedResult(last);
  const result = await generateAll(options);
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

async function generateAll(options: GenerateOptions): Promise<GenerateResult> {
  // Loaded here, not at the top: a run with nothing to do never loads the loader's ajv.
  const { loadOrThrow, SchemaError } = await import('../src/iglu/load.js');
  const loaded = await loadOrThrow(options.registries, {
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
  });
  const problems = usageProblems(loaded.schemas, options);
  if (problems.length > 0) throw new SchemaError(problems);
  const { model, runtimeImport, validation } = plan(loaded.schemas, options);
  const base = `${await fingerprint()}\0${runtimeImport}\0${validation}\0`;
  const keys = model.modules.map((module) => hash(base + JSON.stringify(module)));
  const allKeys = [...keys, sharedKey(model, base)];
  const cache = await readCache(options.out);
  const verified = await verifiedKeys(options.out, cache, allKeys);
  const indexes = keys.flatMap((key, i) => (verified.has(key) ? [] : [i]));
  const sharedDone = verified.has(allKeys[allKeys.length - 1] as string);
  const rendered = await renderJob({
    model,
    indexes,
    shared: !sharedDone,
    runtimeImport,
    validation,
    onModule: progress(options, indexes.length),
  });
  const files = [...[...rendered.modules.values()].flat(), ...rendered.shared].sort(byPath);
  const known = allKeys
    .filter((key) => verified.has(key))
    .flatMap((key) => (cache[key] ?? []).map((f) => f.path));
  const sync = await syncFiles(options.out, files, options.check ?? false, known);
  const entries: CacheEntries = {};
  for (const key of allKeys) if (verified.has(key)) entries[key] = cache[key] ?? [];
  for (const [i, moduleFiles] of rendered.modules) entries[keys[i] as string] = moduleFiles.map(fileHash);
  if (rendered.shared.length > 0)
    entries[allKeys[allKeys.length - 1] as string] = rendered.shared.map(fileHash);
  await writeCache(options.out, entries);
  return { schemasRead: loaded.schemas.length, skipped: loaded.skipped, ...sync };
}

/**
 * The most sub-schemas one schema may have. 20,000 properties generate in about 12 s and 0.9 GB on a
 * loaded 2-core machine; 60,000 took 1.8 GB before whole-schema validators: past the limit a run would
 * exhaust a CI machine's memory rather than fail with a message.
 */
export const MAX_SUB_SCHEMAS = 20_000;

function subSchemaCount(schema: LoadedSchema['schema']): number {
  let count = 0;
  for (const _ of walk(schema)) count += 1;
  return count;
}

/**
 * Zero schemas is an error (a mistyped registry would otherwise delete every generated file), and so are a
 * schema over {@link MAX_SUB_SCHEMAS} and a `$ref` that does not resolve inside its schema (an external one
 * only unless the config allows it).
 */
function usageProblems(schemas: readonly LoadedSchema[], options: GenerateOptions): SchemaProblem[] {
  if (schemas.length === 0) {
    const where = options.registries.join(', ');
    return [
      {
        source: where,
        message:
          'no schema found (expected VENDOR/NAME/jsonschema/M-R-A files); nothing was written or deleted',
      },
    ];
  }
  const problems: SchemaProblem[] = [];
  for (const loaded of schemas) {
    const size = subSchemaCount(loaded.schema);
    if (size > MAX_SUB_SCHEMAS) {
      problems.push({
        source: loaded.source,
        message: `schema too large: ${size} sub-schemas, over the limit of ${MAX_SUB_SCHEMAS} that plowtype generates (split the schema, or exclude it)`,
      });
      continue;
    }
    for (const ref of refProblems(loaded.schema)) {
      if (ref.kind === 'external' && options.allowExternalRefs) continue;
      const hint =
        ref.kind === 'external' ? ' (set allowExternalRefs in the config to type it as any JSON value)' : '';
      problems.push({ source: loaded.source, message: `${refMessage(ref)}${hint}` });
    }
  }
  return problems;
}

function fileHash(file: OutputFile): { path: string; hash: string } {
  return { path: file.path, hash: hash(file.text) };
}

/** The keys whose cached files are all on disk with the recorded content. */
async function verifiedKeys(out: string, cache: CacheEntries, keys: readonly string[]): Promise<Set<string>> {
  const verified = new Set<string>();
  await Promise.all(
    keys.map(async (key) => {
      const files = Object.hasOwn(cache, key) ? cache[key] : undefined;
      if (files === undefined || files.length === 0) return;
      const same = await Promise.all(
        files.map(
          async (f) => hash(await readFile(join(out, f.path), 'utf8').catch(() => '\0missing')) === f.hash,
        ),
      );
      if (same.every(Boolean)) verified.add(key);
    }),
  );
  return verified;
}
