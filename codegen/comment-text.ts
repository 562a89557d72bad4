/**
 * Text made safe for a generated `/** *\/` comment. Shared by the types and emit phases, which both write
 * doc comments from schema text.
 */

/** Characters that must never appear raw in output: line separators and bidirectional controls. */
const INVISIBLE = /[\u2028\u2029\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

/** Writes line separators and bidirectional controls as `\uXXXX` escapes (also in generated code). */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Makes text safe inside a `/** *\/` comment: no `*\/`, no invisible controls, `\n` line ends. */
export function commentText(text: string): string {
  return escapeInvisible(text.replace(/\r\n?/g, '\n').replaceAll('*/', '*\\/'));
}
