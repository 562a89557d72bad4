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

/**
 * Compiles tasks until none is left, taking each by its index from `next` (a counter the other thread
 * takes from too), and hands each outcome to `done`. Every task is compiled alone (a fresh ajv), so its
 * code does not depend on which thread took it.
 */
export function compileTasks(
  tasks: readonly ValidatorTask[],
  next: Int32Array,
  done: (index: number, outcome: ValidatorOutcome) => void,
): void {
  for (let i = Atomics.add(next, 0, 1); i < tasks.length; i = Atomics.add(next, 0, 1)) {
    done(i, outcome(tasks[i] as ValidatorTask));
  }
}
