/**
 * ajv spells a few checks out in full at every use; each becomes the call that says the same, in the
 * language or the runtime (`has`, `isObject`, from the generated folder's `_runtime.ts`). They run on masked
 * code (masked.ts): a match is always ajv's code, never a name or a value from the schema.
 */
import { TOKEN } from './masked.js';

/** A data variable of ajv's code. */
const DATA = String.raw`data\d*`;
/** A property read: `.name` or `[literal]`. */
const PROP = String.raw`(?:\.[A-Za-z_$][\w$]*|\[${TOKEN}\])`;
/** A string literal in masked code: a token, or a literal of lowercase letters (masked.ts). */
const LITERAL = String.raw`(?:${TOKEN}|"[a-z]*")`;

/** One rewrite: what ajv writes (given the name of its `hasOwnProperty` constant) and what it becomes. */
interface Idiom {
  name: string;
  pattern: (own: string) => RegExp;
  replacement: string;
}

const rx = (source: string) => new RegExp(source, 'gm');

/** In this order: the integer check holds the number check's words. */
export const IDIOMS: readonly Idiom[] = [
  {
    name: 'own property present',
    pattern: (own) =>
      rx(String.raw`(?<![.\w$])(${DATA})${PROP} !== undefined && ${own}\.call\(\1, (${LITERAL})\)`),
    replacement: 'has($1, $2)',
  },
  {
    name: 'required property missing',
    pattern: (own) =>
      rx(String.raw`\(\b(${DATA})${PROP} === undefined\) \|\| \(!\(${own}\.call\(\1, (${LITERAL})\)\)\)`),
    replacement: '!has($1, $2)',
  },
  {
    name: 'integer',
    pattern: () =>
      rx(
        String.raw`\(\(typeof (${DATA}) == "number"\) && \(!\(\1 % 1\) && !isNaN\(\1\)\)\) && \(isFinite\(\1\)\)`,
      ),
    replacement: 'Number.isInteger($1)',
  },
  {
    name: 'finite number',
    pattern: () => rx(String.raw`\(typeof (${DATA}) == "number"\) && \(isFinite\(\1\)\)`),
    replacement: 'Number.isFinite($1)',
  },
  {
    // Only after `(`: the check is a whole condition, never a part of a longer `&&` chain.
    name: 'object, not an array',
    pattern: () => rx(String.raw`(?<=\()(${DATA}) && typeof \1 == "object" && !Array\.isArray\(\1\)`),
    replacement: 'isObject($1)',
  },
  {
    name: "a called validator's errors appended",
    pattern: () =>
      rx(
        String.raw`^vErrors = vErrors === null \? (validate\d+)\.errors : vErrors\.concat\(\1\.errors\);\nerrors = vErrors\.length;$`,
      ),
    replacement: 'errors = (vErrors = [...(vErrors ?? []), ...$1.errors]).length;',
  },
  {
    name: 'redundant brackets around a call',
    pattern: () => rx(String.raw`\(\((Number\.is\w+|isObject)\((${DATA})\)\)\)`),
    replacement: '($1($2))',
  },
  {
    name: 'negated call in brackets',
    pattern: () => rx(String.raw`!\(((?:Number\.is\w+|isObject)\(${DATA}\))\)`),
    replacement: '!$1',
  },
];

/** The idioms rewritten; `own` is the name ajv gave `Object.prototype.hasOwnProperty`, if any. */
export function rewriteIdioms(code: string): string {
  const own = /^const (func\d+) = Object\.prototype\.hasOwnProperty;$/m.exec(code)?.[1] ?? 'func0';
  return IDIOMS.reduce((text, idiom) => text.replace(idiom.pattern(own), idiom.replacement), code);
}

/**
 * ajv passes every validate function its parent and the root data, for keywords plowtype's schemas do not
 * have (`$data`): when nothing reads them, the functions take only the instance path.
 */
export function dropUnusedArguments(code: string): string {
  const calls = code.replace(
    rx(String.raw`,parentData(?::${DATA})?,parentDataProperty(?::(?:${LITERAL}|\w+))?,rootData\}`),
    '}',
  );
  const headers = calls.replace(
    /^(function validate\d+\(data, )\{instancePath="", parentData, parentDataProperty, rootData=data\}=\{\}\)\{$/gm,
    '$1{instancePath = ""} = {}){',
  );
  return /\b(parentData|parentDataProperty|rootData)\b/.test(headers) ? code : headers;
}
