/**
 * Shrinks ajv's standalone code without changing what it does: the four-line "append this error" block
 * ajv writes for every rule becomes one call of the runtime's `pushError`, and each error's `schemaPath`
 * (which nothing reads) goes. Messages are not generated at all (ajv's `messages: false`): the runtime
 * words them once, from the rule and its parameters. Both patterns match only ajv's own code: in data, a
 * quote is always escaped.
 */

const APPEND =
  /const (err\d+) = (\{[^\n]*\});\nif\(vErrors === null\)\{\nvErrors = \[\1\];\n\}\nelse \{\nvErrors\.push\(\1\);\n\}\n/g;
const SCHEMA_PATH = /schemaPath:"(?:[^"\\\n]|\\.)*",/g;

/** The runtime function the compacted code calls. */
export const PUSH_ERROR = 'pushError';

/** ajv's code, compacted. */
export function compactValidator(code: string): string {
  return code
    .replace(SCHEMA_PATH, '')
    .replace(APPEND, (_, _name, error: string) => `vErrors = ${PUSH_ERROR}(vErrors, ${error});\n`);
}
