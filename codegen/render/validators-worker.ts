/** Worker thread entry: compiles the validator tasks it was given and posts their outcomes back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ValidatorTask } from './validator-tasks.js';
import { compileTasks } from './validators-run.js';

parentPort?.postMessage(compileTasks(workerData as ValidatorTask[]));
