/** Worker thread entry: compiles validator tasks while any is left, posting each outcome as it is done. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ValidatorTask } from './validator-tasks.js';
import { compileTasks } from './validators-run.js';

const { tasks, next } = workerData as { tasks: ValidatorTask[]; next: Int32Array };
compileTasks(tasks, next, (index, outcome) => parentPort?.postMessage({ index, outcome }));
