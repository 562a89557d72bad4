/**
 * Versions of one schema mostly add properties: the same `name: schema` entries sit in the root of every
 * version. Entries held by the same versions form a group; a group big enough to pay for a call becomes a
 * schema of its own (`{ properties: { ... } }`), compiled once, and each version that holds it refers to
 * it from `allOf` and keeps the names with an empty schema, so `required` and `additionalProperties`
 * read as before. The checks are the same; the group's errors come before the version's own (ajv checks
 * `allOf` before an object's keywords). An entry holding a `$ref` stays (its `#` means the version).
 */
import { isSchema, type JsonSchema, setOwn } from 'plowtype/iglu';

/** Below this many characters of JSON, a group's call costs more than its code in each version. */
const MIN_GROUP = 300;

/** The versions rewritten to refer to their groups, and the groups (each with its `id`). */
export function groupProperties(
  versions: readonly JsonSchema[],
  idBase: string,
): { versions: JsonSchema[]; groups: JsonSchema[] } {
  const holders = new Map<string, number[]>();
  versions.forEach((version, i) => {
    if (!isSchema(version.properties) || version.$ref !== undefined) return;
    for (const [name, schema] of Object.entries(version.properties)) {
      const entry = JSON.stringify([name, schema]);
      if (entry.includes('"$ref"') || !isSchema(schema)) continue;
      holders.set(entry, [...(holders.get(entry) ?? []), i]);
    }
  });
  const byHolders = new Map<string, string[]>();
  for (const [entry, held] of holders) {
    if (held.length < 2) continue;
    const key = held.join(',');
    byHolders.set(key, [...(byHolders.get(key) ?? []), entry]);
  }
  const out = versions.map((version) => ({ ...version }) as JsonSchema);
  const groups: JsonSchema[] = [];
  for (const [key, entries] of byHolders) {
    if (entries.reduce((sum, entry) => sum + entry.length, 0) < MIN_GROUP) continue;
    const id = `${idBase}${groups.length}`;
    const properties: JsonSchema = {};
    for (const entry of entries) {
      const [name, schema] = JSON.parse(entry) as [string, JsonSchema];
      setOwn(properties, name, schema);
    }
    groups.push({ id, properties });
    for (const i of key.split(',').map(Number)) {
      const version = out[i] as JsonSchema;
      const own: JsonSchema = { ...(version.properties as JsonSchema) };
      for (const name of Object.keys(properties)) setOwn(own, name, {});
      setOwn(version, 'properties', own);
      setOwn(version, 'allOf', [...(Array.isArray(version.allOf) ? version.allOf : []), { $ref: id }]);
    }
  }
  return { versions: out, groups };
}
