/** The types phase: json-schema-to-typescript on a sanitised clone. */
import { describe, expect, it } from 'vitest';
import { commentText } from '../../codegen/comment-text.js';
import { dataType, prepareSchema } from '../../codegen/types/data-type.js';

describe('dataType', () => {
  it('cuts $refs outside the document to any JSON value, without reading files or the network', async () => {
    const schema = {
      type: 'object',
      properties: {
        web: { $ref: 'http://127.0.0.1:1/schema#' },
        file: { $ref: '/etc/passwd' },
        local: { $ref: '#/definitions/money' },
      },
      definitions: { money: { type: 'number' } },
      additionalProperties: false,
    };
    const text = await dataType({ typeName: 'Order', schema, doc: [] }, 'schemas/x');
    expect(text).toBe(
      [
        'export type OrderMoney = number',
        '',
        'export interface Order {',
        'readonly web?: plowtype.JsonValue',
        'readonly file?: plowtype.JsonValue',
        'readonly local?: OrderMoney',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('never lets a schema choose code or names: tsType, tsEnumNames and $id are dropped, a title is only a comment', () => {
    const prepared = prepareSchema({
      typeName: 'X',
      doc: [],
      schema: {
        $id: 'Evil',
        title: 'Evil',
        type: 'object',
        properties: { a: { type: 'string', tsType: 'never; }; globalThis.x = 1; interface Y {' } },
        enum: [{ a: 'x' }],
        tsEnumNames: ['A'],
      },
    });
    expect(prepared).toEqual({
      description: 'Evil',
      properties: { a: { type: 'string' } },
      enum: [{ a: 'x' }],
      title: 'X',
    });
  });

  it.each([
    ['a */ b', 'a *\\/ b'],
    ['line\r\nbreak', 'line\nbreak'],
    ['ls\u2028ps\u2029rlo\u202e', 'ls\\u2028ps\\u2029rlo\\u202e'],
  ])('makes comment text %j safe', (given, want) => {
    expect(commentText(given)).toBe(want);
  });
});
