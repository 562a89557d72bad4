/**
 * `lintSchemas`: the igluctl checks on every node of every schema, plus the SchemaVer check across versions.
 * Findings come sorted by file, then by place in the schema.
 */
import type { LoadedSchema } from 'plowtype/iglu';
import { type DuplicateKey, jsonDuplicateKeys, lineColumn, walk } from 'plowtype/iglu';
import { refProblems } from '../check/refs.js';
import { NODE_RULES, type Severity } from './rules.js';
import { checkBumps } from './schemaver.js';

export type { Severity } from './rules.js';

/** One thing lint found in one schema. */
export interface LintFinding {
  /** The file (or URL) of the schema. */
  source: string;
  uri: string;
  /** JSON pointer of the node inside the schema, `''` for the root. */
  pointer: string;
  severity: Severity;
  /** The check name, as `--skip-checks` takes it. */
  check: string;
  /** The rule's name and the detail: `minimum is greater than maximum (minimum 5, maximum 1)`. */
  message: string;
}

/** Options of {@link lintSchemas}. */
export interface LintOptions {
  /** Skippable check names to leave out. @default none */
  skipChecks?: readonly string[];
  /** The text of each schema file by source, for what parsing hides (duplicate keys). @default none */
  texts?: ReadonlyMap<string, string>;
}

/** The check name of the SchemaVer check across versions. */
export const BUMP_CHECK = 'schemaVerBump';

/** The check name of keys written twice in one object of a schema file. */
export const DUPLICATE_CHECK = 'duplicateKeys';

/** The check name of `$ref`s that do not resolve inside their schema (mandatory: generate fails on them). */
export const REF_CHECK = 'refResolves';

/** Every check name, and which of them `--skip-checks` may leave out. */
export function checkNames(): { all: string[]; skippable: string[] } {
  const rules = Object.values(NODE_RULES);
  const all = [...new Set([...rules.map((r) => r.check), REF_CHECK, BUMP_CHECK, DUPLICATE_CHECK])];
  const skippable = [
    ...new Set([...rules.filter((r) => r.skippable).map((r) => r.check), BUMP_CHECK, DUPLICATE_CHECK]),
  ];
  return { all, skippable };
}

/** Runs every check not skipped on every schema. */
export function lintSchemas(schemas: readonly LoadedSchema[], options: LintOptions = {}): LintFinding[] {
  const skip = new Set(options.skipChecks ?? []);
  const findings: LintFinding[] = [];
  const rules = Object.entries(NODE_RULES).filter(([, rule]) => !skip.has(rule.check));
  for (const schema of schemas) {
    for (const ref of refProblems(schema.schema)) {
      const { source, uri } = schema;
      const message =
        ref.kind === 'missing'
          ? `$ref to a missing definition (${JSON.stringify(ref.ref)})`
          : `$ref outside the schema, which plowtype never resolves (${JSON.stringify(ref.ref)})`;
      findings.push({ source, uri, pointer: ref.pointer, severity: 'error', check: REF_CHECK, message });
    }
    for (const at of walk(schema.schema)) {
      for (const [name, rule] of rules) {
        const detail = rule.test(at);
        if (detail === undefined) continue;
        const { source, uri } = schema;
        findings.push({
          source,
          uri,
          pointer: at.pointer,
          severity: rule.severity,
          check: rule.check,
          message: `${name} (${detail})`,
        });
      }
    }
  }
  if (!skip.has(BUMP_CHECK)) {
    for (const b of checkBumps(schemas)) {
      const { source, uri } = b.schema;
      findings.push({
        source,
        uri,
        pointer: b.pointer,
        severity: b.severity,
        check: BUMP_CHECK,
        message: `${b.rule} (${b.detail})`,
      });
    }
  }
  if (!skip.has(DUPLICATE_CHECK) && options.texts) findings.push(...duplicateKeys(schemas, options.texts));
  // Stable sort: within a file, the walk's order (root first, then depth first) is kept.
  return findings.sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
}

// JSON.parse keeps the last of two equal keys, so the others are lost without a word: said here, once a key.
function duplicateKeys(schemas: readonly LoadedSchema[], texts: ReadonlyMap<string, string>): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const { source, uri } of schemas) {
    const text = texts.get(source);
    if (text === undefined) continue;
    const repeats = new Map<string, DuplicateKey[]>();
    for (const d of jsonDuplicateKeys(text)) repeats.set(d.pointer, [...(repeats.get(d.pointer) ?? []), d]);
    for (const [pointer, list] of repeats) {
      const last = list.at(-1) as DuplicateKey;
      const { line, column } = lineColumn(text, last.offset);
      const detail = `${JSON.stringify(last.key)} written ${list.length + 1} times, the last at line ${line}:${column}`;
      const message = `duplicate key, the last one wins (${detail})`;
      findings.push({ source, uri, pointer, severity: 'warning', check: DUPLICATE_CHECK, message });
    }
  }
  return findings;
}

/** `severity source: pointer: message [check]`, the form `plowtype lint` prints. */
export function formatFinding(f: LintFinding): string {
  return `${f.severity} ${f.source}: ${f.pointer === '' ? '(root)' : f.pointer}: ${f.message} [${f.check}]`;
}
