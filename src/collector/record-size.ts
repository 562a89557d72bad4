/**
 * What a stored record costs in memory, estimated from its strings: a bound in bytes must hold for
 * 1 MB events as well as for 300-byte ones, which a bound in events alone does not.
 */
import type { BadEvent, CollectorPayload, GoodEvent, RawEvent } from './records.js';

/** Objects, arrays and per-record bookkeeping, whatever the strings. */
const OVERHEAD = 1024;

const sumOf = (strings: Iterable<string>): number => {
  let n = 0;
  for (const s of strings) n += s.length;
  return n;
};

function rawSize(raw: RawEvent | null): number {
  if (raw === null) return 0;
  let n = sumOf(raw.context.headers);
  for (const key in raw.parameters) n += key.length + (raw.parameters[key] as string).length;
  return n;
}

function payloadSize(payload: CollectorPayload | null): number {
  if (payload === null) return 0;
  return (payload.body?.length ?? 0) + sumOf(payload.querystring) + sumOf(payload.context.headers);
}

/**
 * Estimated bytes of a good event. Its parameters are held once as received and once decoded (the
 * self-describing JSON that the canonical event is built from on read), hence twice their length.
 */
export function goodEventSize(event: GoodEvent): number {
  return OVERHEAD + 2 * rawSize(event.rawEvent);
}

/** Estimated bytes of a bad event: the request, the event's parameters, and the bad row's text. */
export function badEventSize(event: BadEvent): number {
  return OVERHEAD + payloadSize(event.collectorPayload) + rawSize(event.rawEvent) + sumOf(event.errors);
}
