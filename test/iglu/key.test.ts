import { describe, expect, it } from 'vitest';
import { parseIgluUri } from '../../src/iglu/key.js';

const cases: [string, { given: string; want: ReturnType<typeof parseIgluUri> }][] = [
  [
    'a canonical URI',
    {
      given: 'iglu:com.acme_company/movie_poster/jsonschema/2-1-1',
      want: {
        vendor: 'com.acme_company',
        name: 'movie_poster',
        format: 'jsonschema',
        version: '2-1-1',
        model: 2,
        revision: 1,
        addition: 1,
      },
    },
  ],
  ['MODEL 0', { given: 'iglu:com.acme/x/jsonschema/0-1-0', want: undefined }],
  ['a leading zero', { given: 'iglu:com.acme/x/jsonschema/1-01-0', want: undefined }],
  ['no iglu: prefix', { given: 'com.acme/x/jsonschema/1-0-0', want: undefined }],
  ['a slash in the name', { given: 'iglu:com.acme/x/y/jsonschema/1-0-0', want: undefined }],
  ['a space in the vendor', { given: 'iglu:com acme/x/jsonschema/1-0-0', want: undefined }],
];

describe('parseIgluUri', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(parseIgluUri(given)).toEqual(want);
  });
});
