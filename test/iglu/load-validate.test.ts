import { describe, expect, it } from 'vitest';
import { checkDraft04, checkSchemaText, checkSelfDescribing, SELF_DESC_URI } from '../../src/iglu/check.js';
import { parseSchemaVer } from '../../src/iglu/key.js';
import type { JsonSchema } from '../../src/iglu/schema.js';

describe('checkDraft04', () => {
  const cases: [string, { given: JsonSchema; want: string[] }][] = [
    ['a valid schema', { given: { type: ['string', 'null'], maxLength: 3, pattern: '^[a-z]+$' }, want: [] }],
    [
      'empty required',
      {
        given: { required: [] },
        want: ['invalid draft-04 schema at /required: must NOT have fewer than 1 items'],
      },
    ],
    [
      'a string maximum',
      {
        given: { properties: { n: { maximum: '10' } } },
        want: ['invalid draft-04 schema at /properties/n/maximum: must be number'],
      },
    ],
    [
      'an unknown type',
      {
        given: { type: 'strin' },
        want: [
          'invalid draft-04 schema at /type: must be one of "array", "boolean", "integer", "null", "number", "object", "string" or array',
        ],
      },
    ],
    [
      'items not a schema',
      { given: { items: 3 }, want: ['invalid draft-04 schema at /items: must be object or array'] },
    ],
    [
      'exclusiveMinimum without minimum',
      {
        given: { exclusiveMinimum: true },
        want: [
          'invalid draft-04 schema at (root): must have property minimum when property exclusiveMinimum is present',
        ],
      },
    ],
    [
      'a bad pattern and a bad patternProperties key',
      {
        given: { properties: { a: { type: 'string', pattern: '(' } }, patternProperties: { '[a-': {} } },
        want: [
          'invalid draft-04 schema at /patternProperties/[a-: not a valid regular expression: /[a-/: Unterminated character class',
          'invalid draft-04 schema at /properties/a/pattern: not a valid regular expression: /(/: Unterminated group',
        ],
      },
    ],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    expect(checkDraft04(given)).toEqual(want);
  });
});

describe('checkSelfDescribing and SchemaVer', () => {
  it('collects every problem of $schema and self at once', () => {
    expect(
      checkSelfDescribing({
        $schema: 3,
        self: { vendor: 'a', name: 'b c', version: 1, format: 'jsonschema', x: 1 },
      }),
    ).toEqual([
      `wrong $schema: expected "${SELF_DESC_URI}", got 3`,
      'not a self-describing schema: self.name must match ^[a-zA-Z0-9-_]+$, got "b c"',
      'not a self-describing schema: self.version must match ^[0-9]+-[0-9]+-[0-9]+$, got 1',
      'not a self-describing schema: self has an unknown key "x"',
    ]);
    expect(checkSelfDescribing({ $schema: SELF_DESC_URI, self: [] })).toEqual([
      'not a self-describing schema: "self" must be an object, got array',
    ]);
  });

  const versions: [string, { given: string; want: ReturnType<typeof parseSchemaVer> }][] = [
    ['1-0-0', { given: '1-0-0', want: { model: 1, revision: 0, addition: 0 } }],
    ['large parts', { given: '12-30-400', want: { model: 12, revision: 30, addition: 400 } }],
    ['MODEL 0', { given: '0-1-0', want: undefined }],
    ['a leading zero', { given: '1-01-0', want: undefined }],
    ['two parts', { given: '1-0', want: undefined }],
    ['a dot', { given: '1.0.0', want: undefined }],
  ];
  it.each(versions)('parseSchemaVer: %s', (_, { given, want }) => {
    expect(parseSchemaVer(given)).toEqual(want);
  });

  it('checkSchemaText keeps the parsed schema untouched and returns its key', () => {
    const text = JSON.stringify({
      $schema: SELF_DESC_URI,
      self: { vendor: 'a.b', name: 'c', format: 'jsonschema', version: '2-1-3' },
      type: 'object',
    });
    const result = checkSchemaText(text, {
      vendor: 'a.b',
      name: 'c',
      format: 'jsonschema',
      version: '2-1-3',
    });
    expect(result).toEqual({
      ok: true,
      schema: JSON.parse(text),
      key: {
        vendor: 'a.b',
        name: 'c',
        format: 'jsonschema',
        version: '2-1-3',
        model: 2,
        revision: 1,
        addition: 3,
      },
    });
  });
});
