/**
 * Versions of one schema mostly repeat each other: a sub-schema (under `properties`, `patternProperties`,
 * `items` or `additionalProperties`, at any depth) that appears more than once in a module and is big
 * enough to pay for a call becomes one schema of its own, and each place refers to it by `$ref`, so ajv
 * compiles it once into a function every version calls. A sub-schema holding a `$ref` stays where it is
 * (its `#` means its own root).
 */
import { isSchema, type JsonSchema, setOwn } from 'plowtype/iglu';

/** Below this many characters of JSON, a call and its error merge cost more than the inline code. */
const MIN_SHARED = 160;

const MAPS = ['properties', 'patternProperties'];
const SINGLES = ['items', 'additionalProperties'];

function eachChild(node: JsonSchema, visit: (child: JsonSchema) => void): void {
  for (const key of MAPS) {
    const map = node[key];
    if (isSchema(map))
      for (const name of Object.keys(map)) if (isSchema(map[name])) visit(map[name] as JsonSchema);
  }
  for (const key of SINGLES) if (isSchema(node[key])) visit(node[key] as JsonSchema);
}

function shareable(json: string): boolean {
  return json.length >= MIN_SHARED && !json.includes('"$ref"');
}

/** The versions rewritten to refer to shared parts, and the shared parts (each with its `id`). */
export function shareParts(
  versions: readonly JsonSchema[],
  idBase: string,
): { versions: JsonSchema[]; shared: JsonSchema[] } {
  const counts = new Map<string, number>();
  const count = (node: JsonSchema) =>
    eachChild(node, (child) => {
      const json = JSON.stringify(child);
      if (shareable(json)) counts.set(json, (counts.get(json) ?? 0) + 1);
      count(child);
    });
  for (const version of versions) count(version);
  const ids = new Map<string, string>();
  const shared: JsonSchema[] = [];
  const rewrite = (node: JsonSchema): JsonSchema => {
    const out: JsonSchema = {};
    for (const key of Object.keys(node)) setOwn(out, key, node[key]);
    const swap = (child: JsonSchema): JsonSchema => {
      const json = JSON.stringify(child);
      if ((counts.get(json) ?? 0) < 2) return rewrite(child);
      let id = ids.get(json);
      if (id === undefined) {
        id = `${idBase}${ids.size}`;
        ids.set(json, id);
        const part = rewrite(child);
        setOwn(part, 'id', id);
        shared.push(part);
      }
      return { $ref: id };
    };
    for (const key of MAPS) {
      const map = node[key];
      if (!isSchema(map)) continue;
      const copy: JsonSchema = {};
      for (const name of Object.keys(map)) {
        setOwn(copy, name, isSchema(map[name]) ? swap(map[name] as JsonSchema) : map[name]);
      }
      setOwn(out, key, copy);
    }
    for (const key of SINGLES) if (isSchema(node[key])) setOwn(out, key, swap(node[key] as JsonSchema));
    return out;
  };
  return { versions: versions.map(rewrite), shared };
}
