/**
 * Runtime validators, precompiled at generation time (ajv standalone code, draft-04), for what the types
 * cannot say: lengths, patterns, formats, bounds, item counts, uniqueness, integers. Each schema is first
 * pruned to those rules (required fields, closed objects and enums are the compiler's job), so most
 * validators are a few lines and many versions need none. Nothing is compiled at run time.
 */

import standalone from 'ajv/dist/standalone/index.js';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { TrackerError } from '../src/errors.js';
import { isSchema, type JsonSchema, setOwn } from './schema.js';
import { cloneJson } from './types.js';

/** Rules kept as they are: the types cannot express them. */
const RUNTIME_RULES = new Set([
  ...['maxLength', 'minLength', 'pattern', 'format'],
  ...['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'],
  ...['minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'dependencies'],
]);
/** Sub-schemas kept whole: their branches only make sense with every keyword. */
const WHOLE = new Set(['anyOf', 'oneOf', 'not']);
const METADATA = new Set(['description', 'title', 'default', 'examples', 'self', '$schema', 'id', '$id']);

/** A whole sub-schema without metadata (descriptions and examples are dead weight in generated code). */
function stripMetadata(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripMetadata);
  if (!isSchema(node)) return node;
  const out: JsonSchema = {};
  for (const key of Object.keys(node)) {
    if (METADATA.has(key)) continue;
    const value = node[key];
    if (key === 'enum' || key === 'const') setOwn(out, key, cloneJson(value));
    else if (key === '$ref') {
      if (typeof value === 'string' && value.startsWith('#')) setOwn(out, key, value);
    } else setOwn(out, key, stripMetadata(value));
  }
  return out;
}

