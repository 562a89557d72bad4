/**
 * Stable error codes. Each code is a literal that is never renamed or reused; guards compare `code`,
 * so they keep working when two copies of the package are loaded.
 *
 * - `SP_ERR_CONTRACT`: a public method was called with an argument that breaks its contract.
 * - `SP_ERR_CONFIG`: an options object given to a constructor or the CLI is invalid, or an optional peer
 *   dependency an entry point needs (ioredis, bullmq, pg) is not installed.
 * - `SP_ERR_SCHEMA`: a schema file or registry could not be read, or is not a valid Iglu schema.
 * - `SP_ERR_VALIDATION`: event or context data breaks a rule of its schema (runtime validators).
 * - `SP_ERR_HTTP_STATUS`: a collector answered with a non-2xx status.
 * - `SP_ERR_NETWORK`: a request could not be made or was cut off.
 * - `SP_ERR_TIMEOUT`: a request or a close did not finish in time.
 * - `SP_ERR_STORE_FULL`: an event was refused because the emitter's store is full.
 * - `SP_ERR_TOO_LARGE`: an event is larger than the biggest request an emitter may send.
 * - `SP_ERR_STORE`: an emitter's store threw while taking an event; the event is reported, not kept.
 * - `SP_ERR_REDIS`: Redis answered a command with an error (WRONGTYPE, OOM, READONLY...).
 */
export type ErrorCode =
  | 'SP_ERR_CONTRACT'
  | 'SP_ERR_CONFIG'
  | 'SP_ERR_SCHEMA'
  | 'SP_ERR_VALIDATION'
  | 'SP_ERR_HTTP_STATUS'
  | 'SP_ERR_NETWORK'
  | 'SP_ERR_TIMEOUT'
  | 'SP_ERR_STORE_FULL'
  | 'SP_ERR_TOO_LARGE'
  | 'SP_ERR_STORE'
  | 'SP_ERR_REDIS';

/** Base class of every error plowtype throws or reports. */
export class TrackerError extends Error {
  override name = 'TrackerError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** True when `error` is a plowtype error with the given code (works across package copies). */
export function isTrackerError(error: unknown, code?: ErrorCode): error is TrackerError {
  if (typeof error !== 'object' || error === null) return false;
  const found = (error as { code?: unknown }).code;
  return typeof found === 'string' && found.startsWith('SP_ERR_') && (code === undefined || found === code);
}

/**
 * A public method was called with an argument that breaks its contract (code `SP_ERR_CONTRACT`).
 * The message reads `Contract breach in <method>: <argument> expected <expected>, got <got>`.
 */
export class ContractError extends TrackerError {
  override name = 'ContractError' as const;
  constructor(
    /** The method, e.g. `Tracker.trackPageView`. */
    readonly method: string,
    /** The argument or field path, e.g. `pageUrl` or `context[1].schema`. */
    readonly argument: string,
    /** What the contract asks for, e.g. `a non-empty string`. */
    readonly expected: string,
    /** A short description of the value received, e.g. `number 42`. */
    readonly got: string,
    options?: { cause?: unknown },
  ) {
    super(
      'SP_ERR_CONTRACT',
      `Contract breach in ${method}: ${argument} expected ${expected}, got ${got}`,
      options,
    );
  }
}

/** One rule of a schema that data breaks. `path` is a JSON path such as `$.save_id`. */
export interface SchemaViolation {
  path: string;
  rule: string;
  message: string;
}

/**
 * Event or entity data breaks its schema (code `SP_ERR_VALIDATION`). Every violation is listed; the message
 * reads `Validation failed for <schema>: <path> <message>; ...`.
 */
export class ValidationError extends TrackerError {
  override name = 'ValidationError' as const;
  constructor(
    /** The Iglu URI of the schema the data was checked against. */
    readonly schema: string,
    readonly violations: readonly SchemaViolation[],
    options?: { cause?: unknown },
  ) {
    const detail = violations.map((v) => `${v.path} ${v.message}`).join('; ');
    super('SP_ERR_VALIDATION', `Validation failed for ${schema}: ${detail}`, options);
  }
}

/** An options object given to a constructor is invalid (code `SP_ERR_CONFIG`); thrown at construction. */
export class ConfigError extends TrackerError {
  override name = 'ConfigError' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super('SP_ERR_CONFIG', message, options);
  }
}
