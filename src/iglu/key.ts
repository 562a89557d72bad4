/**
 * The Iglu grammar, written once: schema keys (`vendor/name/format/M-R-A`), their URIs and SchemaVer, as
 * iglu-scala-core's SchemaKey and SchemaVer define them. Everything that parses or checks a key uses these.
 */

/** Vendor: letters, digits, `-`, `_` and `.` (the self-describing meta-schema's `self.vendor`). */
export const IGLU_VENDOR = '[a-zA-Z0-9-_.]+';
/** Name and format: letters, digits, `-` and `_`. */
export const IGLU_NAME = '[a-zA-Z0-9-_]+';
const MODEL = '[1-9][0-9]*';
const NUMBER = '0|[1-9][0-9]*';
const ANY_VERSION = '[0-9]+-[0-9]+-[0-9]+';

/** Canonical SchemaVer: MODEL from 1, no leading zeros anywhere. */
export const SCHEMAVER_PATTERN = new RegExp(`^(${MODEL})-(${NUMBER})-(${NUMBER})$`);

/** The shape of a version as the self-describing meta-schema allows it (any digits): `0-2-0` fits, but is no SchemaVer. */
export const VERSION_SHAPE = new RegExp(`^${ANY_VERSION}$`);

/**
 * Canonical Iglu URI: vendor `[a-zA-Z0-9-_.]+`, name and format `[a-zA-Z0-9-_]+`, MODEL without a
 * leading zero and starting at 1, REVISION and ADDITION without leading zeros (iglu-scala-core SchemaKey).
 */
export const IGLU_URI_PATTERN = new RegExp(
  `^iglu:(${IGLU_VENDOR})\\/(${IGLU_NAME})\\/(${IGLU_NAME})\\/(${MODEL})-(${NUMBER})-(${NUMBER})$`,
);

/** An Iglu URI as a self-describing JSON may name it (the collector's check): any digits in the version. */
export const IGLU_URI_SHAPE = new RegExp(
  `^iglu:${IGLU_VENDOR}\\/${IGLU_NAME}\\/${IGLU_NAME}\\/${ANY_VERSION}$`,
);

/** An Iglu pattern: each part a value or `*`; MODEL 0 is allowed so that an exclude can name such a file. */
export const IGLU_WILDCARD_PATTERN = new RegExp(
  `^iglu:(\\*|${IGLU_VENDOR})\\/(\\*|${IGLU_NAME})\\/(\\*|${IGLU_NAME})\\/(\\*|${NUMBER})-(\\*|${NUMBER})-(\\*|${NUMBER})$`,
);

/** The key of one schema: the `self` block of a self-describing schema, with its SchemaVer split into numbers. */
export interface SchemaKey {
  vendor: string;
  name: string;
  format: string;
  /** `M-R-A`, as written. */
  version: string;
  model: number;
  revision: number;
  addition: number;
}

/** Where a schema file sits (its path or URL), before its version is known to be a SchemaVer. */
export type SchemaPlace = Pick<SchemaKey, 'vendor' | 'name' | 'format' | 'version'>;

/** Splits a SchemaVer string into numbers, or undefined when it is not canonical. */
export function parseSchemaVer(
  version: string,
): { model: number; revision: number; addition: number } | undefined {
  const m = SCHEMAVER_PATTERN.exec(version);
  if (!m) return undefined;
  return { model: Number(m[1]), revision: Number(m[2]), addition: Number(m[3]) };
}

/** Splits an Iglu URI into its key, or returns undefined when it is not a valid one. */
export function parseIgluUri(uri: string): SchemaKey | undefined {
  const m = IGLU_URI_PATTERN.exec(uri);
  if (!m) return undefined;
  const [, vendor, name, format, model, revision, addition] = m as unknown as string[];
  return {
    vendor: vendor as string,
    name: name as string,
    format: format as string,
    version: `${model}-${revision}-${addition}`,
    model: Number(model),
    revision: Number(revision),
    addition: Number(addition),
  };
}

/** `iglu:vendor/name/format/M-R-A` of a key or a place. */
export function selfUri(s: SchemaPlace): string {
  return `iglu:${s.vendor}/${s.name}/${s.format}/${s.version}`;
}
