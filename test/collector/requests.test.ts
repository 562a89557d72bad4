/** Malformed requests: each gets a 4xx and one bad record, and the collector keeps answering. */
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Collector, startCollector } from '../../src/collector/index.js';
import { base, get, micro, PAYLOAD_DATA, post, REGISTRY, sendRaw } from './helpers.js';

const collector: Collector = await startCollector({ registries: [REGISTRY], maxBodyBytes: 2000 });
afterAll(() => collector.stop());
beforeEach(() => collector.reset());

describe('malformed requests', () => {
  it.each([
    [
      'bad JSON',
      { raw: '{"schema":' },
      400,
      { field: 'body', path: '$', message: expect.stringMatching(/^Not valid JSON: /) },
    ],
    [
      'an array body',
      { raw: '[]' },
      400,
      {
        field: 'body',
        path: '$',
        message: 'Not a payload_data envelope: expected an object with schema and data',
      },
    ],
    [
      'another schema',
      { raw: '{"schema":"iglu:a/b/jsonschema/1-0-0","data":[]}' },
      400,
      {
        field: 'body',
        path: '$.schema',
        message: 'Not a payload_data 1-0-* schema: "iglu:a/b/jsonschema/1-0-0"',
      },
    ],
    [
      'no events',
      { raw: JSON.stringify({ schema: PAYLOAD_DATA, data: [] }) },
      400,
      { field: 'body', path: '$.data', message: 'Not a non-empty array of events' },
    ],
    [
      'a text content type',
      { contentType: 'text/plain' },
      415,
      {
        field: 'request',
        path: '$',
        message: 'Content type is not application/json (optionally with charset=utf-8): "text/plain"',
      },
    ],
    [
      'another charset',
      { contentType: 'application/json; charset=latin1' },
      415,
      {
        field: 'request',
        path: '$',
        message:
          'Content type is not application/json (optionally with charset=utf-8): "application/json; charset=latin1"',
      },
    ],
    [
      'an unsupported vendor',
      { path: '/com.acme/v1' },
      400,
      { field: 'request', path: '$', message: 'Vendor/version combination is not supported: com.acme/v1' },
    ],
    [
      'a body over the limit',
      { raw: JSON.stringify({ schema: PAYLOAD_DATA, data: [{ ...base, e: 'pv', url: 'x'.repeat(2000) }] }) },
      413,
      {
        field: 'body',
        path: '$',
        message: expect.stringMatching(/^Body is larger than 2000 bytes: 2\d{3}$/),
      },
    ],
  ])('%s', async (_name, options, status, want) => {
    const res = await post(collector.url, [{ e: 'pv', ...base }], options);
    expect(res.status).toBe(status);
    const [bad, ...rest] = collector.events.bad();
    expect(rest).toEqual([]);
    expect(bad?.reasons).toEqual([want]);
    expect(bad?.rawEvent).toBeNull();
    expect(res.text).toBe(`${bad?.reasons[0]?.message}\n`);
    expect(collector.events.good()).toEqual([]);
  });

  it('accepts application/json without a charset', async () => {
    expect(await post(collector.url, [{ e: 'pv', ...base }], { contentType: 'application/json' })).toEqual({
      status: 200,
      text: 'ok',
    });
  });

  it('keeps the body of a request it could not read', async () => {
    await post(collector.url, [], { raw: 'not json' });
    expect(collector.events.bad()[0]?.collectorPayload).toMatchObject({
      body: 'not json',
      contentType: 'application/json; charset=UTF-8',
    });
  });

  it('answers 400 to a body that is not UTF-8', async () => {
    const res = await request(`${collector.url}/com.snowplowanalytics.snowplow/tp2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from([0x7b, 0xff, 0x7d]),
    });
    expect(res.statusCode).toBe(400);
    await res.body.text();
    expect(collector.events.bad()[0]?.reasons).toEqual([
      { field: 'body', path: '$', message: 'Body is Not valid UTF-8' },
    ]);
  });

  it('answers 413 as soon as a streamed body passes the limit, without waiting for its end', async () => {
    let answered = false;
    let sent = 0;
    // Up to 100 MB, but the stream only goes on while no answer came: the answer must come first.
    async function* chunks() {
      for (; sent < 100_000 && !answered; sent++) {
        yield Buffer.alloc(1000, 0x20);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const res = await request(`${collector.url}/com.snowplowanalytics.snowplow/tp2`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Readable.from(chunks()),
    }).catch((error: unknown) => error);
    answered = true;
    expect((res as { statusCode: number }).statusCode).toBe(413);
    expect(sent).toBeLessThan(100_000);
    expect(collector.events.bad()[0]?.reasons).toEqual([
      { field: 'body', path: '$', message: 'Body is larger than 2000 bytes' },
    ]);
  });

  it('answers 400 to a request target that is not a URL, and records it', async () => {
    const answer = await sendRaw(collector.port, 'GET // HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(answer).toContain("\r\n\r\n22\r\nRequest target is not a URL: '//'\n\r\n0\r\n\r\n");
    const [bad, ...rest] = collector.events.bad();
    expect(rest).toEqual([]);
    expect(bad?.reasons).toEqual([
      { field: 'request', path: '$', message: "Request target is not a URL: '//'" },
    ]);
    expect(bad?.collectorPayload?.api).toEqual({ vendor: 'unknown', version: '//' });
    expect(bad?.collectorPayload?.source.name).toBe('plowtype-micro');
  });

  it('answers 404 to unknown paths without recording them', async () => {
    const res = await request(`${collector.url}/nowhere`);
    expect(res.statusCode).toBe(404);
    expect(await res.body.text()).toBe('Not found: GET /nowhere\n');
    expect(collector.events.summary()).toEqual({ total: 0, good: 0, bad: 0 });
  });

  it('survives garbage of every kind and still answers', async () => {
    const garbage = [
      'GET /i?%%%e=%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      'POST /com.snowplowanalytics.snowplow/tp2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{{{{{',
      'POST /com.snowplowanalytics.snowplow/tp2 HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nContent-Type: application/json\r\n\r\n{',
      'NONSENSE\r\n\r\n',
      '\u0000\u0001\u0002 / HTTP/9.9\r\n\r\n',
      `GET /i?${'a'.repeat(20_000)}=1 HTTP/1.1\r\nHost: x\r\n\r\n`,
      `POST /micro/good HTTP/1.1\r\nHost: 127.0.0.1:${collector.port}\r\nContent-Length: 3\r\nConnection: close\r\n\r\n[1]`,
      `POST /micro/good HTTP/1.1\r\nHost: 127.0.0.1:${collector.port}\r\nContent-Length: 12\r\nConnection: close\r\n\r\n{"limit":-1}`,
    ];
    const statuses: string[] = [];
    for (const text of garbage) statuses.push((await sendRaw(collector.port, text)).slice(0, 12));
    expect(statuses).toEqual([
      'HTTP/1.1 200',
      'HTTP/1.1 400',
      'HTTP/1.1 413',
      'HTTP/1.1 400',
      'HTTP/1.1 400',
      'HTTP/1.1 414',
      'HTTP/1.1 400',
      'HTTP/1.1 400',
    ]);
    const hostile = [
      JSON.stringify({
        schema: PAYLOAD_DATA,
        data: [null, 1, [], { e: { toString: 1 } }, { __proto__: { e: 'pv' } }],
      }),
      JSON.stringify({
        schema: PAYLOAD_DATA,
        data: [{ ...base, e: 'ue', ue_pr: '{"schema":"x","data":'.repeat(5000) }],
      }),
      JSON.stringify({ schema: PAYLOAD_DATA, data: [{ ...base, e: 'ue', ue_pr: `${'['.repeat(100_000)}` }] }),
    ];
    for (const raw of hostile)
      expect((await post(collector.url, [], { raw })).status).toBeGreaterThanOrEqual(400);
    expect(await get(collector.url, { e: 'pv', ...base })).toEqual({ status: 200, type: 'image/gif' });
    expect((await micro(collector.url, 'all')).status).toBe(200);
    expect(collector.events.good()).toHaveLength(1);
  });
});
