/**
 * Phase `format`: Prettier, once per file, at the end. The options are fixed here (never read from the
 * user's Prettier config), so output is the same on every machine.
 */
import { format as prettier } from 'prettier';

const OPTIONS = {
  parser: 'babel-ts',
  printWidth: 110,
  singleQuote: true,
  trailingComma: 'all',
  semi: true,
  tabWidth: 2,
} as const;

/** Formats one generated TypeScript module with Prettier (babel-ts: same output, twice as fast here). */
export async function formatFile(text: string): Promise<string> {
  return prettier(text, OPTIONS);
}

/**
 * Indents ajv standalone code (one statement per line, as ajv writes it with `lines: true`) by its braces.
 * Prettier would take seconds on these files; this changes only leading whitespace, never a token: a line
 * that ends with `{` opens a block and one that starts with `}` closes it (string literals never span lines).
 */
export function indentBlocks(code: string): string {
  let depth = 0;
  const lines: string[] = [];
  for (const raw of code.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('}')) depth = Math.max(0, depth - 1);
    lines.push(line === '' ? '' : '  '.repeat(depth) + line);
    if (line.endsWith('{')) depth += 1;
  }
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
