/**
 * Prints the statements of a generated file as text. The generator's structures are few (imports,
 * re-exports, exported constants and functions, text), so they are printed here directly instead of
 * through ts-morph, whose TypeScript compiler took a third of a cold run to load and print with. The layout
 * is the one ts-morph gave (double quotes, two-space indentation, a blank line around functions and after
 * a closing brace), so the output is unchanged.
 */

/** An import or export specifier: `name`, or `name as alias`. */
export type Specifier = string | { name: string; alias?: string };

/** `import [type] * as namespace from "from";` or `import [type] { a, b as c } from "from";` */
export interface ImportStatement {
  kind: 'import';
  typeOnly?: boolean;
  namespace?: string;
  named?: readonly Specifier[];
  from: string;
}

/** `export [type] { a, b as c } from "from";` */
export interface ExportStatement {
  kind: 'export';
  typeOnly?: boolean;
  named: readonly Specifier[];
  from: string;
}

/** `export const name = initializer;`, after its JSDoc. */
export interface ConstStatement {
  kind: 'const';
  docs: readonly string[];
  name: string;
  initializer: string;
}

/** A type parameter: `[const ]name[ extends constraint][ = default]`. */
export interface TypeParameter {
  name: string;
  isConst?: boolean;
  constraint?: string;
  default?: string;
}

/** A parameter: `name[?]: type`. */
export interface Parameter {
  name: string;
  type: string;
  optional?: boolean;
}

/** `export function name<T>(parameters): returnType { body }`, after its JSDoc. */
export interface FunctionStatement {
  kind: 'function';
  docs: readonly string[];
  name: string;
  typeParameters?: readonly TypeParameter[];
  parameters: readonly Parameter[];
  returnType: string;
  body: readonly string[];
}

/** A statement of a generated file: a structure, or text written as it is (e.g. the data types). */
export type Statement = string | ImportStatement | ExportStatement | ConstStatement | FunctionStatement;

/** A string literal in double quotes (the escapes ts-morph's writer made: quote, backslash, new line). */
function quote(text: string): string {
  return `"${text.replace(/["\\]/g, '\\$&').replace(/\r?\n/g, (nl) => `${nl === '\n' ? '\\n' : '\\r\\n'}\\${nl}`)}"`;
}

function specifiers(named: readonly Specifier[]): string {
  return `{ ${named.map((s) => (typeof s === 'string' ? s : s.alias ? `${s.name} as ${s.alias}` : s.name)).join(', ')} }`;
}

/** One JSDoc block: `/** text *\/` for one line, else a line per line with ` * `. */
function doc(text: string): string {
  const lines = text.split(/\r?\n/);
  if (lines.length <= 1) return `/** ${text}${text.endsWith(' ') ? '' : ' '}*/\n`;
  const body = (lines[0] === '' ? lines.slice(1) : lines).map((line) => (line === '' ? ' *' : ` * ${line}`));
  return `/**\n${body.join('\n')}\n */\n`;
}

function typeParameter(p: TypeParameter): string {
  const constraint = p.constraint?.trim() ? ` extends ${p.constraint}` : '';
  const fallback = p.default?.trim() ? ` = ${p.default}` : '';
  return `${p.isConst ? 'const ' : ''}${p.name}${constraint}${fallback}`;
}

function statementText(s: Exclude<Statement, string>): string {
  switch (s.kind) {
    case 'import': {
      const what = s.namespace !== undefined ? `* as ${s.namespace}` : specifiers(s.named ?? []);
      return `import${s.typeOnly ? ' type' : ''} ${what} from ${quote(s.from)};`;
    }
    case 'export':
      return `export${s.typeOnly ? ' type' : ''} ${specifiers(s.named)} from ${quote(s.from)};`;
    case 'const':
      return `${s.docs.map(doc).join('')}export const ${s.name} = ${s.initializer};`;
    case 'function': {
      const types = s.typeParameters?.length ? `<${s.typeParameters.map(typeParameter).join(', ')}>` : '';
      const params = s.parameters.map((p) => `${p.name}${p.optional ? '?' : ''}: ${p.type}`).join(', ');
      const body = s.body.flatMap((line) => line.split('\n')).map((line) => (line === '' ? '' : `  ${line}`));
      return `${s.docs.map(doc).join('')}export function ${s.name}${types}(${params}): ${s.returnType} {\n${body.join('\n')}\n}`;
    }
  }
}

/** The text of a file: its statements one per line, a blank line before a function and after a `}`. */
export function print(statements: readonly Statement[]): string {
  let out = '';
  for (const s of statements) {
    if (out !== '') {
      const blank = /\}\s*$/.test(out) || (typeof s !== 'string' && s.kind === 'function');
      if (!out.endsWith('\n')) out += '\n';
      if (blank && !out.endsWith('\n\n')) out += '\n';
    }
    out += typeof s === 'string' ? s : statementText(s);
  }
  return `${out}\n`;
}
