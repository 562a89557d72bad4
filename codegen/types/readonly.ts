/**
 * Makes the data types json-schema-to-typescript prints readonly: every property and index signature, every
 * array and tuple. Generated functions then take data declared `as const` or held readonly (mutable data
 * still fits), and error messages keep naming the schema's type. The text is parsed, never matched by
 * pattern, so string literal types and comments are never touched: types/type-syntax.ts reads the syntax
 * json-schema-to-typescript prints (it replaced the TypeScript compiler, whose loading alone took a sixth
 * of a cold run), and anything else there is an error, never skipped.
 */
import { parseDeclarations, type TypeNode } from './type-syntax.js';

interface Insert {
  at: number;
  text: string;
}

/** Pre-order, as TypeScript's visitor went: a node's insert before its children's. */
function visit(node: TypeNode, parent: TypeNode | undefined, inserts: Insert[]): void {
  if (node.kind === 'member') {
    inserts.push({ at: node.start, text: 'readonly ' });
  } else if ((node.kind === 'array' || node.kind === 'tuple') && parent?.kind !== 'readonly') {
    // `readonly T[][]` would leave the inner array mutable: an element type is wrapped in parentheses.
    const wrap = parent?.kind === 'array';
    inserts.push({ at: node.start, text: wrap ? '(readonly ' : 'readonly ' });
    if (wrap) inserts.push({ at: node.end, text: ')' });
  }
  for (const child of node.children) visit(child, node, inserts);
}

/** `text` (declarations) with readonly properties, index signatures, arrays and tuples. */
export function readonlyTypes(text: string): string {
  const inserts: Insert[] = [];
  for (const node of parseDeclarations(text)) visit(node, undefined, inserts);
  // Stable sort: at one position an outer node's text (visited first) comes first.
  const sorted = inserts
    .map((insert, order) => ({ ...insert, order }))
    .sort((a, b) => a.at - b.at || a.order - b.order);
  let out = '';
  let from = 0;
  for (const insert of sorted) {
    out += text.slice(from, insert.at) + insert.text;
    from = insert.at;
  }
  return out + text.slice(from);
}
