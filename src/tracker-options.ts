import { describeValue } from './contracts.js';
import { ConfigError } from './errors.js';
import { defaultLogger, isLogger, type Logger } from './logger.js';
import { checkKnownKeys, optionKeys } from './option-keys.js';
import { Subject } from './subject.js';
import type { EmitterLike } from './types.js';

/** How generated track functions validate data against its schema at runtime. */
export type ValidationMode = 'throw' | 'warn' | 'off';

const VALIDATION_MODES: readonly ValidationMode[] = ['throw', 'warn', 'off'];

/** Options of `new Tracker()`. */
export interface TrackerOptions {
  /** Where payloads go: one emitter or a non-empty array of them. */
  emitters: EmitterLike | readonly EmitterLike[];
  /** The user events are about. @default a new Subject with nothing set */
  subject?: Subject | undefined;
  /** Tracker namespace (`tna`), to tell trackers apart. @default none (left out) */
  namespace?: string | undefined;
  /** Application id (`aid`). @default none (left out) */
  appId?: string | undefined;
  /** Base64 the JSON of events and contexts (`ue_px`, `cx`) rather than sending it raw (`ue_pr`, `co`). @default true */
  encodeBase64?: boolean | undefined;
  /** Check the arguments of every track call; false skips the checks for speed. @default true */
  contracts?: boolean | undefined;
  /** Runtime schema validation of generated track functions. @default undefined (the generated default) */
  validation?: ValidationMode | undefined;
  /** Where the tracker logs. @default defaultLogger (see setDefaultLogger, setLogLevel) */
  logger?: Logger | undefined;
}

/** TrackerOptions with every default applied. */
export interface ResolvedTrackerOptions {
  emitters: EmitterLike[];
  subject: Subject;
  namespace: string | undefined;
  appId: string | undefined;
  encodeBase64: boolean;
  contracts: boolean;
  validation: ValidationMode | undefined;
  logger: Logger;
}

function invalid(option: string, expected: string, value: unknown): never {
  throw new ConfigError(
    `Invalid tracker options: ${option} must be ${expected}, got ${describeValue(value)}`,
  );
}

/** True for anything with an `input` method: the whole emitter contract (seed section 5.7). */
export function isEmitter(value: unknown): value is EmitterLike {
  return typeof value === 'object' && value !== null && typeof (value as EmitterLike).input === 'function';
}

function resolveEmitters(value: unknown): EmitterLike[] {
  if (isEmitter(value)) return [value];
  if (!Array.isArray(value) || value.length === 0) {
    invalid('emitters', 'an emitter (an object with input()) or a non-empty array of emitters', value);
  }
  value.forEach((e: unknown, i) => {
    if (!isEmitter(e)) invalid(`emitters[${i}]`, 'an emitter (an object with input())', e);
  });
  return [...(value as EmitterLike[])];
}

function optionalString(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') invalid(option, 'a non-empty string', value);
  return value;
}

function optionalBoolean(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') invalid(option, 'a boolean', value);
  return value;
}

const TRACKER_OPTION_KEYS = optionKeys<TrackerOptions>({
  emitters: true,
  subject: true,
  namespace: true,
  appId: true,
  encodeBase64: true,
  contracts: true,
  validation: true,
  logger: true,
});

/** Checks the options and applies the defaults; a bad option throws a ConfigError naming it. */
export function resolveTrackerOptions(options: TrackerOptions): ResolvedTrackerOptions {
  if (typeof options !== 'object' || options === null) invalid('options', 'an object', options);
  checkKnownKeys('Tracker', options, TRACKER_OPTION_KEYS);
  const { subject, validation, logger } = options;
  if (subject !== undefined && !(subject instanceof Subject)) invalid('subject', 'a Subject', subject);
  if (validation !== undefined && !VALIDATION_MODES.includes(validation)) {
    invalid('validation', `one of ${VALIDATION_MODES.join(', ')}`, validation);
  }
  if (logger !== undefined && !isLogger(logger)) {
    invalid('logger', 'an object with debug, info, warn and error methods', logger);
  }
  return {
    emitters: resolveEmitters(options.emitters),
    subject: subject ?? new Subject(),
    namespace: optionalString('namespace', options.namespace),
    appId: optionalString('appId', options.appId),
    encodeBase64: optionalBoolean('encodeBase64', options.encodeBase64, true),
    contracts: optionalBoolean('contracts', options.contracts, true),
    validation,
    logger: logger ?? defaultLogger,
  };
}
