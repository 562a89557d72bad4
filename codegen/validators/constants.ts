/**
 * ajv's standalone code keeps a whole (sub-)schema as a constant, `const schema3 = {...}`, wherever an
 * error parameter or an `additionalProperties` check reads a piece of it: often the module's largest
 * line, a copy of the schema kept for a list of names or a type. Here each such read becomes what it reads:
 * a literal in the error's parameters, a set of the property names in the check. The enum's
 * `allowedValues` goes (no message reads it: the runtime words enum errors without it). A constant nothing
 * reads any more is then dropped by the module's tidy step.
 */

import { type Masked, TOKEN } from './masked.js';

/** A read of a schema constant: `schema3.properties["a-b"].items.anyOf[0].type`. */
const SCHEMA_READ = new RegExp(
  String.raw`(?<![.\w$])(schema\d+)((?:\.[A-Za-z_$][\w$]*|\[\d+\]|\[${TOKEN}\])*)`,
  'g',
);
const STEP = new RegExp(String.raw`\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[(${TOKEN})\]`, 'g');
const CONSTANT = /^const (schema\d+) = (\{.*\});$/gm;
const ALLOWED_VALUES = /(, "enum", )\{allowedValues: [^\n]*\}\);$/gm;
/** ajv's check that a key is a declared property, through `Object.prototype.hasOwnProperty`. */
const IS_PROPERTY = (own: string) =>
  new RegExp(
    String.raw`\b${own}\.call\((schema\d+(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\[${TOKEN}\])*), (key\d+)\)`,
    'g',
  );

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function read(constants: Map<string, Json>, name: string, path: string, m: Masked): Json | undefined {
  let value: Json | undefined = constants.get(name);
  for (const [, prop, index, quoted] of path.matchAll(STEP)) {
    if (value === null || typeof value !== 'object') return undefined;
    const key = prop ?? index ?? (JSON.parse(m.literal(quoted as string)) as string);
    value = Object.hasOwn(value, key) ? (value as Record<string, Json>)[key] : undefined;
  }
  return value;
}

/**
 * The code with reads of schema constants replaced: in error parameters by the value read, in property
 * checks by a set of the names (`props0.has(key0)`), declared once per set.
 */
export function inlineSchemaReads(code: string, m: Masked, hasOwnName: string | undefined): string {
  const constants = new Map<string, Json>();
  for (const [, name, json] of code.matchAll(CONSTANT)) {
    constants.set(name as string, JSON.parse(m.unmask(json as string)));
  }
  if (constants.size === 0) return code;
  let out = code.replace(ALLOWED_VALUES, '$1{});');
  const sets = new Map<string, string>();
  if (hasOwnName !== undefined) {
    out = out.replace(IS_PROPERTY(hasOwnName), (whole, expr: string, key: string) => {
      const [, name = '', path = ''] = /^(schema\d+)(.*)$/s.exec(expr) ?? [];
      const value = read(constants, name, path, m);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return whole;
      // In masked code: the names' literals are not tokens (tidy and unmask leave them as they are).
      const names = JSON.stringify(Object.keys(value));
      let set = sets.get(names);
      if (set === undefined) {
        set = `props${sets.size}`;
        sets.set(names, set);
      }
      return `${set}.has(${key})`;
    });
  }
  out = out.replace(/^fail\(.*\);$/gm, (line) =>
    line.replace(SCHEMA_READ, (whole, name: string, path: string) => {
      const value = read(constants, name, path, m);
      return value === undefined ? whole : JSON.stringify(value);
    }),
  );
  if (sets.size === 0) return out;
  out = out.replace(/!\((props\d+\.has\(key\d+\))\)/g, '!$1');
  const declarations = [...sets].map(([names, set]) => `const ${set} = new Set(${names});`);
  // Before the first function, after the module's other constants.
  const at = out.search(/^function /m);
  return at < 0 ? out : `${out.slice(0, at)}${declarations.join('\n')}\n${out.slice(at)}`;
}
