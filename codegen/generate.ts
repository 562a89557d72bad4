/**
 * `generate`: load → model → types and validators → emit → format → write (or compare, with `check`).
 * Every phase but the first and the last is pure; only files whose bytes change are written.
 */

import type { Project } from 'ts-morph';
import { barrelStatements, createProject, moduleStatements, print, tableStatements } from './emit.js';
import { formatFile, indentBlocks } from './format.js';
import { loadOrThrow } from './load.js';
import { buildModel, type ModuleModel, type VersionModel } from './model.js';
import type { EventSpec, GenerateOptions, GenerateResult, ValidationDefault } from './options.js';
import { runtimeModule } from './runtime-module.js';
import type { LoadedSchema } from './schema.js';
import { dataType } from './types.js';
import { validatorModule } from './validators.js';
import { syncFiles } from './write.js';

/** One output file, its path relative to the output folder (always `/`). */
export interface OutputFile {
  path: string;
  text: string;
}

/** What {@link renderFiles} needs besides the schemas. */
export interface RenderOptions {
  aliases?: Record<string, string>;
  events?: EventSpec[];
  /** @default 'throw' */
  validation?: ValidationDefault;
  /** @default 'plowtype' */
  runtimeModule?: string;
  onProgress?: (done: number, total: number) => void;
}

const VALIDATOR_HEADER =
  '// @ts-nocheck: ajv standalone code, precompiled from the schemas below.\n/* biome-ignore-all lint: generated */';

function rootDoc(version: VersionModel, latest: VersionModel): string[] {
  const { vendor, name } = version.loaded.key;
  const lines = [`(${vendor}/${name} ${version.version})`];
  if (!version.latest) lines.push(`@deprecated Use {@link ${latest.names.type}} (${latest.version}).`);
  return lines;
}

async function renderModule(
  project: Project,
  module: ModuleModel,
  runtimeImport: string,
): Promise<OutputFile[]> {
  const latest = module.versions[0] as VersionModel;
  const requests = module.versions.map((v) => ({
    exportName: v.validator,
    schema: v.loaded.schema,
    source: v.source,
  }));
  const validatorCode = validatorModule(requests, '../_runtime.js');
  const exported = new Set(
    [...(validatorCode ?? '').matchAll(/^export const (v[0-9_]+) =/gm)].map((m) => m[1] as string),
  );
  const types = await Promise.all(
    module.versions.map((v) =>
      dataType({ typeName: v.names.type, schema: v.loaded.schema, doc: rootDoc(v, latest) }, v.source),
    ),
  );
  const text = print(project, `/${module.path}.ts`, moduleStatements(module, types, exported, runtimeImport));
  const files = [{ path: `${module.path}.ts`, text: await formatFile(text) }];
  if (validatorCode !== undefined) {
    const head = print(project, `/${module.path}.validate.ts`, [
      moduleStatements(module, [], new Set(), '')[0] as string,
    ]);
    const full = `${head.trimEnd()}\n${VALIDATOR_HEADER}\n${validatorCode}`;
    files.push({ path: `${module.path}.validate.ts`, text: indentBlocks(full) });
  }
  return files;
}

/** Every output file for `schemas`, sorted by path. Pure apart from CPU: no I/O. */
export async function renderFiles(
  schemas: readonly LoadedSchema[],
  options: RenderOptions = {},
): Promise<OutputFile[]> {
  const model = buildModel(schemas, { aliases: options.aliases ?? {}, events: options.events ?? [] });
  const runtimeImport = options.runtimeModule ?? 'plowtype';
  const project = createProject();
  const files: OutputFile[] = [];
  for (const [index, module] of model.modules.entries()) {
    files.push(...(await renderModule(project, module, runtimeImport)));
    options.onProgress?.(index + 1, model.modules.length);
  }
  files.push(
    { path: 'index.ts', text: await formatFile(print(project, '/index.ts', barrelStatements(model))) },
    {
      path: 'schemas.ts',
      text: await formatFile(print(project, '/schemas.ts', tableStatements(model, runtimeImport))),
    },
    {
      path: '_runtime.ts',
      text: await formatFile(runtimeModule(runtimeImport, options.validation ?? 'throw')),
    },
  );
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Generates (or, with `check`, compares) the typed API of every schema in `options.registries`. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const loaded = await loadOrThrow(options.registries, options.include ? { include: options.include } : {});
  const files = await renderFiles(loaded.schemas, options);
  const sync = await syncFiles(options.out, files, options.check ?? false);
  return { schemasRead: loaded.schemas.length, skipped: loaded.skipped, ...sync };
}
