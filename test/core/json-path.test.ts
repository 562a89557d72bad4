import { describe, expect, it } from 'vitest';
import { jsonPath } from '../../src/json-path.js';

describe('jsonPath', () => {
  const cases: [string, { given: [pointer: string, root?: string]; want: string }][] = [
    ['the root', { given: [''], want: '$' }],
    ['names and indexes', { given: ['/a/0/b'], want: '$.a[0].b' }],
    ['escaped and quoted keys', { given: ['/b~1c/d e/~0'], want: '$["b/c"]["d e"]["~"]' }],
    ['a leading-zero index is a key', { given: ['/01'], want: '$["01"]' }],
    ['under a root', { given: ['', '$.data'], want: '$.data' }],
    ['a property under a root', { given: ['/level', '$.data'], want: '$.data.level' }],
    ['an array index under a root', { given: ['/items/0/sku', '$[1].data'], want: '$[1].data.items[0].sku' }],
    ['a name that is not an identifier', { given: ['/x-amz-id', '$.data'], want: '$.data["x-amz-id"]' }],
    ['an escaped slash and tilde', { given: ['/a~1b/c~0d'], want: '$["a/b"]["c~d"]' }],
  ];
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(jsonPath(...given)).toBe(want);
  });
});
