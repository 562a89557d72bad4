/**
 * The render cache as a wrapper around the render step: each module (and the shared files) is keyed by
 * everything its output depends on; a key whose files are all on disk with the recorded content is not
 * rendered again. See store.ts for where the entries live.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hash } from '../hash.js';
import type { GenModel } from '../model/model-types.js';
import type { OutputFile } from '../render/module.js';
import { type CacheEntries, fingerprint, readCache, writeCache } from './store.js';

/** What a cached render gives: the files it rendered, and the paths of those it found still on disk. */
export interface CachedRender {
  files: OutputFile[];
  known: string[];
}

/** Renders the modules (by index) and, when `shared`, the shared files; returns files by module index. */
export type RenderStep = (
  indexes: number[],
  shared: boolean,
) => Promise<{ modules: Map<number, OutputFile[]>; shared: OutputFile[] }>;

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

/**
 * Runs `render` for only the modules of `model` (and the shared files) whose output in `out` is not
 * already what the cache recorded for the same inputs (`settings`: what else the output depends on), then
 * records what it rendered.
 */
export async function cachedRender(
  out: string,
  model: GenModel,
  settings: string,
  render: RenderStep,
): Promise<CachedRender> {
  const base = `${await fingerprint()}\0${settings}\0`;
  const keys = model.modules.map((module) => hash(base + JSON.stringify(module)));
  const allKeys = [...keys, sharedKey(model, base)];
  const cache = await readCache(out);
  const verified = await verifiedKeys(out, cache, allKeys);
  const indexes = keys.flatMap((key, i) => (verified.has(key) ? [] : [i]));
  const rendered = await render(indexes, !verified.has(allKeys[allKeys.length - 1] as string));
  const known = allKeys
    .filter((key) => verified.has(key))
    .flatMap((key) => (cache[key] ?? []).map((f) => f.path));
  const entries: CacheEntries = {};
  for (const key of allKeys) if (verified.has(key)) entries[key] = cache[key] ?? [];
  for (const [i, moduleFiles] of rendered.modules) entries[keys[i] as string] = moduleFiles.map(fileHash);
  if (rendered.shared.length > 0)
    entries[allKeys[allKeys.length - 1] as string] = rendered.shared.map(fileHash);
  await writeCache(out, entries);
  return { files: [...[...rendered.modules.values()].flat(), ...rendered.shared], known };
}
