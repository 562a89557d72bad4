/**
 * Shrinks ajv's standalone code without changing what it does: the "append this error, count it" block
 * ajv writes for every rule becomes a call of `fail`, declared once per validate function, which calls
 * the runtime's `pushError` and sets ajv's count of errors (always the length of its list), and each
 * error's `schemaPath` (which nothing reads) goes. Messages are not generated at all (ajv's `messages:
 * false`): the runtime words them once, from the rule and its parameters. Then ajv's long-hand checks
 * become calls (idioms.ts), and reads of schema constants the values they read (constants.ts). Every
 * rewrite runs on masked code (masked.ts), so it matches ajv's code, never data.
 */

import { ONE_PARAM } from 'plowtype/generated';
import { inlineSchemaReads } from './constants.js';
import { dropUnusedArguments, rewriteIdioms } from './idioms.js';
import { type Masked, maskStrings, TOKEN } from './masked.js';

const APPEND = new RegExp(
  String.raw`const (err\d+) = \{instancePath(?::([^\n]*?))?,keyword:(${TOKEN}|"[a-z]*"),params:(\{[^]*?\})\};\nif\(vErrors === null\)\{\nvErrors = \[\1\];\n\}\nelse \{\nvErrors\.push\(\1\);\n\}\nerrors\+\+;\n`,
  'g',
);
const SCHEMA_PATH = new RegExp(String.raw`schemaPath:${TOKEN},`, 'g');

/** The runtime functions the compacted code calls. */
export const RUNTIME_HELPERS = ['pushError', 'has', 'isObject'] as const;

/** How every ajv validate function starts: its error list and count. */
const PROLOGUE = 'let vErrors = null;\nlet errors = 0;\n';
/** Declared once per validate function, after its prologue: one short call per broken rule. */
const FAIL_LINE =
  'const fail = (path, keyword, params) => { errors = (vErrors = pushError(vErrors, path, keyword, params)).length; };';

const FAIL_CALL = new RegExp(String.raw`^(fail\(.*, )(${TOKEN}|"[a-z]*"), \{([A-Za-z]+): (.*)\}\);$`, 'gm');

/**
 * A rule's one parameter is passed as its value (`fail(path, "type", "string")`, the runtime's
 * `pushError` names it), and empty parameters not at all.
 */
function shortParams(code: string, masked: Masked): string {
  return code
    .replace(FAIL_CALL, (line, call: string, keyword: string, key: string, value: string) => {
      const one = ONE_PARAM[JSON.parse(masked.literal(keyword)) as string];
      return one !== undefined && Object.keys(one(0))[0] === key && !/, [A-Za-z]+: /.test(value)
        ? `${call}${keyword}, ${value});`
        : line;
    })
    .replace(/^(fail\(.*), \{\}\);$/gm, '$1);');
}

/**
 * ajv's `instancePath` is `path` in the function (an argument keeps ajv's name: `{instancePath: path}`).
 */
function shortPath(code: string): string {
  const headers = code.replace(
    /^(function validate\d+\(data, \{)instancePath ?= ?""/gm,
    '$1instancePath: path = ""',
  );
  return (
    headers
      // ajv's shorthand `{instancePath, ...}` (an error, an argument passed on) keeps its key.
      .replace(/\{instancePath(?=[,}])/g, '{instancePath: path')
      // Not a property of the data: `data.instancePath` stays.
      .replace(/(?<![.\w$])instancePath\b(?![:=])/g, 'path')
  );
}

/** ajv's code, compacted. */
export function compactValidator(code: string): string {
  const masked = maskStrings(code);
  const hasOwn = /^const (func\d+) = Object\.prototype\.hasOwnProperty;$/m.exec(code)?.[1];
  const failing = masked.code
    .replace(SCHEMA_PATH, '')
    .replace(
      APPEND,
      (_, _name, path: string | undefined, keyword: string, params: string) =>
        `fail(${path ?? 'instancePath'}, ${keyword}, ${params});\n`,
    )
    .replaceAll(PROLOGUE, `${PROLOGUE}${FAIL_LINE}\n`);
  // Schema reads last: the values they write in are data, which no rewrite may read (shortParams only
  // moves them).
  const rewritten = shortPath(dropUnusedArguments(rewriteIdioms(failing)));
  return masked.unmask(shortParams(inlineSchemaReads(rewritten, masked, hasOwn), masked));
}
