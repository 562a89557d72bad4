/**
 * Validators several modules share. Schemas are copied across vendors (a fork under the company's own
 * vendor, the same entity in two registries): a version whose checked schema (schema.ts's, so
 * descriptions do not count) is the same as a version of another module gets its validator from one
 * shared module, `_shared.validate.ts`, named by a hash of that schema, instead of a copy per module.
 * The name depends only on the schema, so the output stays byte-stable whatever else the run holds.
 */
import { hash } from '../hash.js';
import type { GenModel } from '../model/model-types.js';
import { runtimeSchema } from './schema.js';

/** One validator of `_shared.validate.ts`: its export name, its schema and the first source it came from. */
export interface SharedValidator {
  exportName: string;
  schema: unknown;
  source: string;
}

/** The shared module's file name in the output folder (no extension), imported as `../_shared.validate.js`. */
export const SHARED_VALIDATORS = '_shared.validate';

/** Marks each version whose validator another module also needs (`sharedValidator` on its model). */
export function shareAcrossModules(model: GenModel): void {
  const modulesOf = new Map<string, Set<string>>();
  const named = model.modules.flatMap((module) =>
    module.versions.map((version) => {
      const exportName = `s_${hash(JSON.stringify(runtimeSchema(version.loaded.schema))).slice(0, 16)}`;
      const modules = modulesOf.get(exportName) ?? new Set<string>();
      modules.add(module.path);
      modulesOf.set(exportName, modules);
      return { version, exportName };
    }),
  );
  for (const { version, exportName } of named) {
    if ((modulesOf.get(exportName)?.size ?? 0) > 1) version.sharedValidator = exportName;
  }
}

/** The validators of `_shared.validate.ts`, sorted by name, each from the first version that needs it. */
export function sharedValidators(model: GenModel): SharedValidator[] {
  const byName = new Map<string, SharedValidator>();
  for (const module of model.modules) {
    for (const { sharedValidator: exportName, loaded, source } of module.versions) {
      if (exportName !== undefined && !byName.has(exportName)) {
        byName.set(exportName, { exportName, schema: loaded.schema, source });
      }
    }
  }
  return [...byName.values()].sort((a, b) => (a.exportName < b.exportName ? -1 : 1));
}
