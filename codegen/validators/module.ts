/**
 * Runtime validators, precompiled at generation time (ajv standalone code, draft-04), checking the whole
 * schema: data that bypassed the compiler (`as any`, parsed JSON, JavaScript callers) is held to every
 * keyword. Hardened for data from the internet: patterns run on a linear-time engine (re2js), only own
 * properties count (a property named `toString` or `__proto__` is data), and NaN or Infinity is no number.
 * Nothing is compiled at run time.
 */

import standalone from 'ajv/dist/standalone/index.js';
import { TrackerError } from 'plowtype/errors';
import { linearRegExp } from 'plowtype/formats';
import { type Draft04Ajv, draft04Ajv, type JsonSchema, setOwn } from 'plowtype/iglu';
import { compactValidator, RUNTIME_HELPERS } from './compact.js';
import { groupProperties } from './groups.js';
import { runtimeSchema } from './schema.js';
import { shareParts } from './share.js';

/** One version to validate: the export name in the `.validate.ts` file and its schema. */
export interface ValidatorRequest {
  exportName: string;
  schema: unknown;
  source: string;
  /** Its name in `_shared.validate.ts` when other modules share it (validators/across.ts): imported, not compiled. */
  shared?: string | undefined;
}

/** What {@link validatorModule} returns: the module's code and the names it exports. */
export interface ValidatorCode {
  code: string;
  exports: ReadonlySet<string>;
}

/** Runtime helpers the standalone code needs, each replaced by an import. */
const RUNTIME_CALLS: Record<string, { name: string; from: 'runtime' | 'formats' }> = {
  'require("ajv/dist/runtime/ucs2length").default': { name: 'ucs2length', from: 'runtime' },
  'require("ajv/dist/runtime/equal").default': { name: 'equal', from: 'runtime' },
  'require("ajv-formats/dist/formats").fullFormats': { name: 'fullFormats', from: 'formats' },
  'require("plowtype/formats").linearRegExp': { name: 'linearRegExp', from: 'formats' },
};

/** ajv calls it to compile each pattern now, and writes `code` where the generated validator needs it. */
const regExp = Object.assign((pattern: string, flags: string) => linearRegExp(pattern, flags), {
  code: 'require("plowtype/formats").linearRegExp',
});

/**
 * A fresh compiler per module: ajv numbers its functions per instance, so sharing one would make a
 * module's output depend on which modules were compiled before it.
 */
type Ajv = Draft04Ajv;

function compiler(): Ajv {
  return draft04Ajv({
    logger: false,
    meta: false,
    validateSchema: false,
    unicodeRegExp: false,
    ownProperties: true,
    messages: false,
    // A shared part (share.ts) is one function, called, never copied back into each caller.
    inlineRefs: false,
    strictNumbers: true,
    code: { source: true, esm: true, lines: true, regExp },
  });
}

function importLines(code: string, runtimePath: string, formatsImport: string): string[] {
  const runtime = new Set<string>(
    RUNTIME_HELPERS.filter((name) => new RegExp(`(?<![.\\w$])${name}\\(`).test(code)),
  );
  const formats = new Set<string>();
  for (const use of Object.values(RUNTIME_CALLS)) {
    if (code.includes(use.name)) (use.from === 'runtime' ? runtime : formats).add(use.name);
  }
  const lines: string[] = [];
  if (formats.size > 0) lines.push(`import { ${[...formats].sort().join(', ')} } from '${formatsImport}';`);
  if (runtime.size > 0) lines.push(`import { ${[...runtime].sort().join(', ')} } from '${runtimePath}';`);
  return lines;
}

/**
 * Drops what ajv emits for its own debugging: `sourceURL` comments, and schema or helper constants nothing reads
 * (a constant named anywhere else, even inside a string, is kept: only whole unused lines go).
 */
function tidy(code: string): string {
  const lines = code.split('\n').filter((line) => !line.startsWith('/*# sourceURL='));
  return lines
    .filter((line, i) => {
      const name = /^const ((?:schema|func)[0-9]+) = /.exec(line)?.[1];
      if (name === undefined) return true;
      const used = new RegExp(`\\b${name}\\b`);
      return lines.some((other, j) => j !== i && used.test(other));
    })
    .join('\n');
}

