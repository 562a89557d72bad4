/** CORS on the tracking endpoints, as Snowplow's collector answers it; none on the /micro API. */
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { startCollector } from '../../src/collector/index.js';
import { base, TP2 } from './helpers.js';

const collector = await startCollector();
afterAll(() => collector.stop());
const ORIGIN = 'http://shop.example:8080';

const cors = (headers: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(headers).filter(([k]) => k.startsWith('access-control-') || k === 'vary'),
  );

describe('CORS', () => {
  it.each([TP2, '/i'])(
    'answers a preflight on %s with the origin, credentials, methods and headers',
    async (path) => {
      const res = await request(`${collector.url}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
      await res.body.text();
      expect(res.statusCode).toBe(200);
      expect(cors(res.headers)).toEqual({
        'access-control-allow-origin': ORIGIN,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'POST, GET, OPTIONS',
        'access-control-allow-headers': 'Content-Type, SP-Anonymous',
        'access-control-max-age': '3600',
        vary: 'Origin',
      });
      expect(collector.events.summary()).toEqual({ total: 0, good: 0, bad: 0 });
    },
  );

  it('echoes the origin on a GET pixel, and answers * without one', async () => {
    const query = `${collector.url}/i?${new URLSearchParams({ e: 'pv', ...base })}`;
    const withOrigin = await request(query, { headers: { origin: ORIGIN } });
    await withOrigin.body.arrayBuffer();
    expect(cors(withOrigin.headers)).toEqual({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-credentials': 'true',
      vary: 'Origin',
    });
    const without = await request(query);
    await without.body.arrayBuffer();
    expect(without.headers['access-control-allow-origin']).toBe('*');
  });

  it('gives the /micro API no CORS headers, so another origin cannot read it', async () => {
    const res = await request(`${collector.url}/micro/all`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN },
    });
    await res.body.text();
    expect(res.statusCode).toBe(403);
    expect(cors(res.headers)).toEqual({});
  });
});
