/**
 * Visits every sub-schema of a draft-04 schema with its JSON pointer, so each lint rule sees one node at a
 * time. Reads own keys only: a property named `constructor` is never taken from `Object.prototype`.
 */
import { pointerSegment } from './json-position.js';
import { isSchema, type JsonSchema, own } from './schema.js';

/** One schema node and where it sits. */
export interface SchemaNode {
  node: JsonSchema;
  /** JSON pointer from the schema root, `''` for the root. */
  pointer: string;
  /** Set for values of `properties`: whether the parent lists the name in `required`. */
  property?: { name: string; required: boolean };
}

const MAPS = ['properties', 'patternProperties', 'definitions', 'dependencies'] as const;
const SINGLES = ['additionalProperties', 'additionalItems', 'not'] as const;
const LISTS = ['allOf', 'anyOf', 'oneOf'] as const;

/** Every node of the schema, depth first, the root first. */
export function* walk(root: JsonSchema): Generator<SchemaNode> {
  const stack: SchemaNode[] = [{ node: root, pointer: '' }];
  while (stack.length > 0) {
    const current = stack.pop() as SchemaNode;
    yield current;
    const children: SchemaNode[] = [];
    const { node, pointer } = current;
    const required = own(node, 'required');
    for (const key of MAPS) {
      const map = own(node, key);
      if (!isSchema(map)) continue;
      for (const [name, child] of Object.entries(map)) {
        if (!isSchema(child)) continue;
        const entry: SchemaNode = { node: child, pointer: `${pointer}/${key}/${pointerSegment(name)}` };
        if (key === 'properties')
          entry.property = { name, required: Array.isArray(required) && required.includes(name) };
        children.push(entry);
      }
    }
    for (const key of SINGLES) {
      const child = own(node, key);
      if (isSchema(child)) children.push({ node: child, pointer: `${pointer}/${key}` });
    }
    const items = own(node, 'items');
    if (isSchema(items)) children.push({ node: items, pointer: `${pointer}/items` });
    const lists: [string, unknown][] = [
      ...LISTS.map((k) => [k, own(node, k)] as [string, unknown]),
      ['items', items],
    ];
    for (const [key, list] of lists) {
      if (!Array.isArray(list)) continue;
      list.forEach((child, i) => {
        if (isSchema(child)) children.push({ node: child, pointer: `${pointer}/${key}/${i}` });
      });
    }
    stack.push(...children.reverse());
  }
}
