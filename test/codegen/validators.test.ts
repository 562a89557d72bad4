/** What the runtime validators keep of a schema, and the layout helpers of the format phase. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { indentDeclarations } from '../../codegen/emit/format.js';
import { groupProperties } from '../../codegen/validators/groups.js';
import { validatorModule } from '../../codegen/validators/module.js';
import { runtimeSchema } from '../../codegen/validators/schema.js';
import { ROOT } from './gen-helpers.js';

describe('runtimeSchema and validatorModule', () => {
  it.each([
    [
      'every keyword, without metadata',
      {
        type: 'object',
        description: 'd',
        properties: { a: { type: 'string', enum: ['x'], title: 't' }, description: { type: 'number' } },
        required: ['a'],
        additionalProperties: false,
      },
      {
        type: 'object',
        properties: { a: { type: 'string', enum: ['x'] }, description: { type: 'number' } },
        required: ['a'],
        additionalProperties: false,
      },
    ],
    [
      'unions and definitions',
      {
        oneOf: [{ type: 'string', description: 'x' }, { $ref: '#/definitions/d' }],
        definitions: { d: { type: 'number' } },
      },
      { oneOf: [{ type: 'string' }, { $ref: '#/definitions/d' }], definitions: { d: { type: 'number' } } },
    ],
    [
      'never an external $ref',
      { properties: { a: { $ref: 'http://example.com/x#' } } },
      { properties: { a: {} } },
    ],
  ])('keeps %s', (_, given, want) => {
    expect(runtimeSchema(given)).toEqual(want);
  });

  it('compiles a validator for every version, patterns through the linear-time matcher', () => {
    const module = validatorModule(
      [{ exportName: 'v1_0_0', schema: { type: 'string', pattern: '^(a+)+$' }, source: 's' }],
      '../_runtime.js',
    );
    expect(module?.exports).toEqual(new Set(['v1_0_0']));
    expect(module?.code).toContain("import { linearRegExp } from 'plowtype/formats';");
    expect(module?.code).toContain('const pattern0 = func0("^(a+)+$", "");');
  });

  it('compiles a sub-schema that versions repeat once, and every version reports its errors by path', async () => {
    const address = {
      type: 'object',
      properties: {
        street: { type: 'string', maxLength: 40 },
        zip: { type: 'string', pattern: '^[0-9]{5}$' },
      },
      required: ['street'],
      additionalProperties: false,
    };
    const v1 = { type: 'object', properties: { home: address } };
    const v2 = { type: 'object', properties: { home: address, work: address, name: { type: 'string' } } };
    const module = validatorModule(
      [
        { exportName: 'v1_0_1', schema: v2, source: 's' },
        { exportName: 'v1_0_0', schema: v1, source: 's' },
      ],
      join(ROOT, 'generated/_runtime.ts'),
      join(ROOT, 'src/formats.ts'),
    );
    expect(module?.code.match(/^function validate\d+\(/gm)).toHaveLength(3);
    const dir = mkdtempSync(join(tmpdir(), 'plowtype-share-'));
    try {
      writeFileSync(join(dir, 'v.ts'), module?.code ?? '');
      const { v1_0_1, v1_0_0 } = await import(join(dir, 'v.ts'));
      expect(v1_0_1({ home: { street: 'a' }, work: { zip: 'x' } })).toBe(false);
      expect(v1_0_1.errors).toEqual([
        { instancePath: '/work', keyword: 'required', params: { missingProperty: 'street' } },
        { instancePath: '/work/zip', keyword: 'pattern', params: { pattern: '^[0-9]{5}$' } },
      ]);
      expect(v1_0_0({ home: { street: 'a', zip: '12345' } })).toBe(true);
      expect(v1_0_0({ home: { street: 1 } })).toBe(false);
      expect(v1_0_0.errors).toEqual([
        { instancePath: '/home/street', keyword: 'type', params: { type: 'string' } },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks each pattern of a module with its own matcher, not the first one', async () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string', pattern: '^a+$' }, b: { type: 'string', pattern: '^b+$' } },
      patternProperties: { '^x_': { type: 'string', pattern: '^x+$' } },
    };
    const module = validatorModule(
      [{ exportName: 'v1_0_0', schema, source: 's' }],
      join(ROOT, 'generated/_runtime.ts'),
      join(ROOT, 'src/formats.ts'),
    );
    const dir = mkdtempSync(join(tmpdir(), 'plowtype-patterns-'));
    try {
      writeFileSync(join(dir, 'v.ts'), module?.code ?? '');
      const { v1_0_0 } = await import(join(dir, 'v.ts'));
      expect(v1_0_0({ a: 'aa', b: 'bb', x_1: 'xx' })).toBe(true);
      expect(v1_0_0({ a: 'b', b: 'a', x_1: 'a' })).toBe(false);
      expect(v1_0_0.errors.map((e: { instancePath: string }) => e.instancePath)).toEqual([
        '/a',
        '/b',
        '/x_1',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes "require(" in names and patterns as data', () => {
    const schema = {
      type: 'object',
      properties: { 'require("fs")': { type: 'string', pattern: 'require\\("x"\\)' } },
    };
    const module = validatorModule([{ exportName: 'v1_0_0', schema, source: 's' }], '../_runtime.js');
    expect(module?.code).toContain('data["require(\\"fs\\")"]');
  });

  it('compiles versions with the same runtime rules once, and exports the function under each name', () => {
    const rules = { properties: { id: { maxLength: 4 } } };
    // Versions that differ only in metadata share one function.
    const module = validatorModule(
      [
        { exportName: 'v1_0_1', schema: { ...rules, description: 'adds a field' }, source: 's' },
        { exportName: 'v1_0_0', schema: rules, source: 's' },
        { exportName: 'v0_9_0', schema: { properties: { id: { maxLength: 2 } } }, source: 's' },
      ],
      '../_runtime.js',
    );
    expect(module?.exports).toEqual(new Set(['v1_0_1', 'v1_0_0', 'v0_9_0']));
    expect(module?.code.match(/^function validate\d+\(/gm)).toHaveLength(2);
    expect(module?.code).toContain('\nexport const v1_0_0 = v1_0_1;');
  });

  it('reports an invalid pattern naming the schema file', () => {
    expect(() =>
      validatorModule(
        [{ exportName: 'v1_0_0', schema: { pattern: '(' }, source: 'schemas/a/b/jsonschema/1-0-0' }],
        'r',
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'SP_ERR_SCHEMA',
        message: expect.stringMatching(/^Validator generation failed: schemas\/a\/b\/jsonschema\/1-0-0: /),
      }),
    );
  });
});

describe('groupProperties', () => {
  const long = (n: number) => ({ type: 'string', maxLength: n, pattern: '^[a-z0-9_]+$', format: 'email' });
  it('moves entries the same versions hold into one group each, named in allOf, their names kept', () => {
    const shared = { a: long(1), b: long(2), c: long(3), d: long(4) };
    const v1 = { type: 'object', properties: { ...shared }, required: ['a'], additionalProperties: false };
    const v2 = {
      type: 'object',
      properties: { ...shared, e: { type: 'number' } },
      allOf: [{ required: ['e'] }],
    };
    const v3 = { type: 'object', properties: { a: { $ref: '#/definitions/x' } } };
    const { versions, groups } = groupProperties([v1, v2, v3], 'g/');
    const empty = { a: {}, b: {}, c: {}, d: {} };
    expect(groups).toStrictEqual([{ id: 'g/0', properties: shared }]);
    expect(versions).toStrictEqual([
      { ...v1, properties: empty, allOf: [{ $ref: 'g/0' }] },
      {
        ...v2,
        properties: { ...empty, e: { type: 'number' } },
        allOf: [{ required: ['e'] }, { $ref: 'g/0' }],
      },
      v3,
    ]);
  });

  it('leaves entries alone when too small to pay for a call, or held by one version', () => {
    const v1 = { properties: { a: { type: 'string' } } };
    const v2 = { properties: { a: { type: 'string' }, b: long(1) } };
    expect(groupProperties([v1, v2], 'g/')).toStrictEqual({ versions: [v1, v2], groups: [] });
  });
});

describe('layout', () => {
  it('indents declarations by brackets, leaving comments and their braces alone', () => {
    const given = ['/**', ' * Opens {', ' */', 'export interface A {', 'b: {', 'c: string', '}', '}'].join(
      '\n',
    );
    expect(indentDeclarations(given)).toBe(
      ['/**', ' * Opens {', ' */', 'export interface A {', '  b: {', '    c: string', '  }', '}'].join('\n'),
    );
  });
});
