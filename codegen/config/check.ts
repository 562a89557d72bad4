/**
 * The strict shape of `plowtype.config.json`. Every violation is collected as `<key path>: expected X, got Y`
 * (`events[0].contexts[1].min: expected a non-negative integer, got "x"`), and unknown keys are errors.
 */

import { IGLU_URI_PATTERN, own, parseInclude } from 'plowtype/iglu';
import { ALIAS_PATTERN } from '../names.js';
import type { ContextRule, EventSpec, ValidationDefault } from '../options.js';

/** What `plowtype.config.json` may hold; every key is optional, CLI flags override. */
export interface PlowtypeConfig {
  /** Registry directories (relative to the config file) or Iglu HTTP registry URLs, searched in order. */
  registries?: string[];
  /** Iglu URIs to include, `*` allowed per segment. */
  include?: string[];
  /** Iglu URIs to leave out (after `include`), `*` allowed per segment: e.g. a schema with a bad SchemaVer. */
  exclude?: string[];
  /** Let a `$ref` outside the schema through, typed as any JSON value and not checked. @default false */
  allowExternalRefs?: boolean;
  /** Output folder, relative to the config file. */
  out?: string;
  /** `vendor/name` or a full Iglu URI → the PascalCase name to use. */
  aliases?: Record<string, string>;
  events?: EventSpec[];
  validation?: ValidationDefault;
}

const VENDOR_NAME = /^[a-zA-Z0-9\-_.]+\/[a-zA-Z0-9\-_]+$/;
const MODES: readonly ValidationDefault[] = ['throw', 'warn', 'off'];
const URI_OR_PATTERN = 'an Iglu URI (iglu:VENDOR/NAME/FORMAT/M-R-A, * allowed per part)';

/** Renders a value for a message: strings and numbers as JSON, containers by kind, absence as `nothing`. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

type Problems = string[];

function expectObject(
  value: unknown,
  path: string,
  keys: readonly string[],
  problems: Problems,
): value is object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${path}: expected an object, got ${show(value)}`);
    return false;
  }
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) problems.push(`${keyPath(path, key)}: unknown key (known: ${keys.join(', ')})`);
  }
  return true;
}

/** `events[0].min`, `aliases["com.acme/x"]`: a key appended to a path the way a reader writes it. */
function keyPath(path: string, key: string): string {
  const part = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  return path === '' ? part : /^[A-Za-z_$]/.test(part) ? `${path}.${part}` : `${path}[${part}]`;
}

function stringList(
  value: unknown,
  path: string,
  problems: Problems,
  item: (s: string) => boolean,
  what: string,
) {
  if (!Array.isArray(value))
    return void problems.push(`${path}: expected an array of strings, got ${show(value)}`);
  value.forEach((v, i) => {
    if (typeof v !== 'string' || !item(v)) problems.push(`${path}[${i}]: expected ${what}, got ${show(v)}`);
  });
}

const isUriOrPattern = (s: string): boolean => typeof parseInclude(s) !== 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

function checkRule(rule: unknown, path: string, problems: Problems): void {
  if (!expectObject(rule, path, ['schema', 'min', 'max'], problems)) return;
  const schema = own(rule, 'schema');
  if (typeof schema !== 'string' || !(isUriOrPattern(schema) || VENDOR_NAME.test(schema))) {
    problems.push(`${path}.schema: expected ${URI_OR_PATTERN} or VENDOR/NAME, got ${show(schema)}`);
  }
  const min = own(rule, 'min');
  const max = own(rule, 'max');
  if (min !== undefined && !isCount(min))
    problems.push(`${path}.min: expected a non-negative integer, got ${show(min)}`);
  if (max !== undefined && !isCount(max))
    problems.push(`${path}.max: expected a non-negative integer, got ${show(max)}`);
  else if (isCount(max) && isCount(min) && max < min) {
    problems.push(`${path}.max: expected a non-negative integer not below min (${min}), got ${max}`);
  }
}

function checkEvent(spec: unknown, path: string, problems: Problems): void {
  if (!expectObject(spec, path, ['event', 'contexts', 'allowOthers'], problems)) return;
  const event = own(spec, 'event');
  if (typeof event !== 'string' || !isUriOrPattern(event))
    problems.push(`${path}.event: expected ${URI_OR_PATTERN}, got ${show(event)}`);
  const contexts = own(spec, 'contexts');
  if (!Array.isArray(contexts))
    problems.push(`${path}.contexts: expected an array of context rules, got ${show(contexts)}`);
  else for (const [i, rule] of contexts.entries()) checkRule(rule, `${path}.contexts[${i}]`, problems);
  const allowOthers = own(spec, 'allowOthers');
  if (allowOthers !== undefined && typeof allowOthers !== 'boolean') {
    problems.push(`${path}.allowOthers: expected true or false, got ${show(allowOthers)}`);
  }
}

