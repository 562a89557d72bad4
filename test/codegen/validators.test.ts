/** What the runtime validators keep of a schema, and the layout helpers of the format phase. */
import { describe, expect, it } from 'vitest';
import { indentBlocks, indentDeclarations } from '../../codegen/format.js';
import { prune, validatorModule } from '../../codegen/validators.js';

describe('prune', () => {
  it.each([
    [
      'nothing types cannot say',
      { type: 'object', properties: { a: { type: 'string', enum: ['x'] } }, required: ['a'] },
      undefined,
    ],
    [
      'lengths, patterns, formats and bounds',
      {
        type: 'object',
        properties: { a: { type: 'string', maxLength: 3, description: 'd' }, b: { type: 'number' } },
      },
      { properties: { a: { maxLength: 3 } } },
    ],
    ['integers', { type: ['integer', 'null'], minimum: 0 }, { type: ['integer', 'null'], minimum: 0 }],
    [
      'unions whole, without metadata',
      { oneOf: [{ type: 'string', description: 'x' }, { type: 'number' }] },
      { oneOf: [{ type: 'string' }, { type: 'number' }] },
    ],
    [
      'definitions a $ref may name, even emptied',
      { definitions: { d: { type: 'string' } }, properties: { a: { $ref: '#/definitions/d' } } },
      { definitions: { d: {} }, properties: { a: { $ref: '#/definitions/d' } } },
    ],
    ['never an external $ref', { properties: { a: { $ref: 'http://example.com/x#' } } }, undefined],
  ])('keeps %s', (_, given, want) => {
    expect(prune(given)).toEqual(want);
  });

  it('compiles no module when no version has runtime rules', () => {
    expect(
      validatorModule([{ exportName: 'v1_0_0', schema: { type: 'object' }, source: 's' }], '../_runtime.js'),
    ).toBe(undefined);
  });

  it('compiles versions with the same runtime rules once, and exports the function under each name', () => {
    const rules = { properties: { id: { maxLength: 4 } } };
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

describe('layout', () => {
  it('indents declarations by brackets, leaving comments and their braces alone', () => {
    const given = ['/**', ' * Opens {', ' */', 'export interface A {', 'b: {', 'c: string', '}', '}'].join(
      '\n',
    );
    expect(indentDeclarations(given)).toBe(
      ['/**', ' * Opens {', ' */', 'export interface A {', '  b: {', '    c: string', '  }', '}'].join('\n'),
    );
  });

  it('indents ajv code by braces', () => {
    expect(indentBlocks('function f(){\nif(a){\nb();\n}\nelse {\nc();\n}\n}')).toBe(
      'function f(){\n  if(a){\n    b();\n  }\n  else {\n    c();\n  }\n}\n',
    );
  });
});
