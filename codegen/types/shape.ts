/**
 * Rewrites of one sanitised schema node so that json-schema-to-typescript's type says what the schema
 * means, where its own reading is wider or narrower:
 *
 * - a schema with no keyword that constrains the JSON type is any JSON value (`plowtype.JsonValue`), not
 *   an object;
 * - a closed object with no properties takes no keys (`{ [k: string]: never }`), not any (`{}`);
 * - a `required` name with no property is a required key of any JSON value, not dropped;
 * - `enum` and `const` alone decide the type (`"a" | "b"`, no `| null` from a `type` that allows null but
 *   that the enum leaves out);
 * - an array with `minItems` is a plain array, not a tuple of that many;
 * - `oneOf`/`anyOf` beside properties are a union of each branch merged with those properties, not an
 *   intersection with the branches alone.
 *
 * Names (`tsType`) are set here only, never taken from a schema (types/data-type.ts drops them).
 */
import { isSchema, type JsonSchema, setOwn } from 'plowtype/iglu';

/** The type every untyped schema gets. */
export const JSON_VALUE_TYPE = 'plowtype.JsonValue';
/** An object that takes no key at all. */
export const NO_KEYS_TYPE = '{ [k: string]: never }';

/** Keywords that tell json-schema-to-typescript (or TypeScript) something about the JSON type. */
const TYPING = [
  'type',
  'properties',
  'patternProperties',
  'additionalProperties',
  'items',
  'enum',
  'const',
  '$ref',
  'allOf',
  'anyOf',
  'oneOf',
  'tsType',
  'required',
];

const JSON_TYPES: Record<string, (value: unknown) => boolean> = {
  null: (v) => v === null,
  boolean: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number',
  integer: (v) => Number.isInteger(v),
  array: (v) => Array.isArray(v),
  object: (v) => isSchema(v),
};

/** The enum values the node's `type` (when any) allows. */
function enumValues(node: JsonSchema): unknown[] {
  const values = Array.isArray(node.enum) ? node.enum : [node.const];
  const types =
    typeof node.type === 'string' ? [node.type] : Array.isArray(node.type) ? node.type : undefined;
  if (types === undefined) return values;
  return values.filter((v) => types.some((t) => typeof t === 'string' && JSON_TYPES[t]?.(v) === true));
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Adds `{}` (any JSON value) for each required name without a property. */
function addRequiredOnly(node: JsonSchema): void {
  const required = names(node.required);
  // A bare `{ required: [...] }` (a oneOf branch) names properties of its parent: merged there.
  if (required.length === 0 || (!isSchema(node.properties) && node.type !== 'object')) return;
  const properties = isSchema(node.properties) ? node.properties : {};
  const missing = required.filter((name) => !Object.hasOwn(properties, name));
  if (missing.length === 0) return;
  for (const name of missing) setOwn(properties, name, { tsType: JSON_VALUE_TYPE });
  setOwn(node, 'properties', properties);
}

/** `base` (a node without its `oneOf`/`anyOf`) merged into one branch: properties and required joined. */
function mergeBranch(base: JsonSchema, branch: unknown): unknown {
  if (!isSchema(branch) || branch.$ref !== undefined) return { allOf: [base, branch] };
  const merged: JsonSchema = {};
  for (const key of Object.keys(base))
    if (key !== 'title' && key !== 'description') setOwn(merged, key, base[key]);
  for (const key of Object.keys(branch)) {
    if (key !== 'properties' && key !== 'required') setOwn(merged, key, branch[key]);
  }
  const properties = { ...(isSchema(base.properties) ? base.properties : {}) };
  if (isSchema(branch.properties))
    for (const k of Object.keys(branch.properties)) setOwn(properties, k, branch.properties[k]);
  if (Object.keys(properties).length > 0) setOwn(merged, 'properties', properties);
  const required = [...new Set([...names(base.required), ...names(branch.required)])];
  if (required.length > 0) setOwn(merged, 'required', required);
  return shapeNode(merged);
}

/** A union keyword beside object keywords becomes a union of merged branches; `undefined` otherwise. */
function distribute(node: JsonSchema): JsonSchema | undefined {
  const key = Array.isArray(node.oneOf) ? 'oneOf' : Array.isArray(node.anyOf) ? 'anyOf' : undefined;
  if (key === undefined || node.allOf !== undefined) return undefined;
  if (!isSchema(node.properties) && node.required === undefined) return undefined;
  const base: JsonSchema = {};
  for (const k of Object.keys(node)) if (k !== key) setOwn(base, k, node[k]);
  const out: JsonSchema = { [key]: (node[key] as unknown[]).map((branch) => mergeBranch(base, branch)) };
  for (const k of ['title', 'description', 'deprecated']) if (node[k] !== undefined) setOwn(out, k, node[k]);
  return out;
}

/** `additionalProperties: false`, no property, nothing else that could add keys, and only an object type. */
function closedEmpty(node: JsonSchema): boolean {
  if (node.additionalProperties !== false || node.patternProperties !== undefined) return false;
  if (isSchema(node.properties) && Object.keys(node.properties).length > 0) return false;
  if (node.oneOf !== undefined || node.anyOf !== undefined || node.allOf !== undefined) return false;
  const types = node.type === undefined ? ['object'] : Array.isArray(node.type) ? node.type : [node.type];
  return types.includes('object') && types.every((t) => t === 'object' || t === 'null');
}

/** The rewritten node (a new object when it changes; sub-schemas are shaped by the caller first). */
export function shapeNode(node: JsonSchema): JsonSchema {
  // A list (items one schema) stays a plain array whatever its minItems: a \`[T, ...T[]]\` tuple would reject
  // \`.map()\` results and variables (the count is checked at run time). A tuple (items a list) keeps them,
  // so json-schema-to-typescript allows each shorter prefix the schema allows.
  if (!Array.isArray(node.items) && (node.minItems !== undefined || node.maxItems !== undefined)) {
    const { minItems, maxItems, ...rest } = node;
    // Said in the JSDoc instead, as json-schema-to-typescript says it of tuples.
    const counts = [
      ...(minItems === undefined ? [] : [`@minItems ${JSON.stringify(minItems)}`]),
      ...(maxItems === undefined ? [] : [`@maxItems ${JSON.stringify(maxItems)}`]),
    ].join('\n');
    const description = typeof rest.description === 'string' ? `${rest.description}\n\n${counts}` : counts;
    return shapeNode({ ...rest, description });
  }
  if (node.enum !== undefined || node.const !== undefined) {
    const { type: _type, const: _const, ...rest } = node;
    return { ...rest, enum: enumValues(node) };
  }
  addRequiredOnly(node);
  const distributed = distribute(node);
  if (distributed !== undefined) return distributed;
  if (closedEmpty(node)) {
    const nullable = Array.isArray(node.type) && node.type.includes('null');
    return { ...node, tsType: nullable ? `${NO_KEYS_TYPE} | null` : NO_KEYS_TYPE };
  }
  if (!TYPING.some((key) => node[key] !== undefined)) return { ...node, tsType: JSON_VALUE_TYPE };
  return node;
}
