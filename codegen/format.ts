/**
 * Phase `format`: Prettier, once per file, at the end. The options are fixed here (never read from the
 * user's Prettier config), so output is the same on every machine.
 */
import { format as prettier } from 'prettier';

const OPTIONS = {
  parser: 'typescript',
  printWidth: 110,
  singleQuote: true,
  trailingComma: 'all',
  semi: true,
  tabWidth: 2,
} as const;

/** Formats one generated TypeScript file; a generated `.validate.ts` keeps its lines as ajv wrote them. */
export async function formatFile(text: string): Promise<string> {
  return prettier(text, OPTIONS);
}
