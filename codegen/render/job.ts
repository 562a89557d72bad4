/**
 * Renders what a run needs. Each module renders on its own from plain data (no shared state but one
 * ts-morph project used only to print), so the work splits by module; worker threads were measured and
 * lost here (their start-up and cold JIT cost more than the second core gave). The render phases are
 * loaded only when something must be rendered, so an up-to-date run never loads ts-morph,
 * json-schema-to-typescript or ajv.
 */
import type { GenModel, ModuleModel } from '../model/model-types.js';
import type { ValidationDefault } from '../options.js';
import type { OutputFile } from './module.js';

/** What to render: modules (by index into `model.modules`) and, optionally, the shared files. */
export interface RenderJob {
  model: GenModel;
  indexes: number[];
  shared: boolean;
  runtimeImport: string;
  validation: ValidationDefault;
  onModule?: () => void;
}

/** Renders the job's modules (and shared files), one module at a time. */
export async function renderJob(
  job: RenderJob,
): Promise<{ modules: Map<number, OutputFile[]>; shared: OutputFile[] }> {
  if (job.indexes.length === 0 && !job.shared) return { modules: new Map(), shared: [] };
  const { renderModule, renderShared } = await import('./module.js');
  const modules = new Map<number, OutputFile[]>();
  for (const index of job.indexes) {
    modules.set(index, await renderModule(job.model.modules[index] as ModuleModel, job.runtimeImport));
    job.onModule?.();
  }
  const shared = job.shared ? await renderShared(job.model, job.runtimeImport, job.validation) : [];
  return { modules, shared };
}
