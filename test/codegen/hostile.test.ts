/**
 * Hostile input: a schema whose texts and property names try to break out of comments and strings. Its
 * generated code (the reviewed golden copy, equal to fresh output by golden.test.ts) must hold only the
 * expected declarations, run nothing on import, and send every name and value exactly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBase64Url, InMemoryEmitter, Tracker } from 'plowtype';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { FIXTURES, GOLDEN } from './gen-helpers.js';

const DIR = join(GOLDEN, 'gen-hostile/com.evil');

/** Each top-level statement as `kind name`, plus what a `const` is initialised with. */
function topLevel(file: string): string[] {
  const text = readFileSync(join(DIR, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  return source.statements.map((statement) => {
    const kind = ts.SyntaxKind[statement.kind];
    if (ts.isImportDeclaration(statement))
      return `${kind} ${(statement.moduleSpecifier as ts.StringLiteral).text}`;
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations
        .map(
          (d) =>
            `VariableStatement ${d.name.getText()} = ${d.initializer ? ts.SyntaxKind[d.initializer.kind] : ''}`,
        )
        .join(', ');
    }
    const name = (statement as ts.DeclarationStatement).name?.getText() ?? '';
    return `${kind} ${name}`;
  });
}

describe('hostile schema', () => {
  it('generates only the expected declarations in the module', () => {
    expect(topLevel('hostile.ts')).toEqual([
      'ImportDeclaration plowtype',
      'ImportDeclaration ../_runtime.js',
      'ImportDeclaration ./hostile.validate.js',
      'InterfaceDeclaration Hostile',
      'VariableStatement HOSTILE = CallExpression',
      'FunctionDeclaration trackHostile',
      'FunctionDeclaration hostileContext',
    ]);
    const text = readFileSync(join(DIR, 'hostile.ts'), 'utf8');
    expect(text).toContain('plowtype.schemaUri("iglu:com.evil/hostile/jsonschema/1-0-0")');
    expect(text).not.toMatch(/[\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    expect(text).not.toContain('globalThis.pwned = 1;');
  });

  it('generates only declarations in the validator module', () => {
    expect(topLevel('hostile.validate.ts')).toEqual([
      'ImportDeclaration plowtype/formats',
      'ImportDeclaration ../_runtime.js',
      'VariableStatement v1_0_0 = Identifier',
      'VariableStatement func1 = Identifier',
      'VariableStatement func11 = Identifier',
      'VariableStatement pattern0 = CallExpression',
      'VariableStatement pattern1 = CallExpression',
      'FunctionDeclaration validate0',
    ]);
  });

  it('runs nothing on import and never touches Object.prototype', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype);
    const globals = Object.keys(globalThis);
    const module = await import('./__golden__/gen-hostile/index.js');
    expect(typeof module.trackHostile).toBe('function');
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(before);
    expect(Object.keys(globalThis)).toEqual(globals);
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });

  it('sends every hostile name and value exactly', async () => {
    const { trackHostile } = await import('./__golden__/gen-hostile/index.js');
    const schema = JSON.parse(
      readFileSync(join(FIXTURES, 'gen-hostile/schemas/com.evil/hostile/jsonschema/1-0-0'), 'utf8'),
    );
    const text: string = schema.description;
    const keys = Object.keys(schema.properties).filter((key) => key !== 'choice');
    // Built as JSON so that `__proto__` is an own key, as it would be when data comes off the wire.
    const data = JSON.parse(
      `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(text.slice(0, 100))}`).join(',')},"choice":${JSON.stringify(text)}}`,
    );
    const emitter = new InMemoryEmitter();
    const tracker = new Tracker({ emitters: emitter });
    // `quote"key` has a pattern the hostile text breaks: validation off sends it anyway, as it is.
    trackHostile(tracker, data, { validation: 'off' });
    const sent = JSON.parse(decodeBase64Url(emitter.payloads[0]?.ue_px ?? ''));
    expect(JSON.stringify(sent.data.data)).toBe(JSON.stringify(data));
    expect(Object.keys(sent.data.data)).toEqual([...keys, 'choice']);
    expect(Object.getPrototypeOf(sent.data.data)).toBe(Object.prototype);
  });

  it('names a hostile property in a violation as a quoted JSON path', async () => {
    const { trackHostile } = await import('./__golden__/gen-hostile/index.js');
    const data = JSON.parse('{"__proto__":"ok","quote\\"key":"a`b"}');
    const tracker = new Tracker({ emitters: new InMemoryEmitter() });
    expect(() => trackHostile(tracker, data)).toThrow(
      expect.objectContaining({
        code: 'SP_ERR_VALIDATION',
        violations: [
          {
            path: '$["quote\\"key"]',
            rule: 'pattern',
            message: expect.stringMatching(/^must match pattern "/),
          },
        ],
      }),
    );
  });
});

