import { describe, expect, it } from 'vitest';
import {
  decodeEvents,
  encodeEvent,
  getPath,
  PAYLOAD_DATA_SCHEMA,
  postBody,
} from '../../src/emitters/request.js';

describe('encodeEvent', () => {
  it('POST: JSON of the payload, priced with stm and a comma', () => {
    const { data, bytes } = encodeEvent({ e: 'pv', eid: 'x', page: 'Café' }, 'post');
    expect(data).toBe('{"e":"pv","eid":"x","page":"Café"}');
    expect(bytes).toBe(Buffer.byteLength(data) + ',"stm":"1700000000000"'.length + 1);
  });

  it('GET: URL-encoded in payload order, co and cx last', () => {
    const { data } = encodeEvent({ cx: 'eyJ9', e: 'ue', eid: 'x', co: '{}', ue_pr: '{"a":"b c"}' }, 'get');
    expect(data).toBe('e=ue&eid=x&ue_pr=%7B%22a%22%3A%22b%20c%22%7D&cx=eyJ9&co=%7B%7D');
  });

  it('keeps a given eid and drops a stale stm, without touching the caller payload', () => {
    const payload = { e: 'pv', eid: 'keep', stm: '1' };
    expect(encodeEvent(payload, 'post').data).toBe('{"e":"pv","eid":"keep"}');
    expect(payload).toEqual({ e: 'pv', eid: 'keep', stm: '1' });
  });
});

describe('request assembly', () => {
  it('postBody wraps events in payload_data 1-0-4 with the same stm last, UTF-8 exact', () => {
    const events = [
      { e: 'pv', eid: 'a' },
      { eid: 'b', page: 'Café ✓' },
    ].map((p) => encodeEvent(p, 'post'));
    const body = postBody(events, '1700000000001');
    const want = `{"schema":"${PAYLOAD_DATA_SCHEMA}","data":[{"e":"pv","eid":"a","stm":"1700000000001"},{"eid":"b","page":"Café ✓","stm":"1700000000001"}]}`;
    expect(body.toString('utf8')).toBe(want);
    expect(body.length).toBe(Buffer.byteLength(want));
  });

  it('postBody handles an empty event and a longer stm', () => {
    const body = postBody([{ data: '{}', bytes: 2 + 23 }], '17000000000012');
    expect(body.toString('utf8')).toBe(
      `{"schema":"${PAYLOAD_DATA_SCHEMA}","data":[{"stm":"17000000000012"}]}`,
    );
  });

  it('getPath puts stm first', () => {
    expect(getPath('e=pv&eid=x', '1700000000001')).toBe('/i?stm=1700000000001&e=pv&eid=x');
    expect(getPath('', '1700000000001')).toBe('/i?stm=1700000000001');
  });

  it('decodeEvents round-trips both encodings', () => {
    const payload = { e: 'pv', eid: 'x', url: 'https://a.test/?q=1&r=é+', co: '{"x":[1]}' };
    for (const method of ['get', 'post'] as const) {
      expect(decodeEvents([encodeEvent(payload, method).data], method)).toEqual([payload]);
    }
  });
});
