import { ContractError } from './errors.js';

/*
 * Argument checks (seed section 6). Each check is a plain function that returns nothing on success and
 * throws a ContractError naming the method, the argument, what was expected and what was got. They run on
 * the hot path, so they allocate nothing unless they fail.
 */

let enabled = true;

/** Turns every argument check off, for speed (as the seed's `disable_contracts()`). */
export function disableContracts(): void {
  enabled = false;
}

/** Turns argument checks back on (the default). */
export function enableContracts(): void {
  enabled = true;
}

/** True unless {@link disableContracts} was called. */
export function contractsEnabled(): boolean {
  return enabled;
}

const MAX_SHOWN = 40;

/** A short description of a value for error messages: its type and, for primitives, the value. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string': {
      if (value.length === 0) return 'an empty string';
      const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}...` : value;
      return `string ${JSON.stringify(shown)}`;
    }
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`;
    case 'bigint':
      return `bigint ${String(value)}n`;
    case 'object':
      return describeObject(value);
    default:
      return `a ${typeof value}`;
  }
}

/** `an object`, or `an instance of <class>`; a hostile object (throwing proxy or getter) stays `an object`. */
function describeObject(value: object): string {
  try {
    const proto: unknown = Object.getPrototypeOf(value);
    const ctor = (proto as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return proto === null || proto === Object.prototype || typeof ctor !== 'string' || ctor === ''
      ? 'an object'
      : `an instance of ${ctor}`;
  } catch {
    return 'an object';
  }
}

/** Throws the ContractError for a breach. */
export function breach(method: string, argument: string, expected: string, value: unknown): never {
  throw new ContractError(method, argument, expected, describeValue(value));
}

/** A string with at least one character. */
export const isNonEmptyString = (value: unknown): boolean => typeof value === 'string' && value.length > 0;
/** Absent, null, or a string (empty strings are left out of the payload). */
export const isOptionalString = (value: unknown): boolean => value == null || typeof value === 'string';
/** A number that is neither NaN nor infinite. */
export const isFiniteNumber = (value: unknown): boolean =>
  typeof value === 'number' && Number.isFinite(value);
/** A safe integer. */
export const isInteger = (value: unknown): boolean =>
  typeof value === 'number' && Number.isSafeInteger(value);

/** Breach unless `value` is a non-empty string. */
export function checkNonEmptyString(method: string, argument: string, value: unknown): void {
  if (!isNonEmptyString(value)) breach(method, argument, 'a non-empty string', value);
}

/** Breach unless `value` is absent, null or a string. */
export function checkOptionalString(method: string, argument: string, value: unknown): void {
  if (!isOptionalString(value)) breach(method, argument, 'a string', value);
}

/** Breach unless `value` is a safe integer above 0. */
export function checkPositiveInteger(method: string, argument: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    breach(method, argument, 'a positive integer', value);
  }
}

/** Breach unless `value` is a safe integer. */
export function checkInteger(method: string, argument: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value))
    breach(method, argument, 'an integer', value);
}

/** Breach unless `value` is a finite number. */
export function checkFiniteNumber(method: string, argument: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value))
    breach(method, argument, 'a finite number', value);
}

/** Breach unless `value` is absent, null or a finite number. */
export function checkOptionalNumber(method: string, argument: string, value: unknown): void {
  if (value != null && (typeof value !== 'number' || !Number.isFinite(value))) {
    breach(method, argument, 'a finite number', value);
  }
}

/** A non-null object that is not an array. */
export function checkObject(method: string, argument: string, value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    breach(method, argument, 'an object', value);
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_V4_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** True for a UUID (8-4-4-4-12 hex digits, any version). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

/** Breach unless `value` is a UUID (8-4-4-4-12 hex digits, any version). */
export function checkUuid(method: string, argument: string, value: unknown): void {
  if (!isUuid(value)) breach(method, argument, 'a UUID', value);
}

/** Breach unless `value` is a version 4 UUID. */
export function checkUuidV4(method: string, argument: string, value: unknown): void {
  if (typeof value !== 'string' || !UUID_V4_PATTERN.test(value)) breach(method, argument, 'a UUID v4', value);
}