describe('validators under hostile data (throw mode checks the whole schema)', () => {
  async function track(data: unknown): Promise<unknown> {
    const { trackBuiltins } = await import('./__golden__/gen-hostile/index.js');
    const emitter = new InMemoryEmitter();
    const tracker = new Tracker({ emitters: emitter });
    try {
      trackBuiltins(tracker, data as never);
    } catch (error) {
      return (error as { violations?: unknown }).violations ?? error;
    }
    return JSON.parse(decodeBase64Url(emitter.payloads[0]?.ue_px ?? '')).data.data;
  }

  it('reads only own properties: toString, valueOf, constructor and __proto__ are data', async () => {
    const valid = JSON.parse(
      '{"toString":1,"valueOf":"v","constructor":"c","__proto__":"p","free":[1,"x",null]}',
    );
    expect(await track(valid)).toEqual(valid);
    expect(await track({ toString: 'x' })).toEqual([
      { path: '$', rule: 'required', message: 'must have required property "__proto__"' },
      { path: '$.toString', rule: 'type', message: 'must be integer' },
    ]);
    expect(await track(JSON.parse('{"toString":1,"__proto__":"too long here"}'))).toEqual([
      { path: '$.__proto__', rule: 'maxLength', message: 'must NOT have more than 8 characters' },
    ]);
  });

  it('checks required, enum, type and additional properties of data that bypassed the compiler', async () => {
    const data = JSON.parse('{"__proto__":"p","level":"NIGHTMARE","ratio":"1","extra":true}');
    expect(await track(data)).toEqual([
      { path: '$', rule: 'required', message: 'must have required property "toString"' },
      { path: '$', rule: 'additionalProperties', message: 'must NOT have additional property "extra"' },
      { path: '$.level', rule: 'enum', message: 'must be equal to one of the allowed values' },
      { path: '$.ratio', rule: 'type', message: 'must be number,null' },
    ]);
  });

  it('rejects NaN and Infinity, typed or not, naming the field', async () => {
    const base = JSON.parse('{"toString":1,"__proto__":"p"}');
    expect(await track({ ...base, ratio: Number.POSITIVE_INFINITY, free: { n: [Number.NaN] } })).toEqual([
      { path: '$.ratio', rule: 'type', message: 'must be number,null' },
      {
        path: '$.free.n[0]',
        rule: 'finite',
        message: 'must be a finite number (NaN and Infinity are not JSON)',
      },
    ]);
  });

  it("in off mode (no validator runs), NaN or Infinity is the writer's ContractError naming schema and field; nothing is sent", async () => {
    const { trackBuiltins } = await import('./__golden__/gen-hostile/index.js');
    const emitter = new InMemoryEmitter();
    const tracker = new Tracker({ emitters: emitter, validation: 'off' });
    const data = { ...JSON.parse('{"toString":1,"__proto__":"p"}'), ratio: Number.NaN };
    expect(() => trackBuiltins(tracker, data)).toThrow(
      'Contract breach in Tracker.trackSelfDescribing: event.data.ratio expected a finite number (schema iglu:com.evil/builtins/jsonschema/1-0-0), got number NaN',
    );
    expect(emitter.payloads).toStrictEqual([]);
  });

  it('matches a catastrophic pattern in linear time', async () => {
    const base = JSON.parse('{"toString":1,"__proto__":"p"}');
    // Backtracking takes 2^n steps on this: it would never return.
    expect(await track({ ...base, redos: `${'a'.repeat(5000)}!` })).toEqual([
      { path: '$.redos', rule: 'pattern', message: 'must match pattern "^(a+)+$"' },
    ]);
  });
});
