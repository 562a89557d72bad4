/**
 * The track call and context builder of generated code: validation in the call's, the tracker's or the
 * generated folder's mode (`throw`, `warn`, `off`), then the self-describing event.
 */
import { ValidationError } from '../errors.js';
import { jsonPath } from '../json-path.js';
import type { SchemaUri } from '../schema-uri.js';
import type { Tracker } from '../tracker.js';
import type { ValidationMode } from '../tracker-options.js';
import type { Entity, SelfDescribingJson } from '../types.js';
import type { TrackOptions } from './contexts.js';
import { ruleMessage, type Validator } from './validator.js';

/** JSON pointers of NaN and ±Infinity anywhere in `data`: not JSON, and never silently sent as null. */
function nonFinite(data: unknown, pointer: string, found: string[]): string[] {
  if (typeof data === 'number') {
    if (!Number.isFinite(data)) found.push(pointer);
  } else if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i += 1) nonFinite(data[i], `${pointer}/${i}`, found);
  } else if (data !== null && typeof data === 'object') {
    for (const key of Object.keys(data)) {
      const segment = key.replaceAll('~', '~0').replaceAll('/', '~1');
      nonFinite((data as Record<string, unknown>)[key], `${pointer}/${segment}`, found);
    }
  }
  return found;
}

const entityValidators = new WeakMap<object, Validator>();

/** Builds a context entity and remembers its validator, so a track call can check it in its mode. */
export function entity<U extends string, D>(
  schema: SchemaUri<U>,
  data: D,
  validate: Validator | undefined,
): Entity<D, U> {
  const built = { schema, data };
  if (validate !== undefined) entityValidators.set(built, validate);
  return built;
}

function check(
  tracker: Tracker,
  mode: ValidationMode,
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
      violations.push({
        path,
        rule: 'finite',
        message: 'must be a finite number (NaN and Infinity are not JSON)',
      });
    }
  }
  if (violations.length === 0) return;
  const error = new ValidationError(schema, violations);
  if (mode === 'throw') throw error;
  tracker.logger.warn(error.message, { code: error.code, schema, violations });
}

/** A generated folder's track function: it validates, tracks `{ schema, data }` and returns the event id. */
export type TrackFunction = (
  tracker: Tracker,
  schema: SchemaUri,
  data: unknown,
  validate: Validator | undefined,
  options: TrackOptions<readonly SelfDescribingJson[]> | undefined,
) => string;

/**
 * The track function of a generated folder whose config says `defaultMode`: it validates in the call's
 * mode, else the tracker's, else `defaultMode`, then tracks the self-describing event.
 */
export function createTrack(defaultMode: ValidationMode): TrackFunction {
  return (tracker, schema, data, validate, options) => {
    const { validation, ...eventOptions } = options ?? {};
    const mode = validation ?? tracker.validation ?? defaultMode;
    if (mode !== 'off') {
      if (validate !== undefined) check(tracker, mode, schema, data, validate);
      for (const context of eventOptions.context ?? []) {
        const validateContext = entityValidators.get(context);
        if (validateContext !== undefined)
          check(tracker, mode, context.schema, context.data, validateContext);
      }
    }
    tracker.trackSelfDescribing({ schema, data }, eventOptions);
    return tracker.lastEventId ?? '';
  };
}
