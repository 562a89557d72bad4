/**
 * Phase `emit`: the TypeScript of each generated module as a list of statements (emit/print.ts's
 * structures, and text for the types from json-schema-to-typescript), printed in one call.
 */
import { commentText } from '../comment-text.js';
import { GENERATED_MARK } from '../generated-mark.js';
import type { EventModel, ModuleModel, VersionModel } from '../model/model-types.js';
import type { FunctionStatement, ImportStatement, Statement } from './print.js';

/** The fixed header: generator, "do not edit", sources. Never a date or a version. */
export function header(sources: readonly string[]): string {
  const lines = sources.map((source) => `//   ${commentText(source).replace(/[\n\r]/g, ' ')}`);
  return [
    `${GENERATED_MARK} from the Iglu schemas below. Do not edit: run \`plowtype generate\`.`,
    ...lines,
  ].join('\n');
}

function key(version: VersionModel): string {
  return `\`${version.loaded.key.vendor}/${version.loaded.key.name}\` ${version.version}`;
}

/** The `@deprecated` line of an older version's export, pointing at the latest one. */
export function deprecation(latest: VersionModel, name: keyof VersionModel['names']): string {
  return `@deprecated Use {@link ${latest.names[name]}} (${latest.version}).`;
}

function docs(text: string, version: VersionModel, latest: VersionModel, name: keyof VersionModel['names']) {
  return [version.latest ? text : `${text}\n${deprecation(latest, name)}`];
}

/** Literal type of a rule's schemas, e.g. `'iglu:a/b/jsonschema/1-0-0' | 'iglu:a/c/jsonschema/1-0-0'`. */
function uriUnion(uris: readonly string[]): string {
  return uris.map((uri) => JSON.stringify(uri)).join(' | ');
}

function ruleText(rule: EventModel['rules'][number]): string {
  const range = rule.max === undefined ? `at least ${rule.min}` : `${rule.min} to ${rule.max}`;
  return commentText(`${rule.label} needs ${range}`);
}

/** The event specification in words, for the track function's JSDoc. */
function specText(event: EventModel | undefined): string {
  if (event === undefined) return '';
  const others = event.allowOthers ? 'other known contexts allowed' : 'no other contexts';
  return `\nContexts (event specification): ${event.rules.map(ruleText).join('; ')}; ${others}.`;
}

function rulesType(event: EventModel): string {
  const rules = event.rules.map((rule) => {
    const label = ruleText(rule);
    return `[${uriUnion(rule.uris)}, ${rule.min}, ${rule.max ?? 'number'}, ${JSON.stringify(label)}]`;
  });
  return `[${rules.join(', ')}]`;
}

function trackFunction(version: VersionModel, latest: VersionModel, validator: string): FunctionStatement {
  const { names, event } = version;
  const base = {
    kind: 'function' as const,
    name: names.track,
    returnType: 'string',
    docs: docs(
      `Tracks a ${key(version)} self-describing event; returns its event id.${specText(event)}`,
      version,
      latest,
      'track',
    ),
  };
  const call = (options: string) => `return rt.track(tracker, ${names.uri}, data, ${validator}, ${options});`;
  if (event === undefined) {
    return {
      ...base,
      parameters: [
        { name: 'tracker', type: 'plowtype.Tracker' },
        { name: 'data', type: names.type },
        { name: 'options', type: 'rt.TrackOptions', optional: true },
      ],
      body: [call('options')],
    };
  }
  // Any known context passes the constraint, so that one the specification leaves out gets a message
  // naming it (from CheckContexts) rather than a bare "not assignable".
  const allowed = event.allowOthers ? 'string' : uriUnion(event.rules.flatMap((r) => r.uris));
  const rules = rulesType(event);
  return {
    ...base,
    typeParameters: [
      { name: 'C', isConst: true, constraint: 'readonly schemas.KnownContext[]', default: 'rt.Omitted' },
    ],
    parameters: [
      { name: 'tracker', type: 'plowtype.Tracker' },
      { name: 'data', type: `rt.SpecData<${names.type}, C, ${rules}>` },
      { name: 'options', type: `rt.SpecOptions<C, ${rules}, ${allowed}>`, optional: true },
    ],
    body: [call('options as rt.TrackOptions<readonly plowtype.SelfDescribingJson[]> | undefined')],
  };
}

function versionStatements(
  version: VersionModel,
  latest: VersionModel,
  types: string,
  validators: ReadonlySet<string>,
): Statement[] {
  const { names, loaded } = version;
  const validator = validators.has(version.validator) ? `validators.${version.validator}` : 'undefined';
  return [
    types,
    {
      kind: 'const',
      docs: docs(`Iglu URI of {@link ${names.type}}.`, version, latest, 'uri'),
      name: names.uri,
      initializer: `/* @__PURE__ */ plowtype.schemaUri(${JSON.stringify(loaded.uri)})`,
    },
    trackFunction(version, latest, validator),
    {
      kind: 'function',
      name: names.context,
      docs: docs(`Builds a ${key(version)} context entity.`, version, latest, 'context'),
      parameters: [{ name: 'data', type: names.type }],
      returnType: `plowtype.Entity<${names.type}, ${JSON.stringify(loaded.uri)}>`,
      body: [`return rt.entity(${names.uri}, data, ${validator});`],
    },
  ];
}

/**
 * The statements of one schema module: header, imports, then per version (latest first) its data type,
 * URI constant, track function and context builder. `types` holds each version's data type declarations.
 */
export function moduleStatements(
  module: ModuleModel,
  types: readonly string[],
  validators: ReadonlySet<string>,
  runtimeImport: string,
): Statement[] {
  const latest = module.versions[0] as VersionModel;
  const usesSpecs = module.versions.some((v) => v.event !== undefined);
  const imports: ImportStatement[] = [
    { kind: 'import', namespace: 'plowtype', from: runtimeImport },
    { kind: 'import', namespace: 'rt', from: '../_runtime.js' },
  ];
  if (usesSpecs)
    imports.push({ kind: 'import', typeOnly: true, namespace: 'schemas', from: '../schemas.js' });
  if (validators.size > 0) {
    imports.push({ kind: 'import', namespace: 'validators', from: `./${module.name}.validate.js` });
  }
  const body = module.versions.flatMap((version, i) =>
    versionStatements(version, latest, types[i] ?? '', validators),
  );
  return [header(module.versions.map((v) => v.source)), ...imports, ...body];
}
