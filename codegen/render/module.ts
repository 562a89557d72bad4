/**
 * Rendering: the types, validators, emit and format phases for one module, and for the shared files.
 * Heavy (ts-morph, json-schema-to-typescript, ajv): loaded only when something must be rendered.
 */
import type { Project } from 'ts-morph';
import { finishFile, indentDeclarations } from '../emit/format.js';
import { createProject, deprecation, moduleStatements, print } from '../emit/module.js';
import { runtimeModule } from '../emit/runtime-module.js';
import { barrelStatements, tableStatements } from '../emit/tables.js';
import { GENERATED_MARK } from '../generated-mark.js';
import type { GenModel, ModuleModel, VersionModel } from '../model/model-types.js';
import type { ValidationDefault } from '../options.js';
import { dataType } from '../types/data-type.js';
import { SHARED_VALIDATORS, sharedValidators } from '../validators/across.js';
import { validatorModule } from '../validators/module.js';

/** One output file, its path relative to the output folder (always `/`). */
export interface OutputFile {
  path: string;
  text: string;
}

const VALIDATOR_HEADER =
  '// @ts-nocheck: ajv standalone code, precompiled from the schemas below.\n/* biome-ignore-all lint: generated */';

let project: Project | undefined;

function rootDoc(version: VersionModel, latest: VersionModel): string[] {
  const { vendor, name } = version.loaded.key;
  const lines = [`(${vendor}/${name} ${version.version})`];
  if (!version.latest) lines.push(deprecation(latest, 'type'));
  return lines;
}

/** The module of one `vendor/name` and, when any version has runtime rules, its `.validate.ts`. */
export async function renderModule(module: ModuleModel, runtimeImport: string): Promise<OutputFile[]> {
  project ??= createProject();
  const latest = module.versions[0] as VersionModel;
  const requests = module.versions.map((v) => ({
    exportName: v.validator,
    schema: v.loaded.schema,
    source: v.source,
    shared: v.sharedValidator,
  }));
  const validators = validatorModule(requests, '../_runtime.js', `${runtimeImport}/formats`);
  const types = await Promise.all(
    module.versions.map((v) =>
      dataType({ typeName: v.names.type, schema: v.loaded.schema, doc: rootDoc(v, latest) }, v.source).then(
        indentDeclarations,
      ),
    ),
  );
  const statements = moduleStatements(module, types, validators?.exports ?? new Set(), runtimeImport);
  const files = [
    { path: `${module.path}.ts`, text: finishFile(print(project, `/${module.path}.ts`, statements)) },
  ];
  if (validators !== undefined) {
    const full = `${statements[0] as string}\n${VALIDATOR_HEADER}\n${validators.code}`;
    // Not indented: ajv's code nests deep, and the spaces would be a fifth of the file.
    files.push({ path: `${module.path}.validate.ts`, text: finishFile(full) });
  }
  return files;
}

/** `_shared.validate.ts`: the validators several modules share (validators/across.ts), if any. */
function sharedValidatorFile(model: GenModel, runtimeImport: string): OutputFile[] {
  const shared = sharedValidators(model);
  const validators = validatorModule(shared, './_runtime.js', `${runtimeImport}/formats`);
  if (validators === undefined) return [];
  const sources = shared.map((s) => `//   ${s.source}`).join('\n');
  const header = `${GENERATED_MARK}: validators that several modules share, from the Iglu schemas below (one copy each). Do not edit: run \`plowtype generate\`.\n${sources}`;
  return [
    {
      path: `${SHARED_VALIDATORS}.ts`,
      text: finishFile(`${header}\n${VALIDATOR_HEADER}\n${validators.code}`),
    },
  ];
}

/** The barrel `index.ts`, the URI table `schemas.ts`, the shared `_runtime.ts` and `_shared.validate.ts`. */
export async function renderShared(
  model: GenModel,
  runtimeImport: string,
  validation: ValidationDefault,
): Promise<OutputFile[]> {
  project ??= createProject();
  return [
    { path: 'index.ts', text: finishFile(print(project, '/index.ts', barrelStatements(model))) },
    {
      path: 'schemas.ts',
      text: finishFile(print(project, '/schemas.ts', tableStatements(model, runtimeImport))),
    },
    { path: '_runtime.ts', text: finishFile(runtimeModule(runtimeImport, validation)) },
    ...sharedValidatorFile(model, runtimeImport),
  ];
}
