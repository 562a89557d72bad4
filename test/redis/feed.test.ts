/** How a worker gives elements read from Redis to its emitter: as they are, parsed, or set aside. */
import { describe, expect, it } from 'vitest';
import type { Payload } from '../../src/types.js';
import { feed, sendableAsIs } from '../../src/workers/feed.js';

describe('sendableAsIs', () => {
  it.each<[string, { given: string; want: boolean }]>([
    ['compact record with eid', { given: '{"e":"pv","eid":"1"}', want: true }],
    ['JSON escapes in keys and values', { given: '{"eid":"1","u\\"rl":"a\\\\b\\/\\n\\u00e9"}', want: true }],
    ['non-ASCII text', { given: '{"eid":"1","page":"Café ☕"}', want: true }],
    ['no eid', { given: '{"e":"pv"}', want: false }],
    ['eid only inside a value', { given: '{"e":"\\"eid\\":\\"x"}', want: false }],
    ['a stale stm', { given: '{"eid":"1","stm":"5"}', want: false }],
    ['spaced JSON (Python json.dumps)', { given: '{"eid": "1", "e": "pv"}', want: false }],
    ['a number value', { given: '{"eid":"1","n":1}', want: false }],
    ['a nested object', { given: '{"eid":"1","o":{}}', want: false }],
    ['an array', { given: '["eid","1"]', want: false }],
    ['a trailing comma', { given: '{"eid":"1",}', want: false }],
    ['a raw control character', { given: '{"eid":"1","a":"\t"}', want: false }],
    ['an unknown escape', { given: '{"eid":"1","a":"\\x"}', want: false }],
    ['a short \\u escape', { given: '{"eid":"1","a":"\\u12"}', want: false }],
    ['text after the object', { given: '{"eid":"1"}x', want: false }],
    ['a missing comma', { given: '{"eid":"1""e":"pv"}', want: false }],
    ['truncated', { given: '{"eid":"1","e":"p', want: false }],
  ])('%s', (_name, { given, want }) => {
    expect(sendableAsIs(given)).toBe(want);
  });

  it('runs in linear time on a hostile near-match (no backtracking blow-up)', () => {
    // 100,000 escapes and no closing quote: a backtracking pattern would not return.
    expect(sendableAsIs(`{"eid":"${'\\n'.repeat(100_000)}`)).toBe(false);
  });
});

describe('feed', () => {
  function emitter() {
    const json: string[] = [];
    const records: Payload[] = [];
    return {
      json,
      records,
      input: (record: Payload) => void records.push(record),
      inputJson: (text: string) => void json.push(text),
      flush: async () => {},
    };
  }

  it('passes compact records as text, parses the rest, and returns what is not a payload record', () => {
    const e = emitter();
    const raws = [
      '{"e":"pv","eid":"1"}',
      '{"e": "pv", "eid": "2"}',
      '{"e":"pv"}',
      '{"eid":"3","stm":"1"}',
      'not json',
      '{"eid":"4","n":1}',
      '[]',
    ];
    expect(feed(e, raws)).toEqual(['not json', '{"eid":"4","n":1}', '[]']);
    expect(e.json).toEqual(['{"e":"pv","eid":"1"}']);
    expect(e.records).toEqual([{ e: 'pv', eid: '2' }, { e: 'pv' }, { eid: '3', stm: '1' }]);
  });

  it('gives records to an emitter without a JSON path (GET), and sets aside what it refuses', () => {
    const records: Payload[] = [];
    const e = {
      input: (record: Payload) => {
        if (record.e === 'bad') throw new Error('refused');
        records.push(record);
      },
      flush: async () => {},
    };
    expect(feed(e, ['{"e":"pv","eid":"1"}', '{"e":"bad","eid":"2"}'])).toEqual(['{"e":"bad","eid":"2"}']);
    expect(records).toEqual([{ e: 'pv', eid: '1' }]);
  });
});
