/** The types phase says what each schema means: exact type text per schema shape. */
import { describe, expect, it } from 'vitest';
import { dataType } from '../../codegen/types/data-type.js';

/** The declarations of `schema` as type `T`, without blank lines. */
async function typeOf(schema: Record<string, unknown>): Promise<string> {
  const text = await dataType({ typeName: 'T', schema, doc: [] }, 'schemas/t');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .join('\n');
}

describe('data types', () => {
  it.each([
    [
      'no type at all: any JSON value',
      { description: 'x' },
      '/**\n * x\n */\nexport type T = plowtype.JsonValue',
    ],
    [
      'an untyped property',
      { type: 'object', properties: { a: {} } },
      'export interface T {\nreadonly a?: plowtype.JsonValue\n}',
    ],
    [
      'a closed object without properties takes no key',
      { type: 'object', properties: {}, additionalProperties: false },
      'export type T = { readonly [k: string]: never }',
    ],
    [
      'a nullable closed empty object',
      { type: ['object', 'null'], additionalProperties: false },
      'export type T = { readonly [k: string]: never } | null',
    ],
    [
      'a required name without a property is a required key of any JSON value',
      {
        type: 'object',
        properties: { a: { type: 'string' } },
        required: ['a', 'zzz'],
        additionalProperties: false,
      },
      'export interface T {\nreadonly a: string\nreadonly zzz: plowtype.JsonValue\n}',
    ],
    [
      'an enum decides the type: no null the enum leaves out',
      { type: 'object', properties: { s: { type: ['string', 'null'], enum: ['a', 'b'] } } },
      'export interface T {\nreadonly s?: ("a" | "b")\n}',
    ],
    [
      'const is a literal',
      { type: 'object', properties: { c: { type: 'string', const: 'x' } } },
      'export interface T {\nreadonly c?: "x"\n}',
    ],
    [
      'oneOf beside properties: a union of each branch with the properties',
      {
        type: 'object',
        properties: { a: { type: 'string' } },
        oneOf: [{ required: ['a'] }, { properties: { b: { type: 'number' } }, required: ['b'] }],
        additionalProperties: false,
      },
      'export type T = ({\nreadonly a: string\n} | {\nreadonly a?: string\nreadonly b: number\n})',
    ],
    [
      'minItems keeps an ordinary readonly array',
      { type: 'object', properties: { a: { type: 'array', minItems: 1, items: { type: 'string' } } } },
      'export interface T {\n/**\n * @minItems 1\n */\nreadonly a?: readonly string[]\n}',
    ],
    [
      'a tuple allows each prefix',
      {
        type: 'object',
        properties: { t: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] } },
      },
      'export interface T {\nreadonly t?: readonly []|readonly [string]|readonly [string, number]\n}',
    ],
    [
      'nested arrays are readonly at every level',
      { type: 'array', items: { type: 'array', items: { type: 'integer' } } },
      'export type T = readonly (readonly number[])[]',
    ],
  ])('%s', async (_, schema, want) => {
    expect(await typeOf(schema)).toBe(want);
  });
});