/** Adds and compiles one schema; a failure names the schema file (never ajv's internal id). */
function compileOne(ajv: Ajv, schema: JsonSchema, id: string, source: string): void {
  try {
    ajv.addSchema(schema);
    ajv.getSchema(id);
  } catch (error) {
    const why = (error as Error).message.replaceAll(id, source);
    throw new TrackerError('SP_ERR_SCHEMA', `Validator generation failed: ${source}: ${why}`, {
      cause: error,
    });
  }
}

/**
 * The body of a `.validate.ts` module exporting one validator per version, with the names it exports
 * (`undefined` only for no versions). `runtimePath` is the import path of the generated `_runtime.js`;
 * `formatsImport` that of the format checks (`plowtype/formats`); `sharedPath` that of
 * `_shared.validate.js`, where the versions with a `shared` name come from.
 */
export function validatorModule(
  requests: readonly ValidatorRequest[],
  runtimePath: string,
  formatsImport = 'plowtype/formats',
  sharedPath = '../_shared.validate.js',
): ValidatorCode | undefined {
  const fromShared = requests.filter((r) => r.shared !== undefined);
  const local = requests.filter((r) => r.shared === undefined);
  const compiled = local.length === 0 ? undefined : compiledModule(local, runtimePath, formatsImport);
  if (fromShared.length === 0) return compiled;
  const names = [...new Set(fromShared.map((r) => r.shared))].sort();
  const code = [
    `import { ${names.join(', ')} } from '${sharedPath}';`,
    ...(compiled === undefined ? [] : [compiled.code]),
    ...fromShared.map((r) => `export const ${r.exportName} = ${r.shared};`),
  ];
  const exports = [...(compiled?.exports ?? []), ...fromShared.map((r) => r.exportName)];
  return { code: code.join('\n'), exports: new Set(exports) };
}

/** The ajv code of the versions compiled here, each exported under its version's name. */
function compiledModule(
  requests: readonly ValidatorRequest[],
  runtimePath: string,
  formatsImport: string,
): ValidatorCode | undefined {
  const ajv = compiler();
  const refs: Record<string, string> = {};
  // Versions whose schemas are the same but for metadata share one compiled function, exported under each
  // version's name, instead of a copy per version.
  const firstWithRules = new Map<string, string>();
  const aliases: string[] = [];
  const aliased: string[] = [];
  try {
    const unique: { request: ValidatorRequest; schema: JsonSchema }[] = [];
    for (const request of requests) {
      const schema = runtimeSchema(request.schema) as JsonSchema;
      const rules = JSON.stringify(schema);
      const same = firstWithRules.get(rules);
      if (same !== undefined) {
        aliases.push(`export const ${request.exportName} = ${same};`);
        aliased.push(request.exportName);
        continue;
      }
      firstWithRules.set(rules, request.exportName);
      unique.push({ request, schema });
    }
    const grouped = groupProperties(
      unique.map((u) => u.schema),
      'https://plowtype.invalid/group/',
    );
    const { versions: withGroups, shared } = shareParts(
      [...grouped.versions, ...grouped.groups],
      'https://plowtype.invalid/shared/',
    );
    const versions = withGroups.slice(0, unique.length);
    const first = requests[0]?.source ?? '';
    for (const part of [...shared, ...withGroups.slice(unique.length)]) {
      compileOne(ajv, part, part.id as string, first);
    }
    unique.forEach(({ request }, i) => {
      const schema = versions[i] as JsonSchema;
      const id = `https://plowtype.invalid/${i}/${request.exportName}`;
      setOwn(schema, 'id', id);
      compileOne(ajv, schema, id, request.source);
      refs[request.exportName] = id;
    });
    if (firstWithRules.size === 0) return undefined;
    let code = standalone.default(ajv, refs).replace(/^"use strict";\n?/, '');
    for (const [call, use] of Object.entries(RUNTIME_CALLS)) code = code.replaceAll(call, use.name);
    code = compactValidator(code);
    // ajv writes its helpers as `require("module")`; in data (a property name, a pattern) a quote is escaped.
    const helper = /require\("[^"]*"\)[.\w]*/.exec(code)?.[0];
    if (helper !== undefined) {
      throw new TrackerError(
        'SP_ERR_SCHEMA',
        `Validator generation failed: ${requests[0]?.source}: needs an ajv runtime helper plowtype does not provide: ${helper}`,
      );
    }
    return {
      code: [...importLines(tidy(code), runtimePath, formatsImport), tidy(code), ...aliases].join('\n'),
      exports: new Set([...Object.keys(refs), ...aliased]),
    };
  } finally {
    ajv.removeSchema();
  }
}
