/**
 * Shrinks ajv's standalone code without changing what it does: the "append this error, count it" block
 * ajv writes for every rule becomes a call of `fail`, declared once per validate function, which calls
 * the runtime's `pushError` and sets ajv's count of errors (always the length of its list), and each error's `schemaPath` (which nothing reads) goes. Messages are not generated at all (ajv's `messages: false`): the runtime
 * words them once, from the rule and its parameters. Both patterns match only ajv's own code: in data, a
 * quote is always escaped.
 */

const APPEND =
  /const (err\d+) = \{instancePath(?::([^\n]*?))?,keyword:("[^"\n]*"),params:(\{[^\n]*\})\};\nif\(vErrors === null\)\{\nvErrors = \[\1\];\n\}\nelse \{\nvErrors\.push\(\1\);\n\}\nerrors\+\+;\n/g;
const SCHEMA_PATH = /schemaPath:"(?:[^"\\\n]|\\.)*",/g;

/** The runtime function the compacted code calls. */
export const PUSH_ERROR = 'pushError';

/** How every ajv validate function starts: its error list and count. */
const PROLOGUE = 'let vErrors = null;\nlet errors = 0;\n';
const FAIL = 'fail';
/** Declared once per validate function, after its prologue: one short call per broken rule. */
const FAIL_LINE = `const ${FAIL} = (path, keyword, params) => { errors = (vErrors = ${PUSH_ERROR}(vErrors, path, keyword, params)).length; };`;

/** ajv's code, compacted. */
export function compactValidator(code: string): string {
  return code
    .replace(SCHEMA_PATH, '')
    .replace(
      APPEND,
      (_, _name, path: string | undefined, keyword: string, params: string) =>
        `${FAIL}(${path ?? 'instancePath'}, ${keyword}, ${params});\n`,
    )
    .replaceAll(PROLOGUE, `${PROLOGUE}${FAIL_LINE}\n`);
}
