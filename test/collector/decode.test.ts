import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../src/collector/decode.js';

describe('decodeBase64', () => {
  const ok = (value: string) => ({ ok: true, value });
  const bad = { ok: false, message: 'Not valid base64' };
  it.each([
    ['url-safe, no padding', { given: '8J-YgD8', want: ok('😀?') }],
    ['standard, padded', { given: '8J+YgD8=', want: ok('😀?') }],
    ['standard, no padding', { given: '8J+YgD8', want: ok('😀?') }],
    ['url-safe, padded', { given: '8J-YgD8=', want: ok('😀?') }],
    ['two padding characters', { given: 'YQ==', want: ok('a') }],
    ['empty', { given: '', want: ok('') }],
    ['a character outside both alphabets', { given: 'ab$d', want: bad }],
    ['a length no base64 has', { given: 'abcde', want: bad }],
    ['padding on a whole group', { given: 'YWJj=', want: bad }],
    ['too much padding', { given: 'YQ=', want: bad }],
    ['padding in the middle', { given: 'YQ==YQ==', want: bad }],
    [
      'bytes that are not UTF-8',
      { given: '_w', want: { ok: false, message: 'Base64 does not decode to UTF-8 text' } },
    ],
  ])('%s', (_name, { given, want }) => {
    expect(decodeBase64(given)).toEqual(want);
  });
});
