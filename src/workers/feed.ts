/**
 * Gives elements read from Redis to an emitter. An element is the JSON text of a payload record; one that
 * is not (another producer's garbage) is returned to the caller, who keeps it aside and logs it.
 */
import type { Payload } from '../types.js';
import type { FlushableEmitter } from './redis-worker-options.js';

/** Parses one element; undefined unless it is a JSON object whose values are all strings. */
export function parseRecord(raw: string): Payload | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  for (const field of Object.values(value)) if (typeof field !== 'string') return undefined;
  return value as Payload;
}

/**
 * Inputs each element to `emitter` and returns the ones that are not payload records (or that the emitter
 * refused). Text with an `eid` and no `stm` goes through the emitter's JSON fast path as it is; the rest is
 * given as a record (the emitter adds a missing `eid` and drops a stale `stm`).
 */
export function feed(emitter: FlushableEmitter, raws: readonly string[]): string[] {
  const invalid: string[] = [];
  const { inputJson } = emitter;
  for (const raw of raws) {
    const record = parseRecord(raw);
    if (record === undefined) {
      invalid.push(raw);
      continue;
    }
    try {
      // The fast path splices `stm` in before the closing brace, so the text must end with it.
      const asIs = record.eid !== undefined && record.stm === undefined && raw.endsWith('}');
      if (inputJson !== undefined && asIs) inputJson(raw);
      else emitter.input(record);
    } catch {
      invalid.push(raw);
    }
  }
  return invalid;
}
