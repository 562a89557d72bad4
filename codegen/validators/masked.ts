/**
 * The rewrites of ajv's code (compact.ts) match code, never data: before they run, every string literal
 * (a property name, a pattern, an enum value: anything from the schema) becomes a token `\0<n>\0`, and
 * after, the token becomes the literal again. A property named `func0.call(schema0` stays a name. A
 * literal of lowercase letters only (`"number"`, `"object"`) stays as it is: it cannot hold code, and the
 * rewrites read ajv's type checks by it.
 */

/** A string literal as ajv writes it (JSON: a quote inside is always escaped). */
const STRING = /"(?:[^"\\\n]|\\.)*"/g;

const WORD = /^"[a-z]*"$/;
const FORMAT_REGEXP = /^const formats\d+ = \//;

/** A token in masked code, as a regular-expression source. */
export const TOKEN = String.raw`\0\d+\0`;

/** Code whose string literals are tokens, and the way back. */
export interface Masked {
  code: string;
  /** The literal a token stands for (the token itself when it is none). */
  literal(token: string): string;
  /** Masked code with every token back to its literal. */
  unmask(code: string): string;
}

/** Masks the string literals of `code`. */
export function maskStrings(code: string): Masked {
  const literals: string[] = [];
  const mask = (line: string) =>
    // A format's regular expression (ajv-formats' uri-reference holds a quote) is code, not a string.
    FORMAT_REGEXP.test(line)
      ? line
      : line.replace(STRING, (s) => (WORD.test(s) ? s : `\0${literals.push(s) - 1}\0`));
  const masked = code.split('\n').map(mask).join('\n');
  const literal = (token: string) => literals[Number(token.slice(1, -1))] ?? token;
  return {
    code: masked,
    literal,
    unmask: (text) => text.replace(/\0\d+\0/g, literal),
  };
}
