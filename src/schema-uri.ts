declare const uriBrand: unique symbol;

/**
 * An Iglu schema URI (`iglu:vendor/name/jsonschema/M-R-A`), branded so that a plain string can never be
 * passed where a checked URI is expected. Make one with {@link schemaUri}.
 */
export type SchemaUri<U extends string = string> = U & { readonly [uriBrand]: true };

/** The shape of a literal Iglu JSON Schema URI, checked at compile time. */
export type IgluUriLiteral = `iglu:${string}/${string}/jsonschema/${number}-${number}-${number}`;

/**
 * Canonical Iglu URI: vendor `[a-zA-Z0-9-_.]+`, name and format `[a-zA-Z0-9-_]+`, MODEL without a
 * leading zero and starting at 1, REVISION and ADDITION without leading zeros (iglu-scala-core SchemaKey).
 */
export const IGLU_URI_PATTERN =
  /^iglu:([a-zA-Z0-9\-_.]+)\/([a-zA-Z0-9\-_]+)\/([a-zA-Z0-9\-_]+)\/([1-9][0-9]*)-(0|[1-9][0-9]*)-(0|[1-9][0-9]*)$/;

/** The parts of an Iglu URI. */
export interface IgluUriParts {
  vendor: string;
  name: string;
  format: string;
  model: number;
  revision: number;
  addition: number;
}

/** Splits an Iglu URI into its parts, or returns undefined when it is not a valid one. */
export function parseIgluUri(uri: string): IgluUriParts | undefined {
  const m = IGLU_URI_PATTERN.exec(uri);
  if (!m) return undefined;
  const [, vendor, name, format, model, revision, addition] = m as unknown as [string, ...string[]];
  return {
    vendor: vendor as string,
    name: name as string,
    format: format as string,
    model: Number(model),
    revision: Number(revision),
    addition: Number(addition),
  };
}

/** Brands a literal Iglu URI. The literal type is kept, so generated code can require one exact schema. */
export function schemaUri<const U extends IgluUriLiteral>(uri: U): SchemaUri<U> {
  return uri as SchemaUri<U>;
}
