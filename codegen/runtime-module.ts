/**
 * The text of `generated/_runtime.ts`: what every generated module shares (the options type, the one
 * track helper, validation modes, the context-rule types of event specifications). Emitted once per output
 * folder, so generated modules stay a few lines each and no logic is repeated per schema.
 */

import { GENERATED_MARK } from './write.js';

/** `_runtime.ts` for the given runtime import path and baked-in validation default. */
export function runtimeModule(runtimeImport: string, validation: string): string {
  return `${GENERATED_MARK} for every module of this folder. Do not edit: run \`plowtype generate\`.
import type * as plowtype from ${JSON.stringify(runtimeImport)};
import { ValidationError } from ${JSON.stringify(runtimeImport)};
import type { KnownContext } from './schemas.js';

/** The runtime validation mode when neither the call nor the tracker sets one (config \`validation\`). */
export const DEFAULT_VALIDATION: plowtype.ValidationMode = ${JSON.stringify(validation)};

/** Options of every generated track function: the runtime's event options, plus \`validation\`. */
export interface TrackOptions<C = readonly KnownContext[]> {
  /** Context entities: built with a \`<name>Context\` function or by hand with a known schema URI constant. */
  context?: C;
  /** The true time of the event, epoch ms (sent as \`ttm\`). */
  timestamp?: number;
  /** A per-event subject, merged over the tracker's. */
  subject?: plowtype.Subject;
  /** A caller-chosen UUID v4 for the event id. */
  eventId?: string;
  /** Runtime validation for this call. @default the tracker's \`validation\`, else {@link DEFAULT_VALIDATION} */
  validation?: plowtype.ValidationMode;
}

/** One rule of an event specification: schemas, min, max (\`number\` = unbounded), and its text. */
export type Rule = readonly [schema: string, min: number, max: number, label: string];

declare const omitted: unique symbol;
/** The contexts of a call that gives none: the default of a track function's type parameter. */
export type Omitted = readonly [] & { readonly [omitted]: true };

type Tally<C extends readonly unknown[], U, N extends unknown[] = []> = C extends readonly [infer H, ...infer R]
  ? Tally<R, U, H extends { schema: U } ? [...N, 0] : N>
  : N;
type AtLeast<N extends number, Min extends number, A extends unknown[] = []> = A['length'] extends Min
  ? true
  : A['length'] extends N
    ? false
    : AtLeast<N, Min, [...A, 0]>;
type Fits<C extends readonly unknown[], R extends Rule> = number extends C['length']
  ? R[1] extends 0 ? (number extends R[2] ? true : false) : false
  : AtLeast<Tally<C, R[0]>['length'], R[1]> extends true
    ? number extends R[2] ? true : AtLeast<R[2], Tally<C, R[0]>['length']>
    : false;
type UriOf<H> = H extends { readonly schema: plowtype.SchemaUri<infer U> } ? U : never;
/** The URI of the first context whose schema is not one of \`U\`, else never. */
type Outside<C extends readonly unknown[], U> = C extends readonly [infer H, ...infer R]
  ? H extends { schema: U } ? Outside<R, U> : UriOf<H>
  : C extends readonly (infer H)[]
    ? H extends { schema: U } ? never : UriOf<H>
    : never;
type CheckRules<C extends readonly unknown[], Rules extends readonly Rule[]> = Rules extends readonly [
  infer R extends Rule,
  ...infer Rest extends readonly Rule[],
]
  ? Fits<C, R> extends true
    ? CheckRules<C, Rest>
    : \`Contexts break the event specification: \${R[3]}\`
  : unknown;

/**
 * \`unknown\` when the contexts keep the specification, else a message naming what they break: a schema not
 * among \`U\` (the allowed ones), or the first rule.
 */
export type CheckContexts<C extends readonly unknown[], Rules extends readonly Rule[], U = string> = [
  Outside<C, U>,
] extends [never]
  ? CheckRules<C, Rules>
  : \`Contexts break the event specification: \${Outside<C, U>} is not allowed\`;

/** The data type of a track function with an event specification: when no contexts are given, it names the rule they break. */
export type SpecData<T, C extends readonly unknown[], Rules extends readonly Rule[]> = C extends Omitted
  ? T & CheckContexts<[], Rules>
  : T;

/** Options of a track function with an event specification: a message naming the rule when the contexts break one. */
export type SpecOptions<C extends readonly unknown[], Rules extends readonly Rule[], U = string> = Omit<
  TrackOptions,
  'context'
> & { context?: CheckContexts<C, Rules, U> extends string ? CheckContexts<C, Rules, U> : C };

/** An error of a precompiled validator (the subset of ajv's ErrorObject used here). */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** A validator precompiled at generation time: true when valid, else \`errors\` says why. */
export interface Validator {
  (data: unknown): boolean;
  errors?: readonly ValidatorError[] | null;
}

/** Appends a validator's error (validators call it for every broken rule). */
export function pushError(
  list: ValidatorError[] | null,
  instancePath: string,
  keyword: string,
  params: Record<string, unknown>,
): ValidatorError[] {
  const error = { instancePath, keyword, params };
  if (list === null) return [error];
  list.push(error);
  return list;
}

/** The words for one broken rule, from its keyword and parameters (validators carry no messages). */
export function ruleMessage(keyword: string, p: Record<string, unknown>): string {
  const more = (what: string) => \`must NOT have \${keyword.startsWith('max') ? 'more' : 'fewer'} than \${p.limit} \${what}\`;
  switch (keyword) {
    case 'required': return \`must have required property \${JSON.stringify(p.missingProperty)}\`;
    case 'additionalProperties': return \`must NOT have additional property \${JSON.stringify(p.additionalProperty)}\`;
    case 'type': return \`must be \${p.type}\`;
    case 'enum': return 'must be equal to one of the allowed values';
    case 'const': return 'must be equal to constant';
    case 'maxLength': case 'minLength': return more('characters');
    case 'maxItems': case 'minItems': case 'additionalItems': return more('items');
    case 'maxProperties': case 'minProperties': return more('properties');
    case 'pattern': return \`must match pattern \${JSON.stringify(p.pattern)}\`;
    case 'format': return \`must match format \${JSON.stringify(p.format)}\`;
    case 'maximum': case 'minimum': case 'exclusiveMaximum': case 'exclusiveMinimum': return \`must be \${p.comparison} \${p.limit}\`;
    case 'multipleOf': return \`must be multiple of \${p.multipleOf}\`;
    case 'uniqueItems': return \`must NOT have duplicate items (items ## \${p.j} and \${p.i} are identical)\`;
    case 'dependencies': return \`must have property \${p.deps} when property \${p.property} is present\`;
    case 'anyOf': return 'must match a schema in anyOf';
    case 'oneOf': return 'must match exactly one schema in oneOf';
    case 'not': return 'must NOT be valid';
    case 'false schema': return 'boolean schema is false';
    default: return \`must pass "\${keyword}"\`;
  }
}

/** JSON pointers of NaN and ±Infinity anywhere in \`data\`: not JSON, and never silently sent as null. */
function nonFinite(data: unknown, pointer: string, found: string[]): string[] {
  if (typeof data === 'number') {
    if (!Number.isFinite(data)) found.push(pointer);
  } else if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i += 1) nonFinite(data[i], \`\${pointer}/\${i}\`, found);
  } else if (data !== null && typeof data === 'object') {
    for (const key of Object.keys(data)) {
      nonFinite((data as Record<string, unknown>)[key], \`\${pointer}/\${key.replaceAll('~', '~0').replaceAll('/', '~1')}\`, found);
    }
  }
  return found;
}

const entityValidators = new WeakMap<object, Validator>();

/** Builds a context entity and remembers its validator, so a track call can check it in its mode. */
export function entity<U extends string, D>(
  schema: plowtype.SchemaUri<U>,
  data: D,
  validate: Validator | undefined,
): plowtype.Entity<D, U> {
  const built = { schema, data };
  if (validate !== undefined) entityValidators.set(built, validate);
  return built;
}

/** \`/a/0/b~1c\` → \`$.a[0]["b/c"]\`. */
export function jsonPath(pointer: string): string {
  let path = '$';
  for (const token of pointer.split('/').slice(1)) {
    const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
    if (/^(0|[1-9][0-9]*)$/.test(key)) path += \`[\${key}]\`;
    else path += /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? \`.\${key}\` : \`[\${JSON.stringify(key)}]\`;
  }
  return path;
}

function check(
  tracker: plowtype.Tracker,
  mode: plowtype.ValidationMode,
  schema: string,
  data: unknown,
  validate: Validator,
): void {
  const valid = validate(data);
  const violations = (valid ? [] : (validate.errors ?? [])).map((e) => ({
    path: jsonPath(e.instancePath),
    rule: e.keyword,
    message: ruleMessage(e.keyword, e.params),
  }));
  // Where the schema says number, its type check rejects NaN and Infinity; elsewhere (untyped values) this does.
  for (const pointer of nonFinite(data, '', [])) {
    const path = jsonPath(pointer);
    if (!violations.some((v) => v.path === path)) {
      violations.push({ path, rule: 'finite', message: 'must be a finite number (NaN and Infinity are not JSON)' });
    }
  }
  if (violations.length === 0) return;
  const error = new ValidationError(schema, violations);
  if (mode === 'throw') throw error;
  tracker.logger.warn(error.message, { code: error.code, schema, violations });
}

/**
 * Validates (per the call's, else the tracker's, else the generated mode), then tracks \`{ schema, data }\` as
 * a self-describing event, and returns its event id.
 */
export function track(
  tracker: plowtype.Tracker,
  schema: plowtype.SchemaUri,
  data: unknown,
  validate: Validator | undefined,
  options: TrackOptions<readonly plowtype.SelfDescribingJson[]> | undefined,
): string {
  const { validation, ...eventOptions } = options ?? {};
  const mode = validation ?? tracker.validation ?? DEFAULT_VALIDATION;
  if (mode !== 'off') {
    if (validate !== undefined) check(tracker, mode, schema, data, validate);
    for (const context of eventOptions.context ?? []) {
      const validateContext = entityValidators.get(context);
      if (validateContext !== undefined) check(tracker, mode, context.schema, context.data, validateContext);
    }
  }
  tracker.trackSelfDescribing({ schema, data }, eventOptions);
  return tracker.lastEventId ?? '';
}

/** Length in Unicode code points, as JSON Schema counts \`maxLength\` (used by validators). */
export function ucs2length(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

/** Deep equality of JSON values (used by validators for \`uniqueItems\`). */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) => Object.hasOwn(b, key) && equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
`;
}
