/**
 * Checks one schema file's text: valid JSON, a self-describing Iglu schema, `self` equal to where the file
 * was found, a valid SchemaVer, and a valid draft-04 JSON Schema. Pure: text in, schema or messages out.
 */
import { draft04Ajv } from './draft04.js';
import { parseJson, pointerSegment } from './json-position.js';
import {
  IGLU_NAME,
  IGLU_VENDOR,
  parseSchemaVer,
  type SchemaKey,
  type SchemaPlace,
  selfUri,
  VERSION_SHAPE,
} from './key.js';
import { type JsonSchema, kindOf, own } from './schema.js';
import { walk } from './walk.js';

/** The `$schema` every self-describing Iglu schema must declare. */
export const SELF_DESC_URI =
  'http://iglucentral.com/schemas/com.snowplowanalytics.self-desc/schema/jsonschema/1-0-0#';

/** The outcome of checking one file: the parsed schema and its key, or every problem found. */
export type CheckResult =
  | { ok: true; schema: JsonSchema; key: SchemaKey }
  | { ok: false; problems: string[] };

// The self-describing meta-schema's `self` block, as facts from the Iglu spec: all four keys, these patterns.
const SELF_FIELDS: readonly (readonly [keyof SchemaPlace, RegExp])[] = [
  ['vendor', new RegExp(`^${IGLU_VENDOR}$`)],
  ['name', new RegExp(`^${IGLU_NAME}$`)],
  ['format', new RegExp(`^${IGLU_NAME}$`)],
  ['version', VERSION_SHAPE],
];

const DRAFT04_ID = 'http://json-schema.org/draft-04/schema';
// One validator for the whole process; ajv-draft-04 ships the draft-04 meta-schema, so this is offline.
const validateDraft04 = draft04Ajv({ withFormats: false }).getSchema(DRAFT04_ID);

/** Checks the `$schema` and `self` rules of the self-describing meta-schema. */
export function checkSelfDescribing(schema: JsonSchema): string[] {
  const problems: string[] = [];
  const declared = own(schema, '$schema');
  if (declared !== SELF_DESC_URI) {
    const got = declared === undefined ? 'nothing' : JSON.stringify(declared);
    problems.push(`wrong $schema: expected "${SELF_DESC_URI}", got ${got}`);
  }
  const self = own(schema, 'self');
  if (typeof self !== 'object' || self === null || Array.isArray(self)) {
    const got = self === undefined ? 'it is missing' : `got ${kindOf(self)}`;
    problems.push(`not a self-describing schema: "self" must be an object, ${got}`);
    return problems;
  }
  for (const [field, pattern] of SELF_FIELDS) {
    const value = own(self, field);
    if (value === undefined) problems.push(`not a self-describing schema: self.${field} is missing`);
    else if (typeof value !== 'string' || !pattern.test(value)) {
      problems.push(
        `not a self-describing schema: self.${field} must match ${pattern.source}, got ${JSON.stringify(value)}`,
      );
    }
  }
  for (const key of Object.keys(self)) {
    if (!SELF_FIELDS.some(([field]) => field === key)) {
      problems.push(`not a self-describing schema: self has an unknown key ${JSON.stringify(key)}`);
    }
  }
  return problems;
}

/** Checks the schema against the draft-04 meta-schema; one message per place, naming its JSON pointer. */
export function checkDraft04(schema: JsonSchema): string[] {
  if (!validateDraft04) throw new Error('ajv-draft-04 did not register the draft-04 meta-schema');
  const errors = validateDraft04(schema) ? [] : (validateDraft04.errors ?? []);
  const byPlace = new Map<string, string[]>();
  for (const e of errors) {
    // An anyOf failure repeats what its branches already said.
    if (e.keyword === 'anyOf' && errors.length > 1) continue;
    const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
    const what = allowed
      ? `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
      : (e.message ?? e.keyword);
    const place = e.instancePath === '' ? '(root)' : e.instancePath;
    const list = byPlace.get(place) ?? [];
    if (!list.includes(what)) list.push(what);
    byPlace.set(place, list);
  }
  const messages = [...byPlace].map(
    ([place, list]) =>
      `invalid draft-04 schema at ${place}: ${list.join(' or ').replaceAll(' or must be ', ' or ')}`,
  );
  return [...messages, ...checkPatterns(schema)];
}

// The meta-schema says `format: regex`, but ajv does not check formats of meta-schemas: checked here.
function checkPatterns(schema: JsonSchema): string[] {
  const problems: string[] = [];
  const check = (pattern: unknown, pointer: string) => {
    if (typeof pattern !== 'string') return;
    try {
      new RegExp(pattern);
    } catch (error) {
      const reason = (error as Error).message.replace(/^Invalid regular expression: /, '');
      problems.push(`invalid draft-04 schema at ${pointer}: not a valid regular expression: ${reason}`);
    }
  };
  for (const { node, pointer } of walk(schema)) {
    check(own(node, 'pattern'), `${pointer}/pattern`);
    const patterns = own(node, 'patternProperties');
    if (typeof patterns !== 'object' || patterns === null) continue;
    for (const key of Object.keys(patterns))
      check(key, `${pointer}/patternProperties/${pointerSegment(key)}`);
  }
  return problems;
}

/**
 * Runs every check on one file's text. `expected` is the `self` implied by the file's place in the registry
 * (path or URL); every mismatch is reported. All problems of the file are returned together.
 */
export function checkSchemaText(text: string, expected?: SchemaPlace): CheckResult {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, problems: [parsed.problem] };
  const value = parsed.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      problems: [`not a self-describing schema: expected a JSON object, got ${kindOf(value)}`],
    };
  }
  const schema = value as JsonSchema;
  const problems = checkSelfDescribing(schema);
  const self = own(schema, 'self') as Partial<Record<keyof SchemaPlace, unknown>> | undefined;
  const version = typeof self?.version === 'string' ? self.version : undefined;
  const ver = version === undefined ? undefined : parseSchemaVer(version);
  if (version !== undefined && !ver) {
    problems.push(
      `invalid SchemaVer in self.version: ${JSON.stringify(version)} (MODEL-REVISION-ADDITION, MODEL from 1, no leading zeros)`,
    );
  }
  const declared = problems.length === 0 ? (self as unknown as SchemaPlace) : undefined;
  if (declared && expected && selfUri(declared) !== selfUri(expected)) {
    problems.push(
      `self does not match the file's place: self says ${selfUri(declared)}, path says ${selfUri(expected)}`,
    );
  }
  problems.push(...checkDraft04(schema));
  if (problems.length > 0 || !declared || !ver) return { ok: false, problems };
  const key: SchemaKey = {
    vendor: declared.vendor,
    name: declared.name,
    format: declared.format,
    version: declared.version,
    ...ver,
  };
  return { ok: true, schema, key };
}
