import type { EmitterLike } from './types.js';

/**
 * Calls `flush` or `close` on every emitter at once and settles when all of them have. A failure of one
 * never cuts another short; afterwards the failure is rethrown (several: one AggregateError).
 */
export async function settleEmitters(
  emitters: readonly EmitterLike[],
  what: 'flush' | 'close',
  options?: { timeout?: number },
): Promise<void> {
  const results = await Promise.allSettled(
    emitters.map(async (emitter) => {
      if (what === 'close' && emitter.close) return emitter.close(options);
      // An emitter without close() is closed by flushing what it holds (within the same timeout).
      return options === undefined ? emitter.flush?.() : emitter.flush?.(options);
    }),
  );
  const failures: unknown[] = [];
  for (const result of results) if (result.status === 'rejected') failures.push(result.reason);
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1)
    throw new AggregateError(failures, `${failures.length} emitters failed to ${what}`);
}
