/**
 * Cases of the type-safety suite: for one schema, a valid instance (json-schema-faker, confirmed by ajv)
 * and the seeded mistakes derived from it, each confirmed invalid by ajv. Pure but for the faker's seed.
 */
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { generate } from 'json-schema-faker';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: unknown };

/** The kinds of mistake seeded into every schema that can hold them. */
export const MISTAKES = ['missing required', 'wrong type', 'extra property', 'outside enum', 'null'] as const;
export type MistakeKind = (typeof MISTAKES)[number];

export interface Mistake {
  kind: MistakeKind;
  /** The property it touches. */
  property: string;
  data: Json;
}

/** A kind of mistake this schema cannot hold, or that ajv does not count as one, and why. */
export interface Unseeded {
  kind: MistakeKind;
  reason: string;
}

const ajv = new AjvDraft04.default({ strict: false, allErrors: false, logger: false, ownProperties: true });
addFormats.default(ajv);

const compiled = new WeakMap<Schema, (data: unknown) => boolean>();

/** True when ajv finds `data` valid against `schema` (compiled once per schema object). */
export function ajvValid(schema: Schema, data: unknown): boolean {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    const { $schema: _, self: __, ...plain } = schema;
    validate = ajv.compile(plain);
    compiled.set(schema, validate);
  }
  return validate(data);
}

/** A valid instance: the faker with every optional property first, then without; ajv must agree. */
export async function validInstance(schema: Schema): Promise<Json | undefined> {
  const { $schema: _, self: __, ...plain } = schema;
  for (const [seed, optionalsProbability] of [
    [1, 1],
    [2, 1],
    [3, 0],
    [4, 0],
  ] as const) {
    const data = (await generate(plain as never, { seed, optionalsProbability, maxDepth: 4 }).catch(
      () => undefined,
    )) as Json | undefined;
    if (data !== undefined && ajvValid(schema, data)) return data;
  }
  return undefined;
}

function typesOf(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const type = (node as Schema).type;
  return typeof type === 'string' ? [type] : Array.isArray(type) ? (type as string[]) : [];
}

/** A JSON value of none of `types` (and not null): a string, a number or a boolean. */
function otherValue(types: readonly string[]): Json | undefined {
  if (!types.includes('string')) return 'plowtype-wrong';
  if (!types.includes('number') && !types.includes('integer')) return 7;
  return types.includes('boolean') ? undefined : true;
}

const PRIMITIVES = ['string', 'number', 'integer', 'boolean'];

/** Other values checked against every schema: those ajv accepts are valid instances too (untyped schemas). */
export const OTHER_VALUES: readonly Json[] = ['plowtype', 1.5, true, null, [], {}];

/**
 * The mistakes seeded into `valid` (at the top level, in the first item of a top-level array of objects, and
 * one level down: object properties and the first item of arrays of objects), and the kinds that could not
 * be seeded at the top level, each with its reason.
 */
export function seedMistakes(schema: Schema, valid: Json): { mistakes: Mistake[]; unseeded: Unseeded[] } {
  const top = seedLevel(schema, valid, schema);
  // The first item of a top-level array of objects.
  const first = inFirstItem(schema, valid);
  if (first !== undefined) {
    for (const m of seedLevel(first.items, first.item, undefined).mistakes) {
      const data = [m.data, ...(valid as Json[]).slice(1)];
      if (!ajvValid(schema, data)) top.mistakes.push({ kind: m.kind, property: `[0].${m.property}`, data });
    }
  }
  if (typeof valid !== 'object' || valid === null || Array.isArray(valid)) return top;
  const properties = (typeof schema.properties === 'object' ? schema.properties : {}) as Schema;
  for (const name of Object.keys(properties)) {
    const value = valid[name];
    const sub = properties[name] as Schema;
    if (typeof value !== 'object' || value === null || typeof sub !== 'object') continue;
    // One level down: an object property, or the first item of an array of objects.
    const nested = Array.isArray(value) ? inFirstItem(sub, value) : { items: sub, item: value };
    if (nested === undefined) continue;
    for (const m of seedLevel(nested.items, nested.item, undefined).mistakes) {
      const inner = Array.isArray(value) ? [m.data, ...value.slice(1)] : m.data;
      const data = { ...valid, [name]: inner };
      const where = Array.isArray(value) ? `${name}[0]` : name;
      if (!ajvValid(schema, data))
        top.mistakes.push({ kind: m.kind, property: `${where}.${m.property}`, data });
    }
  }
  return top;
}

/** The items schema and first item of an array instance whose items are objects of one schema. */
function inFirstItem(schema: Schema, value: Json): { items: Schema; item: Json } | undefined {
  const items = schema.items;
  if (!Array.isArray(value) || value.length === 0 || typeof items !== 'object' || items === null)
    return undefined;
  if (Array.isArray(items)) return undefined;
  const item = value[0] as Json;
  return typeof item === 'object' && item !== null && !Array.isArray(item)
    ? { items: items as Schema, item }
    : undefined;
}

/** Mistakes at one level; `root` (the schema of `valid` as a whole) confirms them with ajv when given. */
function seedLevel(
  schema: Schema,
  valid: Json,
  root: Schema | undefined,
): { mistakes: Mistake[]; unseeded: Unseeded[] } {
  const mistakes: Mistake[] = [];
  const unseeded: Unseeded[] = [];
  if (typeof valid !== 'object' || valid === null || Array.isArray(valid)) {
    for (const kind of MISTAKES) unseeded.push({ kind, reason: 'the instance is not an object' });
    return { mistakes, unseeded };
  }
  const properties = (typeof schema.properties === 'object' ? schema.properties : {}) as Schema;
  const names = Object.keys(properties);
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const candidates: Record<MistakeKind, [string, Json | undefined][]> = {
    'missing required': required.filter((n) => Object.hasOwn(valid, n)).map((n) => [n, undefined]),
    'wrong type': names.flatMap((n) => {
      const types = typesOf(properties[n]);
      const value = otherValue(types);
      return types.some((t) => PRIMITIVES.includes(t)) && value !== undefined ? [[n, value]] : [];
    }),
    'extra property':
      schema.additionalProperties === false && schema.patternProperties === undefined
        ? [['plowtype_extra', 1]]
        : [],
    'outside enum': names.flatMap((n) => {
      const values = (properties[n] as Schema).enum;
      return Array.isArray(values) && values.every((v) => typeof v === 'string')
        ? [[n, 'plowtype-not-in-enum']]
        : [];
    }),
    null: names.flatMap((n) => {
      const node = properties[n] as Schema;
      const types = typesOf(node);
      const enumNull = Array.isArray(node.enum) && node.enum.includes(null);
      return types.length > 0 && !types.includes('null') && !enumNull ? [[n, null]] : [];
    }),
  };
  for (const kind of MISTAKES) {
    const found = candidates[kind].map(([property, value]) => {
      const data: { [key: string]: Json } = { ...valid };
      if (value === undefined) delete data[property];
      else data[property] = value;
      return { kind, property, data };
    });
    const invalid = root === undefined ? found[0] : found.find((m) => !ajvValid(root, m.data));
    if (invalid !== undefined) mistakes.push(invalid);
    else
      unseeded.push({
        kind,
        reason: found.length === 0 ? 'the schema has no place for it' : 'ajv accepts every candidate',
      });
  }
  return { mistakes, unseeded };
}
