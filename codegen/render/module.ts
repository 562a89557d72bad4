/**
 * Rendering: the types, emit and format phases for one module, joined with its validators' code (compiled
 * apart: render/validators-thread.ts), and the shared files. Heavy (json-schema-to-typescript, and the TypeScript parser for readonly types):
 * loaded only when something must be rendered.
 */
import { finishFile, indentDeclarations } from '../emit/format.js';
import { deprecation, moduleStatements } from '../emit/module.js';
import { print } from '../emit/print.js';
import { runtimeModule } from '../emit/runtime-module.js';
import { barrelStatements, tableStatements } from '../emit/tables.js';
import { GENERATED_MARK } from '../generated-mark.js';
import type { GenModel, ModuleModel, VersionModel } from '../model/model-types.js';
import type { ValidationDefault } from '../options.js';
import { dataType } from '../types/data-type.js';
import { SHARED_VALIDATORS, sharedValidators } from '../validators/across.js';
import type { ValidatorCode } from '../validators/module.js';

/** One output file, its path relative to the output folder (always `/`). */
export interface OutputFile {
  path: string;
  text: string;
}

const VALIDATOR_HEADER =
  '// @ts-nocheck: ajv standalone code, precompiled from the schemas below.\n/* biome-ignore-all lint: generated */';

function rootDoc(version: VersionModel, latest: VersionModel): string[] {
  const { vendor, name } = version.loaded.key;
  const lines = [`(${vendor}/${name} ${version.version})`];
  if (!version.latest) lines.push(deprecation(latest, 'type'));
  return lines;
}

/** The data type declarations of each version of a module, latest first. */
export function moduleTypes(module: ModuleModel): Promise<string[]> {
  const latest = module.versions[0] as VersionModel;
  return Promise.all(
    module.versions.map((v) =>
      dataType({ typeName: v.names.type, schema: v.loaded.schema, doc: rootDoc(v, latest) }, v.source).then(
        indentDeclarations,
      ),
    ),
  );
}

/**
 * The module of one `vendor/name` from its types and validators (`undefined`: no versions) and, when
 * there are validators, its `.validate.ts`.
 */
export function renderModule(
  module: ModuleModel,
  types: readonly string[],
  validators: ValidatorCode | undefined,
  runtimeImport: string,
): OutputFile[] {
  const statements = moduleStatements(module, types, validators?.exports ?? new Set(), runtimeImport);
  const files = [{ path: `${module.path}.ts`, text: finishFile(print(statements)) }];
  if (validators !== undefined) {
    const full = `${statements[0] as string}\n${VALIDATOR_HEADER}\n${validators.code}`;
    // Not indented: ajv's code nests deep, and the spaces would be a fifth of the file.
    files.push({ path: `${module.path}.validate.ts`, text: finishFile(full) });
  }
  return files;
}

/** `_shared.validate.ts`: the validators several modules share (validators/across.ts), if any. */
function sharedValidatorFile(model: GenModel, validators: ValidatorCode | undefined): OutputFile[] {
  if (validators === undefined) return [];
  const shared = sharedValidators(model);
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
export function renderShared(
  model: GenModel,
  runtimeImport: string,
  validation: ValidationDefault,
  validators: ValidatorCode | undefined,
): OutputFile[] {
  return [
    { path: 'index.ts', text: finishFile(print(barrelStatements(model))) },
    {
      path: 'schemas.ts',
      text: finishFile(print(tableStatements(model, runtimeImport))),
    },
    { path: '_runtime.ts', text: finishFile(runtimeModule(runtimeImport, validation)) },
    ...sharedValidatorFile(model, validators),
  ];
}