function checkAliases(aliases: unknown, problems: Problems): void {
  if (typeof aliases !== 'object' || aliases === null || Array.isArray(aliases)) {
    problems.push(`aliases: expected an object, got ${show(aliases)}`);
    return;
  }
  for (const [key, name] of Object.entries(aliases)) {
    const path = keyPath('aliases', key);
    if (!VENDOR_NAME.test(key) && !IGLU_URI_PATTERN.test(key)) {
      problems.push(`${path}: expected the key to be VENDOR/NAME or a full Iglu URI`);
    }
    if (typeof name !== 'string' || !ALIAS_PATTERN.test(name))
      problems.push(`${path}: expected a PascalCase name, got ${show(name)}`);
  }
}

const KEYS = [
  '$schema',
  'registries',
  'include',
  'exclude',
  'out',
  'aliases',
  'events',
  'validation',
  'allowExternalRefs',
] as const;

/** Checks a parsed config; returns every problem as `<key path>: <what is wrong>` (empty when valid). */
export function checkConfig(value: unknown): string[] {
  const problems: Problems = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`expected an object, got ${show(value)}`];
  }
  expectObject(value, '', KEYS, problems);
  const field = (key: string) => own(value, key);
  if (field('$schema') !== undefined && typeof field('$schema') !== 'string') {
    problems.push(`$schema: expected a string, got ${show(field('$schema'))}`);
  }
  const nonEmpty = (s: string) => s.trim() !== '';
  if (field('registries') !== undefined)
    stringList(field('registries'), 'registries', problems, nonEmpty, 'a non-empty string');
  if (field('include') !== undefined)
    stringList(field('include'), 'include', problems, isUriOrPattern, URI_OR_PATTERN);
  if (field('exclude') !== undefined)
    stringList(field('exclude'), 'exclude', problems, isUriOrPattern, URI_OR_PATTERN);
  const allow = field('allowExternalRefs');
  if (allow !== undefined && typeof allow !== 'boolean')
    problems.push(`allowExternalRefs: expected true or false, got ${show(allow)}`);
  const out = field('out');
  if (out !== undefined && (typeof out !== 'string' || !nonEmpty(out)))
    problems.push(`out: expected a non-empty string, got ${show(out)}`);
  if (field('aliases') !== undefined) checkAliases(field('aliases'), problems);
  const events = field('events');
  if (events !== undefined) {
    if (!Array.isArray(events))
      problems.push(`events: expected an array of event specifications, got ${show(events)}`);
    else for (const [i, spec] of events.entries()) checkEvent(spec, `events[${i}]`, problems);
  }
  const mode = field('validation');
  if (mode !== undefined && !MODES.includes(mode as ValidationDefault)) {
    problems.push(`validation: expected one of "throw", "warn", "off", got ${show(mode)}`);
  }
  return problems;
}

/** The checked config as a typed object built from own keys only (never merged onto a shared prototype). */
export function toConfig(value: object): PlowtypeConfig {
  const config: PlowtypeConfig = {};
  const field = (key: string) => own(value, key);
  if (field('registries') !== undefined) config.registries = [...(field('registries') as string[])];
  if (field('include') !== undefined) config.include = [...(field('include') as string[])];
  if (field('exclude') !== undefined) config.exclude = [...(field('exclude') as string[])];
  if (field('allowExternalRefs') !== undefined)
    config.allowExternalRefs = field('allowExternalRefs') as boolean;
  if (field('out') !== undefined) config.out = field('out') as string;
  if (field('aliases') !== undefined)
    config.aliases = Object.fromEntries(Object.entries(field('aliases') as object));
  if (field('events') !== undefined)
    config.events = (field('events') as unknown[]).map((e) => toEvent(e as object));
  if (field('validation') !== undefined) config.validation = field('validation') as ValidationDefault;
  return config;
}

function toEvent(spec: object): EventSpec {
  const rules = own(spec, 'contexts') as object[];
  const event: EventSpec = { event: own(spec, 'event') as string, contexts: rules.map(toRule) };
  const allowOthers = own(spec, 'allowOthers');
  if (allowOthers !== undefined) event.allowOthers = allowOthers as boolean;
  return event;
}

function toRule(rule: object): ContextRule {
  const out: ContextRule = { schema: own(rule, 'schema') as string };
  const min = own(rule, 'min');
  const max = own(rule, 'max');
  if (min !== undefined) out.min = min as number;
  if (max !== undefined) out.max = max as number;
  return out;
}
