/**
 * `plowtype/formats`: the format checks (date-time, email, uri, ...) and the linear-time pattern matcher
 * that generated validators call.
 * Generated code imports them from plowtype rather than from ajv-formats' internals, so a project resolves
 * them through its one dependency on plowtype, under any package manager. A separate entry point, so
 * importing `plowtype` to track does not load them.
 */
import { RE2JS } from 're2js';

export { fullFormats } from 'ajv-formats/dist/formats.js';

/** What a validator needs of a compiled pattern. */
export interface PatternTester {
  test(text: string): boolean;
  /** The pattern as a regular-expression literal would print it: ajv tells patterns apart by it. */
  toString(): string;
}

/**
 * Compiles a schema `pattern` for RE2's linear-time matching (re2js), so no data can make a validator
 * backtrack for seconds (`^(a+)+$`). RE2 has no lookaround or backreference: such a pattern throws, at
 * generation time, where the generator names the schema. Validators compiled by ajv call it through
 * `code.regExp`.
 */
export function linearRegExp(pattern: string, flags = ''): PatternTester {
  const compiled = RE2JS.compile(pattern);
  // ajv keys the patterns of a validator by `toString()`: Object's `[object Object]` made every pattern
  // of a module the first one.
  return { test: (text: string) => compiled.test(text), toString: () => `/${pattern}/${flags}` };
}
