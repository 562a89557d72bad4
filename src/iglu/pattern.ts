/**
 * Iglu patterns: Iglu URIs where any segment (vendor, name, format, MODEL, REVISION, ADDITION) may be `*`,
 * as in `iglu:com.acme/*\/jsonschema/1-*-*`. The generator's `include` and event specifications and the
 * Tracker's global context rules read them.
 */
import { IGLU_WILDCARD_PATTERN, type SchemaKey } from './key.js';

/** A parsed include pattern; `undefined` in a field means `*`. */
export interface IncludePattern {
  /** The pattern as written. */
  text: string;
  vendor: string | undefined;
  name: string | undefined;
  format: string | undefined;
  model: number | undefined;
  revision: number | undefined;
  addition: number | undefined;
}

const star = (s: string): string | undefined => (s === '*' ? undefined : s);
const starNumber = (s: string): number | undefined => (s === '*' ? undefined : Number(s));

/** Parses an include pattern, or returns an error message saying what a valid one looks like. */
export function parseInclude(text: string): IncludePattern | string {
  const m = IGLU_WILDCARD_PATTERN.exec(text);
  if (!m) {
    return `invalid include pattern ${JSON.stringify(text)}: expected iglu:VENDOR/NAME/FORMAT/M-R-A, each part a value or *`;
  }
  const [, vendor, name, format, model, revision, addition] = m as unknown as string[];
  return {
    text,
    vendor: star(vendor as string),
    name: star(name as string),
    format: star(format as string),
    model: starNumber(model as string),
    revision: starNumber(revision as string),
    addition: starNumber(addition as string),
  };
}

/** True when vendor, name and format match the pattern, whatever the version. */
export function matchesSchema(
  pattern: IncludePattern,
  key: Pick<SchemaKey, 'vendor' | 'name' | 'format'>,
): boolean {
  return (
    (pattern.vendor === undefined || pattern.vendor === key.vendor) &&
    (pattern.name === undefined || pattern.name === key.name) &&
    (pattern.format === undefined || pattern.format === key.format)
  );
}

/** True when the key matches the pattern. */
export function matchesInclude(pattern: IncludePattern, key: Omit<SchemaKey, 'version'>): boolean {
  return (
    matchesSchema(pattern, key) &&
    (pattern.model === undefined || pattern.model === key.model) &&
    (pattern.revision === undefined || pattern.revision === key.revision) &&
    (pattern.addition === undefined || pattern.addition === key.addition)
  );
}

/**
 * True when a file's place matches an exclude pattern; its version is compared as written, so a file whose
 * name is no valid SchemaVer (`0-2-0`) can be excluded too.
 */
export function matchesFile(
  pattern: IncludePattern,
  place: Pick<SchemaKey, 'vendor' | 'name' | 'format'> & { version: string },
): boolean {
  if (!matchesSchema(pattern, place)) return false;
  const parts = place.version.split('-');
  const wanted = [pattern.model, pattern.revision, pattern.addition];
  if (parts.length !== 3) return wanted.every((part) => part === undefined);
  return wanted.every((part, i) => part === undefined || String(part) === parts[i]);
}

/** True when the pattern names exactly one schema (no `*`). */
export function isExact(pattern: IncludePattern): boolean {
  return [
    pattern.vendor,
    pattern.name,
    pattern.format,
    pattern.model,
    pattern.revision,
    pattern.addition,
  ].every((part) => part !== undefined);
}
