/**
 * The validators of a render job as plain data: one task per module (and one for `_shared.validate.ts`),
 * compiled apart from the types (render/validators-thread.ts). Loads nothing heavy.
 */
import type { ModuleModel } from '../model/model-types.js';
import type { SharedValidator } from '../validators/across.js';
import type { ValidatorCode, ValidatorRequest } from '../validators/module.js';

/** One `validatorModule` call: its requests and import paths. */
export interface ValidatorTask {
  requests: ValidatorRequest[];
  runtimePath: string;
  formatsImport: string;
}

/**
 * What a task gave: its code (`undefined` for no versions), or the error it threw, as data that crosses
 * a thread (a TrackerError's code and message, the cause's message).
 */
export type ValidatorOutcome =
  | { ok: ValidatorCode | undefined }
  | { error: { code?: string; message: string; cause?: string } };

/** The task of one module's `.validate.ts`. */
export function moduleTask(module: ModuleModel, runtimeImport: string): ValidatorTask {
  return {
    requests: module.versions.map((v) => ({
      exportName: v.validator,
      schema: v.loaded.schema,
      source: v.source,
      shared: v.sharedValidator,
    })),
    runtimePath: '../_runtime.js',
    formatsImport: `${runtimeImport}/formats`,
  };
}

/** The task of `_shared.validate.ts`. */
export function sharedTask(shared: SharedValidator[], runtimeImport: string): ValidatorTask {
  return { requests: shared, runtimePath: './_runtime.js', formatsImport: `${runtimeImport}/formats` };
}
