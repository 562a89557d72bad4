import { IGLU_URI_PATTERN } from '../iglu/key.js';

/** The JSON that opens a self-describing JSON up to its data, `{"schema":"<uri>","data":`, as text and bytes. */
export interface SchemaOpening {
  readonly text: string;
  /** The UTF-8 bytes of `text`, for the base64 byte writer. */
  readonly bytes: Uint8Array;
}

/*
 * The writer's one cache of schemas. Schema URIs are few and usually literal constants: remembering each
 * valid one with its opening turns the URI regex into a Map lookup on the hot path (for the contract check
 * as well as the writer) and spares building the opening per event. The cap keeps a caller who builds URIs
 * dynamically from growing it forever. Entries never go stale: a URI's opening never changes.
 */
const openings = new Map<string, SchemaOpening>();
const OPENINGS_MAX = 4096;

function remember(uri: string): SchemaOpening {
  if (openings.size >= OPENINGS_MAX) openings.clear();
  // A valid Iglu URI has no character that JSON escapes, so it is quoted as it is.
  const text = `{"schema":"${uri}","data":`;
  const opening = { text, bytes: Buffer.from(text, 'utf8') };
  openings.set(uri, opening);
  return opening;
}

/** True when `value` is a valid Iglu URI (`iglu:vendor/name/format/M-R-A`); remembered when it is. */
export function isIgluUri(value: string): boolean {
  if (openings.has(value)) return true;
  if (!IGLU_URI_PATTERN.test(value)) return false;
  remember(value);
  return true;
}

/**
 * The opening of a self-describing JSON whose schema is `schema`. A schema that is no Iglu URI (only
 * reachable with contracts off) is escaped by JSON.stringify and not remembered.
 */
export function schemaOpening(schema: unknown): SchemaOpening {
  if (typeof schema === 'string') {
    const known = openings.get(schema);
    if (known !== undefined) return known;
    if (IGLU_URI_PATTERN.test(schema)) return remember(schema);
  }
  const text = `{"schema":${JSON.stringify(schema) ?? 'null'},"data":`;
  return { text, bytes: Buffer.from(text, 'utf8') };
}
