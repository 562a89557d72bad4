/**
 * Compiles a job's validators (ajv) on a worker thread while the main thread writes the types
 * (json-schema-to-typescript, ts-morph): the two halves load different libraries and share nothing, so
 * each loads and warms up only its own half, on its own core. (Splitting by module instead, each thread
 * loading everything, was measured before and lost: see job.ts.)
 */
import { Worker } from 'node:worker_threads';
import { TrackerError } from 'plowtype/errors';
import type { ValidatorCode } from '../validators/module.js';
import type { ValidatorOutcome, ValidatorTask } from './validator-tasks.js';

/** The validators being compiled: `outcomes` in task order; `stop()` ends the thread early. */
export interface ValidatorRun {
  outcomes: Promise<ValidatorOutcome[]>;
  stop: () => void;
}

/**
 * The worker's file, next to this one when built (`.js`). From source (tsx, vitest) the tasks run in this
 * thread: a worker does not inherit the TypeScript loader on Node 20 (it failed on the `.ts` extension).
 */
function workerFile(): URL | undefined {
  return import.meta.url.endsWith('.js') ? new URL('./validators-worker.js', import.meta.url) : undefined;
}

/** Starts compiling `tasks`: on a worker thread when one can load this code, else in this thread. */
export function startValidators(tasks: readonly ValidatorTask[]): ValidatorRun {
  const file = workerFile();
  if (file === undefined || tasks.length === 0) {
    return { outcomes: import('./validators-run.js').then((run) => run.compileTasks(tasks)), stop: () => {} };
  }
  const worker = new Worker(file, { workerData: tasks });
  const outcomes = new Promise<ValidatorOutcome[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`Validator thread exited with code ${code}`)));
  });
  outcomes.catch(() => {}); // stop() after an error elsewhere rejects it unread
  return { outcomes, stop: () => void worker.terminate() };
}

/** A task's code, or its error thrown again (a TrackerError keeps its code, message and cause's message). */
export function validatorCode(outcome: ValidatorOutcome): ValidatorCode | undefined {
  if ('ok' in outcome) return outcome.ok;
  const { code, message, cause } = outcome.error;
  const options = cause === undefined ? {} : { cause: new Error(cause) };
  if (code === undefined) throw new Error(message, options);
  throw new TrackerError(code as TrackerError['code'], message, options);
}
