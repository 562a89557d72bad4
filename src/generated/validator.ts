/**
 * What generated validators (ajv standalone code, precompiled by `plowtype generate`) call at run time,
 * and the words for the rules they report: they carry no messages of their own.
 */

/** An error of a precompiled validator (the subset of ajv's ErrorObject used here). */
export interface ValidatorError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** A validator precompiled at generation time: true when valid, else `errors` says why. */
export interface Validator {
  (data: unknown): boolean;
  errors?: readonly ValidatorError[] | null;
}

/**
 * The parameters of a rule that has one, from its value, by the rule's keyword: validators pass only the
 * value (`fail(path, "type", "string")` for ajv's `params: { type: "string" }`); the generator writes them
 * so. One literal per rule, so each rule's parameters keep one shape (a computed key cost the error path
 * twice the time).
 */
export const ONE_PARAM: Readonly<Record<string, (value: unknown) => Record<string, unknown>>> = {
  type: (type) => ({ type }),
  required: (missingProperty) => ({ missingProperty }),
  additionalProperties: (additionalProperty) => ({ additionalProperty }),
  maxLength: (limit) => ({ limit }),
  minLength: (limit) => ({ limit }),
  maxItems: (limit) => ({ limit }),
  minItems: (limit) => ({ limit }),
  maxProperties: (limit) => ({ limit }),
  minProperties: (limit) => ({ limit }),
  additionalItems: (limit) => ({ limit }),
  pattern: (pattern) => ({ pattern }),
  format: (format) => ({ format }),
  multipleOf: (multipleOf) => ({ multipleOf }),
};

/**
 * Appends a validator's error (validators call it for every broken rule): `params` is ajv's parameters
 * object, or for a rule of {@link ONE_PARAM} the value of its one parameter, or nothing (`enum`, `anyOf`).
 */
export function pushError(
  list: ValidatorError[] | null,
  instancePath: string,
  keyword: string,
  params: unknown = {},
): ValidatorError[] {
  const one = ONE_PARAM[keyword];
  const isParams = typeof params === 'object' && params !== null && !Array.isArray(params);
  const error = {
    instancePath,
    keyword,
    params: isParams || one === undefined ? (params as Record<string, unknown>) : one(params),
  };
  if (list === null) return [error];
  list.push(error);
  return list;
}

/** True when `data` has `key` as an own property whose value is not `undefined` (what validators read). */
export function has(data: object, key: string): boolean {
  return (data as Record<string, unknown>)[key] !== undefined && Object.hasOwn(data, key);
}

/** True for an object that is not an array (JSON Schema's `object`; validators check `null` apart). */
export function isObject(data: unknown): data is object {
  return typeof data === 'object' && data !== null && !Array.isArray(data);
}

/** The words for one broken rule, from its keyword and parameters (ajv's wording). */
export function ruleMessage(keyword: string, p: Record<string, unknown>): string {
  const more = (what: string) =>
    `must NOT have ${keyword.startsWith('max') ? 'more' : 'fewer'} than ${p.limit} ${what}`;
  switch (keyword) {
    case 'required':
      return `must have required property ${JSON.stringify(p.missingProperty)}`;
    case 'additionalProperties':
      return `must NOT have additional property ${JSON.stringify(p.additionalProperty)}`;
    case 'type':
      return `must be ${p.type}`;
    case 'enum':
      return 'must be equal to one of the allowed values';
    case 'const':
      return 'must be equal to constant';
    case 'maxLength':
    case 'minLength':
      return more('characters');
    case 'maxItems':
    case 'minItems':
    case 'additionalItems':
      return more('items');
    case 'maxProperties':
    case 'minProperties':
      return more('properties');
    case 'pattern':
      return `must match pattern ${JSON.stringify(p.pattern)}`;
    case 'format':
      return `must match format ${JSON.stringify(p.format)}`;
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return `must be ${p.comparison} ${p.limit}`;
    case 'multipleOf':
      return `must be multiple of ${p.multipleOf}`;
    case 'uniqueItems':
      return `must NOT have duplicate items (items ## ${p.j} and ${p.i} are identical)`;
    case 'dependencies':
      return `must have property ${p.deps} when property ${p.property} is present`;
    case 'anyOf':
      return 'must match a schema in anyOf';
    case 'oneOf':
      return 'must match exactly one schema in oneOf';
    case 'not':
      return 'must NOT be valid';
    case 'false schema':
      return 'boolean schema is false';
    default:
      return `must pass "${keyword}"`;
  }
}

/** Length in Unicode code points, as JSON Schema counts `maxLength` (used by validators). */
export function ucs2length(text: string): number {
  let length = 0;
  for (const _ of text) length += 1;
  return length;
}

/** Deep equality of JSON values (used by validators for `uniqueItems`). */
export function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (key) =>
      Object.hasOwn(b, key) &&
      equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}
