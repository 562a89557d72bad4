/**
 * Makes the data types json-schema-to-typescript prints readonly: every property and index signature, every
 * array and tuple. Generated functions then take data declared `as const` or held readonly (mutable data
 * still fits), and error messages keep naming the schema's type. Parsed with the TypeScript compiler, not
 * by pattern, so string literal types and comments are never touched.
 */
import { ts } from 'ts-morph';

interface Insert {
  at: number;
  text: string;
}

function visit(node: ts.Node, file: ts.SourceFile, inserts: Insert[]): void {
  if (ts.isPropertySignature(node) || ts.isIndexSignatureDeclaration(node)) {
    inserts.push({ at: node.getStart(file), text: 'readonly ' });
  } else if (ts.isArrayTypeNode(node) || ts.isTupleTypeNode(node)) {
    const operator = node.parent;
    if (!(ts.isTypeOperatorNode(operator) && operator.operator === ts.SyntaxKind.ReadonlyKeyword)) {
      // `readonly T[][]` would leave the inner array mutable: an element type is wrapped in parentheses.
      const wrap = ts.isArrayTypeNode(operator);
      inserts.push({ at: node.getStart(file), text: wrap ? '(readonly ' : 'readonly ' });
      if (wrap) inserts.push({ at: node.getEnd(), text: ')' });
    }
  }
  ts.forEachChild(node, (child) => visit(child, file, inserts));
}

/** `text` (declarations) with readonly properties, index signatures, arrays and tuples. */
export function readonlyTypes(text: string): string {
  const file = ts.createSourceFile('types.ts', text, ts.ScriptTarget.Latest, true);
  const inserts: Insert[] = [];
  visit(file, file, inserts);
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