/** Prunes each sub-schema of a map; `keepEmpty` keeps emptied ones (definitions: a `$ref` may name them). */
function pruneMap(map: unknown, keepEmpty: boolean): JsonSchema | undefined {
  if (!isSchema(map)) return undefined;
  const out: JsonSchema = {};
  for (const name of Object.keys(map)) {
    const child = prune(map[name]) ?? (keepEmpty ? {} : undefined);
    if (child !== undefined) setOwn(out, name, child);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Keeps only what the types cannot say; `undefined` when nothing is left. */
export function prune(node: unknown): JsonSchema | undefined {
  if (!isSchema(node)) return undefined;
  const out: JsonSchema = {};
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (RUNTIME_RULES.has(key)) setOwn(out, key, cloneJson(value));
    else if (WHOLE.has(key)) setOwn(out, key, stripMetadata(value));
    else if (key === 'type' && JSON.stringify(value).includes('"integer"'))
      setOwn(out, key, cloneJson(value));
    else if (
      key === 'enum' &&
      Array.isArray(value) &&
      value.some((v) => v !== null && typeof v === 'object')
    ) {
      setOwn(out, key, cloneJson(value));
    } else if (key === '$ref' && typeof value === 'string' && value.startsWith('#')) setOwn(out, key, value);
    else if (key === 'allOf' && Array.isArray(value))
      setOwn(
        out,
        key,
        value.map((item) => prune(item) ?? {}),
      );
    else if (key === 'items' || key === 'additionalItems' || key === 'additionalProperties') {
      const kept = Array.isArray(value) ? value.map((item) => prune(item) ?? {}) : prune(value);
      if (kept !== undefined && (!Array.isArray(kept) || kept.some((k) => Object.keys(k).length > 0))) {
        setOwn(out, key, kept);
      }
    } else if (key === 'properties' || key === 'patternProperties' || key === 'definitions') {
      const kept = pruneMap(value, key === 'definitions');
      if (kept !== undefined) setOwn(out, key, kept);
    }
  }
  const onlyDefinitions = Object.keys(out).length === 1 && out.definitions !== undefined;
  return Object.keys(out).length === 0 || onlyDefinitions ? undefined : out;
}

/** One version to validate: the export name in the `.validate.ts` file and its schema. */
export interface ValidatorRequest {
  exportName: string;
  schema: unknown;
  source: string;
}

/** Runtime helpers the standalone code needs, each replaced by an import. */
const RUNTIME_CALLS: Record<string, { name: string; from: 'runtime' | 'formats' }> = {
  'require("ajv/dist/runtime/ucs2length").default': { name: 'ucs2length', from: 'runtime' },
  'require("ajv/dist/runtime/equal").default': { name: 'equal', from: 'runtime' },
  'require("ajv-formats/dist/formats").fullFormats': { name: 'fullFormats', from: 'formats' },
};

/**
 * A fresh compiler per module: ajv numbers its functions per instance, so sharing one would make a
 * module's output depend on which modules were compiled before it.
 */
function compiler(): InstanceType<typeof AjvDraft04.default> {
  const ajv = new AjvDraft04.default({
    allErrors: true,
    strict: false,
    logger: false,
    meta: false,
    validateSchema: false,
    unicodeRegExp: false,
    code: { source: true, esm: true, lines: true },
  });
  addFormats.default(ajv);
  return ajv;
}

function importLines(code: string, runtimePath: string, formatsImport: string): string[] {
  const runtime = new Set<string>();
  let formats = false;
  for (const use of Object.values(RUNTIME_CALLS)) {
    if (!code.includes(use.name)) continue;
    if (use.from === 'runtime') runtime.add(use.name);
    else formats = true;
  }
  const lines: string[] = [];
  if (formats) lines.push(`import { fullFormats } from '${formatsImport}';`);
  if (runtime.size > 0) lines.push(`import { ${[...runtime].sort().join(', ')} } from '${runtimePath}';`);
  return lines;
}

/**
 * Drops what ajv emits for its own debugging: `sourceURL` comments, and schema constants nothing reads
 * (a constant named anywhere else, even inside a string, is kept: only whole unused lines go).
 */
function tidy(code: string): string {
  const lines = code.split('\n').filter((line) => !line.startsWith('/*# sourceURL='));
  return lines
    .filter((line, i) => {
      const name = /^const (schema[0-9]+) = /.exec(line)?.[1];
      if (name === undefined) return true;
      const used = new RegExp(`\\b${name}\\b`);
      return lines.some((other, j) => j !== i && used.test(other));
    })
    .join('\n');
}

/**
 * The body of a `.validate.ts` module exporting one validator per version that has runtime rules, with the
 * names it exports, or `undefined` when no version needs one. `runtimePath` is the import path of the
 * generated `_runtime.js`; `formatsImport` that of the format checks (`plowtype/formats`).
 */
export function validatorModule(
  requests: readonly ValidatorRequest[],
  runtimePath: string,
  formatsImport = 'plowtype/formats',
): { code: string; exports: ReadonlySet<string> } | undefined {
  const ajv = compiler();
  const refs: Record<string, string> = {};
  // Versions whose runtime rules are the same (an ADDITION that adds an unconstrained field) share one
  // compiled function, exported under each version's name, instead of a copy per version.
  const firstWithRules = new Map<string, string>();
  const aliases: string[] = [];
  const aliased: string[] = [];
  try {
    for (const request of requests) {
      const pruned = prune(request.schema);
      if (pruned === undefined) continue;
      const rules = JSON.stringify(pruned);
      const same = firstWithRules.get(rules);
      if (same !== undefined) {
        aliases.push(`export const ${request.exportName} = ${same};`);
        aliased.push(request.exportName);
        continue;
      }
      const id = `https://plowtype.invalid/${firstWithRules.size}/${request.exportName}`;
      setOwn(pruned, 'id', id);
      try {
        ajv.addSchema(pruned);
        ajv.getSchema(id);
      } catch (error) {
        const why = (error as Error).message;
        throw new TrackerError('SP_ERR_SCHEMA', `Validator generation failed: ${request.source}: ${why}`, {
          cause: error,
        });
      }
      firstWithRules.set(rules, request.exportName);
      refs[request.exportName] = id;
    }
    if (firstWithRules.size === 0) return undefined;
    let code = standalone.default(ajv, refs).replace(/^"use strict";\n?/, '');
    for (const [call, use] of Object.entries(RUNTIME_CALLS)) code = code.replaceAll(call, use.name);
    if (code.includes('require(')) {
      throw new TrackerError(
        'SP_ERR_SCHEMA',
        `Validator generation failed: ${requests[0]?.source}: needs an unknown ajv runtime helper`,
      );
    }
    return {
      code: [...importLines(code, runtimePath, formatsImport), tidy(code), ...aliases].join('\n'),
      exports: new Set([...Object.keys(refs), ...aliased]),
    };
  } finally {
    ajv.removeSchema();
  }
}
