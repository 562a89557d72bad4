/**
 * The /micro API refuses what a web page could send it (a cross-origin request, or a foreign Host as
 * DNS rebinding gives), while the tracking endpoints take everything; an optional bearer token.
 */
import { request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { type Collector, startCollector } from '../../src/collector/index.js';
import { base, get } from './helpers.js';

const open: Collector = await startCollector();
const locked: Collector = await startCollector({ token: 's3cret' });
afterAll(() => Promise.all([open.stop(), locked.stop()]));

async function call(c: Collector, path: string, headers: Record<string, string> = {}) {
  const res = await request(`${c.url}${path}`, { headers });
  return { status: res.statusCode, text: await res.body.text() };
}

describe('/micro guard', () => {
  it('refuses GET /micro/reset with a foreign Host, and keeps the events', async () => {
    await get(open.url, { e: 'pv', ...base });
    expect(await call(open, '/micro/reset', { host: `attacker.example:${open.port}` })).toEqual({
      status: 403,
      text: `Host "attacker.example:${open.port}" is not this collector's address\n`,
    });
    expect(await call(open, '/micro/good', { host: `127.0.0.1:${open.port + 1}` })).toMatchObject({
      status: 403,
    });
    expect(open.events.summary().good).toBe(1);
  });

  it('refuses cross-origin browser requests, by Origin or by Sec-Fetch-Site', async () => {
    expect(await call(open, '/micro/reset', { origin: 'http://shop.example' })).toEqual({
      status: 403,
      text: 'Cross-origin request from http://shop.example refused\n',
    });
    expect(await call(open, '/micro/good', { 'sec-fetch-site': 'cross-site' })).toEqual({
      status: 403,
      text: 'Cross-site request (Sec-Fetch-Site: cross-site) refused\n',
    });
    expect(open.events.summary().good).toBeGreaterThan(0);
  });

  it('answers its own origin, localhost and plain clients', async () => {
    const own = `http://127.0.0.1:${open.port}`;
    expect((await call(open, '/micro/all', { origin: own, 'sec-fetch-site': 'same-origin' })).status).toBe(
      200,
    );
    expect((await call(open, '/micro/all', { host: `localhost:${open.port}` })).status).toBe(200);
    expect(await call(open, '/micro/reset')).toEqual({ status: 200, text: 'Reset completed' });
  });

  it('asks for the bearer token on the whole /micro API when one is set, not on tracking', async () => {
    expect(await call(locked, '/micro/all')).toEqual({
      status: 403,
      text: 'Missing or wrong bearer token\n',
    });
    expect((await call(locked, '/micro/reset', { authorization: 'Bearer wrong' })).status).toBe(403);
    expect((await get(locked.url, { e: 'pv', ...base })).status).toBe(200);
    // The page's files hold no event: a browser loads them without the token, which the page then sends.
    expect((await call(locked, '/micro/ui')).status).toBe(200);
    expect((await call(locked, '/micro/ui/app.js')).status).toBe(200);
    expect((await call(locked, '/micro/ui/api/events')).status).toBe(403);
    expect((await call(locked, '/micro/ui', { host: `evil.example:${locked.port}` })).status).toBe(403);
    expect(await call(locked, '/micro/all', { authorization: 'Bearer s3cret' })).toEqual({
      status: 200,
      text: '{"total":1,"good":1,"bad":0,"dropped":0}',
    });
  });
});
