/**
 * Gives elements read from Redis to an emitter. An element is the JSON text of a payload record; one that
 * is not (another producer's garbage) is returned to the caller, who keeps it aside and logs it.
 */
import type { Payload } from '../types.js';
import type { FlushableEmitter } from './redis-worker-options.js';

/** A JSON string: no raw quote, backslash or control character, only JSON's escapes. */
const STRING = String.raw`"[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"`;

/**
 * Compact JSON text of an object whose values are all strings: what a RedisEmitter writes (and
 * `JSON.stringify` of any payload record). An unrolled loop per string, so it runs in linear time.
 */
const COMPACT_RECORD = new RegExp(String.raw`^\{(?:${STRING}:${STRING}(?:,${STRING}:${STRING})*)?\}$`);

/**
 * True when `raw` can go into a POST body as it is: compact JSON text of a payload record with an `eid`
 * and no `stm` (the emitter splices in a fresh one). Cheaper than parsing (about 1.5 against 2.5 µs for a
 * 600-byte event, and no object to collect). In text that matches, a quote is either escaped inside a
 * string or delimits one, so `"eid":"` can only be the key `eid` and its value.
 */
export function sendableAsIs(raw: string): boolean {
  return COMPACT_RECORD.test(raw) && raw.includes('"eid":"') && !raw.includes('"stm":');
}

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
 * refused). Compact text with an `eid` and no `stm` goes through the emitter's JSON fast path as it is;
 * the rest (spaced JSON from another producer, no `eid`, a stale `stm`) is parsed and given as a record
 * (the emitter adds a missing `eid` and drops a stale `stm`).
 */
export function feed(emitter: FlushableEmitter, raws: readonly string[]): string[] {
  const invalid: string[] = [];
  const { inputJson } = emitter;
  for (const raw of raws) {
    try {
      if (inputJson !== undefined && sendableAsIs(raw)) {
        inputJson(raw);
        continue;
      }
      const record = parseRecord(raw);
      if (record === undefined) invalid.push(raw);
      else emitter.input(record);
    } catch {
      invalid.push(raw);
    }
  }
  return invalid;
}
