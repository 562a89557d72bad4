/**
 * `generate`, the generator's one entry. Its phases, in order, each in its own folder:
 *
 * 1. load and check the schema files: the Iglu layer (`plowtype/iglu`, in `src/iglu/`);
 * 2. check what plowtype will not generate from (`check/`);
 * 3. model: names, modules, events (`model/`);
 * 4. render each module: types (`types/`) → emit (`emit/`) → validators (`validators/`), joined by `render/`;
 * 5. write, or compare with `check` (`write/`).
 *
 * Caching wraps that chain, it is not part of it (`cache/`): the run stamp skips the whole run when
 * nothing changed, and the render cache skips modules whose files are still on disk as last rendered.
 */
import { type LoadedSchema, loadOrThrow, SchemaError } from 'plowtype/iglu';
import { cachedRender } from './cache/modules.js';
import { stampedRun } from './cache/run-stamp.js';
import { usageProblems } from './check/usage.js';
import { buildModel } from './model/build.js';
import type { GenerateOptions, GenerateResult } from './options.js';
import { renderJob } from './render/job.js';
import type { OutputFile } from './render/module.js';
import { shareAcrossModules } from './validators/across.js';
import { syncFiles } from './write/sync.js';

export type { OutputFile } from './render/module.js';

/** What {@link renderFiles} needs besides the schemas: generate's options without the file-system ones. */
export type RenderOptions = Omit<GenerateOptions, 'registries' | 'out' | 'check' | 'include'>;

/**
 * Generates (or, with `check`, compares) the typed API of every schema in `options.registries`: the
 * phases in order, inside the run stamp (cache/run-stamp.ts).
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  return stampedRun(options, async () => {
    const { schemas, skipped } = await loadAndCheck(options);
    const { model, runtimeImport, validation } = plan(schemas, options);
    const rendered = await cachedRender(
      options.out,
      model,
      `${runtimeImport}\0${validation}`,
      (indexes, shared) =>
        renderJob({
          model,
          indexes,
          shared,
          runtimeImport,
          validation,
          onModule: progress(options, indexes.length),
        }),
    );
    const files = rendered.files.sort(byPath);
    const sync = await syncFiles(options.out, files, options.check ?? false, rendered.known);
    return { schemasRead: schemas.length, skipped, ...sync };
  });
}

/** Every output file for `schemas`, sorted by path, rendered afresh: the model and render phases. No I/O. */
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

/** Load and check: the Iglu layer reads and checks the schema files, then check/ what plowtype refuses. */
async function loadAndCheck(options: GenerateOptions) {
  const loaded = await loadOrThrow(options.registries, {
    ...(options.include ? { include: options.include } : {}),
    ...(options.exclude ? { exclude: options.exclude } : {}),
  });
  const problems = usageProblems(loaded.schemas, options);
  if (problems.length > 0) throw new SchemaError(problems);
  return loaded;
}

/** The model phase, and the render settings with their defaults (the same for a render and a generate). */
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
