import { describe, expect, it } from 'vitest';
import { jsonDuplicateKeys, jsonErrorOffset, parseJson } from '../../src/iglu/json-position.js';

describe('jsonErrorOffset', () => {
  const cases: [string, { given: string; want: number }][] = [
    [
      'valid, with whitespace around',
      { given: '\n {"x": [true, false, null, -1.5e+3, "\\u00e9"]} \n', want: -1 },
    ],
    ['missing value', { given: '{"a": }', want: 6 }],
    ['missing colon', { given: '{"a" 1}', want: 5 }],
    ['trailing comma in array', { given: '[1,]', want: 3 }],
    ['trailing comma in object', { given: '{"a": 1,\n}', want: 9 }],
    ['truncated literal', { given: '{"a": tru}', want: 6 }],
    ['raw newline in string', { given: '{"a": "x\n"}', want: 8 }],
    ['text after the value', { given: '{} x', want: 3 }],
    ['single quotes', { given: "{'a': 1}", want: 1 }],
    ['leading zero', { given: '{"a": 01}', want: 7 }],
    ['cut short', { given: '{"a": 1', want: 7 }],
    ['empty text', { given: '', want: 0 }],
    ['NaN', { given: '[NaN]', want: 1 }],
    ['bad escape', { given: '["\\q"]', want: 3 }],
    ['bad unicode escape', { given: '["\\u12g4"]', want: 4 }],
    ['minus without digits', { given: '[-]', want: 1 }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    expect(jsonErrorOffset(given)).toBe(want);
    // The scanner agrees with JSON.parse on what is valid.
    let valid = true;
    try {
      JSON.parse(given);
    } catch {
      valid = false;
    }
    expect(valid).toBe(want === -1);
  });
});

describe('parseJson', () => {
  const cases: [string, { given: string; want: string }][] = [
    [
      'unexpected token',
      { given: '{\n  "a": 1,\n  "b": }', want: "invalid JSON at line 3:8: Unexpected token '}'" },
    ],
    [
      'a position V8 gives',
      { given: '{\n"a" 1}', want: "invalid JSON at line 2:5: Expected ':' after property name" },
    ],
    [
      'text after the value',
      { given: '{}\n\nx', want: 'invalid JSON at line 3:1: Unexpected non-whitespace character after JSON' },
    ],
    ['end of input', { given: '[1,\n', want: 'invalid JSON at line 2:1: Unexpected end of JSON input' }],
  ];
  it.each(cases)('%s', (_, { given, want }) => {
    expect(parseJson(given)).toEqual({ ok: false, problem: want });
  });

  it('skips a byte order mark and keeps __proto__ as an own key', () => {
    const parsed = parseJson('\ufeff{"__proto__": {"x": 1}}');
    expect(parsed.ok).toBe(true);
    const value = (parsed as { value: object }).value;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ x: 1 });
  });
});

describe('jsonDuplicateKeys', () => {
  it('finds keys written twice in one object, at any depth, comparing decoded keys', () => {
    const text =
      '{"a": 1, "b": {"x": [{"k": 1, "k": 2}], "x": 0}, "a\\u0062": 1, "ab": 2, "a/~": 1, "a/~": 2, "a": 3}';
    expect(jsonDuplicateKeys(text)).toEqual([
      { pointer: '/b/x/0/k', key: 'k', offset: text.indexOf('"k": 2') },
      { pointer: '/b/x', key: 'x', offset: text.indexOf('"x": 0') },
      { pointer: '/ab', key: 'ab', offset: text.indexOf('"ab"') },
      { pointer: '/a~1~0', key: 'a/~', offset: text.indexOf('"a/~": 2') },
      { pointer: '/a', key: 'a', offset: text.indexOf('"a": 3') },
    ]);
  });

  it('finds nothing in valid JSON without repeats, or in text that is not JSON', () => {
    expect(jsonDuplicateKeys('{"a": {"a": {"a": 1}}, "b": [{"a": 1}, {"a": 2}]}')).toEqual([]);
    expect(jsonDuplicateKeys('{"a": 1, "a": }')).toEqual([]);
  });
});
