/**
 * Compiles a job's validators (ajv) on a worker thread while the main thread writes the types
 * (json-schema-to-typescript): the two halves load different libraries and share nothing, so each loads
 * and warms up only its own half, on its own core. When the main thread is done with the types it takes
 * the validator tasks the worker has not begun (one shared counter), so both cores work to the end.
 * (Splitting by module instead, each thread loading everything, was measured before and lost: job.ts.)
 */
import { Worker } from 'node:worker_threads';
import { TrackerError } from 'plowtype/errors';
import type { ValidatorCode } from '../validators/module.js';
import type { ValidatorOutcome, ValidatorTask } from './validator-tasks.js';

/**
 * The validators being compiled: `finish()` compiles in this thread what the worker has not taken and
 * resolves to every outcome, in task order; `stop()` ends the worker early.
 */
export interface ValidatorRun {
  finish: () => Promise<ValidatorOutcome[]>;
  stop: () => void;
}

/**
 * The worker's file, next to this one when built (`.js`). From source (tsx, vitest) the tasks run in this
 * thread: a worker does not inherit the TypeScript loader on Node 20 (it failed on the `.ts` extension).
 */
function workerFile(): URL | undefined {
  return import.meta.url.endsWith('.js') ? new URL('./validators-worker.js', import.meta.url) : undefined;
}

/** Starts compiling `tasks`: on a worker thread when one can load this code; the rest in `finish()`. */
export function startValidators(tasks: readonly ValidatorTask[]): ValidatorRun {
  const next = new Int32Array(new SharedArrayBuffer(4));
  const outcomes: (ValidatorOutcome | undefined)[] = tasks.map(() => undefined);
  let left = tasks.length;
  let settle: { resolve: () => void; reject: (error: unknown) => void } | undefined;
  let failure: unknown;
  let worker: Worker | undefined;
  const file = workerFile();
  const check = () => {
    if (settle === undefined) return;
    if (left === 0) settle.resolve();
    else if (failure !== undefined) settle.reject(failure);
  };
  const done = (index: number, outcome: ValidatorOutcome) => {
    outcomes[index] = outcome;
    left -= 1;
    check();
  };
  if (file !== undefined && tasks.length > 1) {
    worker = new Worker(file, { workerData: { tasks, next } });
    worker.on('message', ({ index, outcome }: { index: number; outcome: ValidatorOutcome }) =>
      done(index, outcome),
    );
    worker.once('error', (error) => {
      failure = error;
      check();
    });
    // After the outcomes it posted before it ended (a turn later), a task still missing is an error.
    worker.once('exit', (code) =>
      setImmediate(() => {
        failure ??= new Error(`Validator thread exited (code ${code}) before compiling every validator`);
        check();
      }),
    );
  }
  return {
    finish: async () => {
      const { compileTasks } = await import('./validators-run.js');
      compileTasks(tasks, next, done);
      await new Promise<void>((resolve, reject) => {
        settle = { resolve, reject };
        check();
      });
      return outcomes as ValidatorOutcome[];
    },
    stop: () => void worker?.terminate(),
  };
}

/** A task's code, or its error thrown again (a TrackerError keeps its code, message and cause's message). */
export function validatorCode(outcome: ValidatorOutcome): ValidatorCode | undefined {
  if ('ok' in outcome) return outcome.ok;
  const { code, message, cause } = outcome.error;
  const options = cause === undefined ? {} : { cause: new Error(cause) };
  if (code === undefined) throw new Error(message, options);
  throw new TrackerError(code as TrackerError['code'], message, options);
}
