/**
 * SchemaVer across versions of one schema: within a MODEL, a REVISION or ADDITION bump must not remove or
 * retype a property, nor add a required one (the docs call each of these breaking: a new MODEL).
 */
import { isSchema, type JsonSchema, type LoadedSchema, own, pointerSegment } from 'plowtype/iglu';
import type { Severity } from './rules.js';
import { typesOf } from './rules.js';

interface PropInfo {
  /** The JSON types the property accepts: its `type`, else the kinds of its `enum` values, else any. */
  types: string[] | undefined;
  /** True when `types` comes from an `enum` (no `type` keyword). */
  fromEnum: boolean;
  required: boolean;
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** What a property accepts, as types: an enum of strings accepts only strings even without a `type`. */
function acceptedTypes(node: JsonSchema): { types: string[] | undefined; fromEnum: boolean } {
  const types = typesOf(node);
  const values = own(node, 'enum');
  if (types || !Array.isArray(values)) return { types, fromEnum: false };
  return { types: [...new Set(values.map(jsonKind))], fromEnum: true };
}

/** A change between two consecutive versions that needs a new MODEL. */
export interface BumpFinding {
  schema: LoadedSchema;
  pointer: string;
  severity: Severity;
  /** The rule name: the message. */
  rule: string;
  detail: string;
}

/** Every property reachable through `properties` (and object `items`), by JSON pointer. */
function properties(node: unknown, prefix: string, out: Map<string, PropInfo>): Map<string, PropInfo> {
  if (!isSchema(node)) return out;
  const props = own(node, 'properties');
  const required = own(node, 'required');
  if (isSchema(props)) {
    for (const [name, child] of Object.entries(props)) {
      if (!isSchema(child)) continue;
      const pointer = `${prefix}/properties/${pointerSegment(name)}`;
      out.set(pointer, {
        ...acceptedTypes(child),
        required: Array.isArray(required) && required.includes(name),
      });
      properties(child, pointer, out);
    }
  }
  const items = own(node, 'items');
  if (isSchema(items)) properties(items, `${prefix}/items`, out);
  return out;
}

/** True when every type the old version allowed is still allowed (an integer is a number). */
function covers(next: string[] | undefined, prev: string[] | undefined): boolean {
  if (next === undefined) return true;
  if (prev === undefined) return false;
  return prev.every((t) => next.includes(t) || (t === 'integer' && next.includes('number')));
}

const show = (types: string[] | undefined) => (types ? types.join('|') : 'any');

/** The rules of this check; each name is its message. */
export const BUMP_RULES = {
  removed: 'wrong bump: a property was removed',
  retyped: 'wrong bump: a property was retyped',
  required: 'wrong bump: a required property was added',
  enumTyped: 'not a retype: a type was added to an enum-only property',
} as const;

const nonNull = (types: string[]) =>
  types
    .filter((t) => t !== 'null')
    .sort()
    .join('|');

/**
 * A widened `type` (integer → number, string → string|object) still accepts every old value, but the docs'
 * bump table calls any type change breaking: the warehouse column's type changes with it, so it is a retype.
 */
function widened(old: PropInfo, now: PropInfo): boolean {
  return (
    !old.fromEnum &&
    old.types !== undefined &&
    now.types !== undefined &&
    nonNull(old.types) !== nonNull(now.types)
  );
}

/** The containing object of a property pointer: `''` for the root, else the pointer before `/properties/x`. */
function parentOf(pointer: string): string {
  return pointer.replace(/\/properties\/[^/]*$/, '');
}

/** True when old data could hold a value of `kind` at `pointer` (the root is always an object). */
function existed(before: ReadonlyMap<string, PropInfo>, pointer: string, kind = 'object'): boolean {
  if (pointer === '') return kind === 'object';
  if (pointer.endsWith('/items')) return existed(before, pointer.slice(0, -'/items'.length), 'array');
  const info = before.get(pointer);
  return info !== undefined && (info.types === undefined || info.types.includes(kind));
}

function compare(prev: LoadedSchema, next: LoadedSchema): BumpFinding[] {
  const kind = next.key.revision > prev.key.revision ? 'REVISION' : 'ADDITION';
  // ADDITION promises every historical event still validates; REVISION allows some not to, so it only warns.
  const severity: Severity = kind === 'ADDITION' ? 'error' : 'warning';
  const bump = `${prev.key.version} → ${next.key.version} is ${kind === 'ADDITION' ? 'an' : 'a'} ${kind}; this needs a new MODEL`;
  const before = properties(prev.schema, '', new Map());
  const after = properties(next.schema, '', new Map());
  const findings: BumpFinding[] = [];
  const add = (pointer: string, rule: string, what: string) =>
    findings.push({ schema: next, pointer, severity, rule, detail: `${what}; ${bump}` });
  for (const [pointer, old] of before) {
    const now = after.get(pointer);
    if (!now) {
      add(pointer, BUMP_RULES.removed, 'gone');
      continue;
    }
    if (!covers(now.types, old.types))
      add(pointer, BUMP_RULES.retyped, `${show(old.types)} became ${show(now.types)}`);
    else if (widened(old, now))
      add(
        pointer,
        BUMP_RULES.retyped,
        `${show(old.types)} became ${show(now.types)}, widened: old data still validates, but the column type changes`,
      );
    else if (old.fromEnum && !now.fromEnum) {
      // An enum of strings already typed its values: adding `type: string` changes nothing stored; said as info.
      const detail = `enum of ${show(old.types)}, type ${show(now.types)}`;
      findings.push({ schema: next, pointer, severity: 'info', rule: BUMP_RULES.enumTyped, detail });
    }
    if (now.required && !old.required && existed(before, parentOf(pointer))) {
      add(pointer, BUMP_RULES.required, 'optional became required');
    }
  }
  // A required property of an object old data could not hold (a new property, or a new object form) breaks nothing.
  for (const [pointer, now] of after) {
    if (now.required && !before.has(pointer) && existed(before, parentOf(pointer))) {
      add(pointer, BUMP_RULES.required, 'new and required');
    }
  }
  return findings;
}

/** Compares each version with the previous one of the same MODEL, for every schema. */
export function checkBumps(schemas: readonly LoadedSchema[]): BumpFinding[] {
  const byModel = new Map<string, LoadedSchema[]>();
  for (const s of schemas) {
    const id = `${s.key.vendor}/${s.key.name}/${s.key.format}/${s.key.model}`;
    byModel.set(id, [...(byModel.get(id) ?? []), s]);
  }
  const findings: BumpFinding[] = [];
  for (const versions of byModel.values()) {
    versions.sort((a, b) => a.key.revision - b.key.revision || a.key.addition - b.key.addition);
    for (let i = 1; i < versions.length; i++)
      findings.push(...compare(versions[i - 1] as LoadedSchema, versions[i] as LoadedSchema));
  }
  return findings;
}
