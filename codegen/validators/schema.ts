/**
 * The schema a runtime validator checks, apart from ajv (nothing here loads it): the generate run computes
 * it for every version to find validators that several modules share (across.ts).
 */
import { cloneJson, isSchema, type JsonSchema, setOwn } from 'plowtype/iglu';

const METADATA = new Set(['description', 'title', 'default', 'examples', 'self', '$schema', 'id', '$id']);

/**
 * The schema as the validator checks it: every keyword, without metadata (descriptions and examples are
 * dead weight in generated code). A `$ref` outside the schema (only there when the config allows it) is
 * dropped: the generator never resolves it.
 */
export function runtimeSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(runtimeSchema);
  if (!isSchema(node)) return node;
  const out: JsonSchema = {};
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (METADATA.has(key)) continue;
    if (key === 'enum' || key === 'const') setOwn(out, key, cloneJson(value));
    else if (
      key === 'properties' ||
      key === 'patternProperties' ||
      key === 'definitions' ||
      key === 'dependencies'
    ) {
      // Maps of names: a property called `description` is a schema, not metadata.
      const map: JsonSchema = {};
      if (isSchema(value))
        for (const name of Object.keys(value)) setOwn(map, name, runtimeSchema(value[name]));
      setOwn(out, key, isSchema(value) ? map : cloneJson(value));
    } else if (key === '$ref') {
      if (typeof value === 'string' && value.startsWith('#')) setOwn(out, key, value);
    } else setOwn(out, key, runtimeSchema(value));
  }
  protoProperty(out);
  return out;
}

/**
 * ajv leaves a property named `__proto__` out of `properties` (its own guard), so it would be neither
 * checked nor allowed by `additionalProperties: false`. The same schema under an exact pattern is both.
 */
function protoProperty(node: JsonSchema): void {
  const properties = node.properties;
  if (!isSchema(properties) || !Object.hasOwn(properties, '__proto__')) return;
  const patterns: JsonSchema = isSchema(node.patternProperties) ? node.patternProperties : {};
  setOwn(patterns, '^__proto__$', Object.getOwnPropertyDescriptor(properties, '__proto__')?.value);
  setOwn(node, 'patternProperties', patterns);
}
