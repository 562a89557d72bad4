/**
 * Renders what a run needs. Each module renders on its own from plain data (no shared state but one
 * ts-morph project used only to print). The validators (ajv) compile on a worker thread while this
 * thread writes the types (json-schema-to-typescript, ts-morph): two halves that load different
 * libraries (render/validators-thread.ts). Splitting by module instead, every thread loading every
 * library, was measured and lost (start-up and cold JIT cost more than the second core gave). The render
 * phases are loaded only when something must be rendered, so an up-to-date run never loads ts-morph,
 * json-schema-to-typescript or ajv.
 */
import type { GenModel, ModuleModel } from '../model/model-types.js';
import type { ValidationDefault } from '../options.js';
import { sharedValidators } from '../validators/across.js';
import type { OutputFile } from './module.js';
import { moduleTask, sharedTask } from './validator-tasks.js';
import { startValidators, validatorCode } from './validators-thread.js';

/** What to render: modules (by index into `model.modules`) and, optionally, the shared files. */
export interface RenderJob {
  model: GenModel;
  indexes: number[];
  shared: boolean;
  runtimeImport: string;
  validation: ValidationDefault;
  onModule?: () => void;
}

/** A promise's value or its error, so that errors are thrown in module order, validators first. */
type Settled<T> = { value: T } | { error: unknown };

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

function settledValue<T>(settled: Settled<T>): T {
  if ('error' in settled) throw settled.error;
  return settled.value;
}

/**
 * Renders the job's modules (and shared files). A module's validator error is thrown before its types'
 * error, and an earlier module's before a later one's, as when each module rendered whole in turn.
 */
export async function renderJob(
  job: RenderJob,
): Promise<{ modules: Map<number, OutputFile[]>; shared: OutputFile[] }> {
  if (job.indexes.length === 0 && !job.shared) return { modules: new Map(), shared: [] };
  // `_shared.validate.ts` first: it can be the largest task (every schema that several modules share), and
  // taken last it would leave one thread compiling it alone.
  const shared = job.shared ? [sharedTask(sharedValidators(job.model), job.runtimeImport)] : [];
  const first = shared.length;
  const tasks = [
    ...shared,
    ...job.indexes.map((i) => moduleTask(job.model.modules[i] as ModuleModel, job.runtimeImport)),
  ];
  const run = startValidators(tasks);
  try {
    const { moduleTypes, renderModule, renderShared } = await import('./module.js');
    const types: Settled<string[]>[] = [];
    for (const index of job.indexes)
      types.push(await settle(moduleTypes(job.model.modules[index] as ModuleModel)));
    const outcomes = await run.finish();
    const modules = new Map<number, OutputFile[]>();
    job.indexes.forEach((index, i) => {
      const validators = validatorCode(outcomes[first + i] as (typeof outcomes)[number]);
      const module = job.model.modules[index] as ModuleModel;
      modules.set(
        index,
        renderModule(module, settledValue(types[i] as Settled<string[]>), validators, job.runtimeImport),
      );
      job.onModule?.();
    });
    const sharedFiles = job.shared
      ? renderShared(
          job.model,
          job.runtimeImport,
          job.validation,
          validatorCode(outcomes[0] as (typeof outcomes)[number]),
        )
      : [];
    return { modules, shared: sharedFiles };
  } finally {
    run.stop();
  }
}
