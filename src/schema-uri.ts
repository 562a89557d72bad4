import type { SchemaKey } from './iglu/key.js';

declare const uriBrand: unique symbol;

/**
 * An Iglu schema URI (`iglu:vendor/name/jsonschema/M-R-A`), branded so that a plain string can never be
 * passed where a checked URI is expected. Make one with {@link schemaUri}.
 */
export type SchemaUri<U extends string = string> = U & { readonly [uriBrand]: true };

/** The shape of a literal Iglu JSON Schema URI, checked at compile time. */
export type IgluUriLiteral = `iglu:${string}/${string}/jsonschema/${number}-${number}-${number}`;

/** The parts of an Iglu URI: the one schema key type of the Iglu layer (src/iglu/key.ts). */
export type IgluUriParts = SchemaKey;

/** Brands a literal Iglu URI. The literal type is kept, so generated code can require one exact schema. */
export function schemaUri<const U extends IgluUriLiteral>(uri: U): SchemaUri<U> {
  return uri as SchemaUri<U>;
}
