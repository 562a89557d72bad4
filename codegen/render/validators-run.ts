/** Compiles validator tasks (ajv), in whichever thread loads this file; errors become data. */
import { TrackerError } from 'plowtype/errors';
import { validatorModule } from '../validators/module.js';
import type { ValidatorOutcome, ValidatorTask } from './validator-tasks.js';

function outcome(task: ValidatorTask): ValidatorOutcome {
  try {
    return { ok: validatorModule(task.requests, task.runtimePath, task.formatsImport) };
  } catch (error) {
    if (!(error instanceof Error)) return { error: { message: String(error) } };
    const cause = error.cause instanceof Error ? { cause: error.cause.message } : {};
    const code = error instanceof TrackerError ? { code: error.code } : {};
    return { error: { ...code, message: error.message, ...cause } };
  }
}

/** Each task's outcome, in order. */
export function compileTasks(tasks: readonly ValidatorTask[]): ValidatorOutcome[] {
  return tasks.map(outcome);
}
