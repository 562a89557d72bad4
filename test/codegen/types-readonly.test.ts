import { describe, expect, it } from 'vitest';
import { readonlyTypes } from '../../codegen/types/readonly.js';

// Each `want` is what the TypeScript compiler's parser gave before types/type-syntax.ts replaced it.
const CASES: [string, { given: string; want: string }][] = [
  [
    'nested arrays wrap the inner one',
    { given: 'export type A = string[][]\n', want: 'export type A = readonly (readonly string[])[]\n' },
  ],
  [
    'an array of tuples',
    {
      given: 'export type A = [string, number][]\n',
      want: 'export type A = readonly (readonly [string, number])[]\n',
    },
  ],
  [
    'optional and rest tuple elements',
    {
      given: 'export type A = [string, number?, ...boolean[]]\n',
      want: 'export type A = readonly [string, number?, ...readonly boolean[]]\n',
    },
  ],
  [
    'tuples and arrays inside tuples',
    {
      given: 'export type A = [string[], [number][][]]\n',
      want: 'export type A = readonly [readonly string[], readonly (readonly (readonly [number])[])[]]\n',
    },
  ],
  [
    'an array already readonly keeps one readonly',
    {
      given: 'export type A = readonly string[][]\n',
      want: 'export type A = readonly (readonly string[])[]\n',
    },
  ],
  [
    'string literals and numbers are never touched',
    {
      given: `export type A = | "a[]" | 'b]' | -1 | 2.5e3\n`,
      want: `export type A = | "a[]" | 'b]' | -1 | 2.5e3\n`,
    },
  ],
  [
    'comments and quoted names with brackets, an index signature, an array of objects',
    {
      given:
        'export interface A {\n/**\n * a } comment [ with ] brackets\n */\n"x-y"?: {\n[k: string]: unknown[]\n}[]\n// line } comment\n"q\\"]"?: plowtype.JsonValue\n}\n',
      want: 'export interface A {\n/**\n * a } comment [ with ] brackets\n */\nreadonly "x-y"?: readonly {\nreadonly [k: string]: readonly unknown[]\n}[]\n// line } comment\nreadonly "q\\"]"?: plowtype.JsonValue\n}\n',
    },
  ],
  [
    'extends, intersections, and a `[` on a new line starts an index signature',
    {
      given:
        'export interface A extends B, C {\na: (string & {\nb: number\n})[]\n[k: string]: unknown\n}\nexport type D = {\n[k: string]: never\n} | null\n',
      want: 'export interface A extends B, C {\nreadonly a: readonly (string & {\nreadonly b: number\n})[]\nreadonly [k: string]: unknown\n}\nexport type D = {\nreadonly [k: string]: never\n} | null\n',
    },
  ],
  [
    'members ended by ; and , and a multi-line union',
    {
      given: 'export type A = {\na: string;\nb?: number,\n}\nexport type B = (\n| string\n| number[]\n)\n',
      want: 'export type A = {\nreadonly a: string;\nreadonly b?: number,\n}\nexport type B = (\n| string\n| readonly number[]\n)\n',
    },
  ],
];

describe('readonlyTypes', () => {
  it.each(CASES)('%s', (_, { given, want }) => {
    expect(readonlyTypes(given)).toBe(want);
  });

  it.each([
    ['a generic type', 'export type A = Array<string>\n', 'expected export, found "<" at offset 21'],
    ['a function type', 'export type A = (x: string) => void\n', 'expected ), found ":" at offset 18'],
    ['an indexed access type', 'export type A = B["c"]\n', 'expected ], found "\\"c\\"" at offset 18'],
  ])('refuses %s, naming the token and the text', (_, given, where) => {
    expect(() => readonlyTypes(given)).toThrow(`${where} in:\n${given}`);
  });
});
