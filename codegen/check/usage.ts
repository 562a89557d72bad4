/**
 * The check phase of the generator: what the Iglu layer accepts but plowtype will not generate from (no
 * schema at all, a schema too large, a `$ref` that does not resolve).
 */
import type { LoadedSchema, SchemaProblem } from 'plowtype/iglu';
import { walk } from 'plowtype/iglu';
import type { GenerateOptions } from '../options.js';
import { refMessage, refProblems } from './refs.js';

/**
 * The most sub-schemas one schema may have. 20,000 properties generate in about 12 s and 0.9 GB on a
 * loaded 2-core machine; 60,000 took 1.8 GB before whole-schema validators: past the limit a run would
 * exhaust a CI machine's memory rather than fail with a message.
 */
export const MAX_SUB_SCHEMAS = 20_000;

function subSchemaCount(schema: LoadedSchema['schema']): number {
  let count = 0;
  for (const _ of walk(schema)) count += 1;
  return count;
}

/**
 * Zero schemas is an error (a mistyped registry would otherwise delete every generated file), and so are a
 * schema over {@link MAX_SUB_SCHEMAS} and a `$ref` that does not resolve inside its schema (an external one
 * only unless the config allows it).
 */
export function usageProblems(schemas: readonly LoadedSchema[], options: GenerateOptions): SchemaProblem[] {
  if (schemas.length === 0) {
    const where = options.registries.join(', ');
    return [
      {
        source: where,
        message:
          'no schema found (expected VENDOR/NAME/jsonschema/M-R-A files); nothing was written or deleted',
      },
    ];
  }
  const problems: SchemaProblem[] = [];
  for (const loaded of schemas) {
    const size = subSchemaCount(loaded.schema);
    if (size > MAX_SUB_SCHEMAS) {
      problems.push({
        source: loaded.source,
        message: `schema too large: ${size} sub-schemas, over the limit of ${MAX_SUB_SCHEMAS} that plowtype generates (split the schema, or exclude it)`,
      });
      continue;
    }
    for (const ref of refProblems(loaded.schema)) {
      if (ref.kind === 'external' && options.allowExternalRefs) continue;
      const hint =
        ref.kind === 'external' ? ' (set allowExternalRefs in the config to type it as any JSON value)' : '';
      problems.push({ source: loaded.source, message: `${refMessage(ref)}${hint}` });
    }
  }
  return problems;
}
