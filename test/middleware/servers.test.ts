/**
 * The subject middleware on real servers (node:http, Express, Fastify) on 127.0.0.1, under 60 concurrent
 * requests each: every handler reads a body and awaits before tracking, and no event may carry another
 * request's subject. The client connects through 127.0.0.1, which the servers trust as their proxy.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setImmediate as tick } from 'node:timers/promises';
import express from 'express';
import Fastify from 'fastify';
import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  fastifySubject,
  InMemoryEmitter,
  type Payload,
  type Subject,
  subjectMiddleware,
  Tracker,
  withSubject,
} from '../../src/index.js';

const REQUESTS = 60;
const options = { trustedProxies: ['127.0.0.1'], extend: (s: Subject) => void s.setPlatform('web') };
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function sid(n: number): string {
  return `5f0c5a8e-1d2b-4c3a-9e4f-${String(n).padStart(12, '0')}`;
}

/** What request n sends, and what its event must carry. */
function expected(n: number) {
  return {
    headers: {
      'x-forwarded-for': `198.51.100.${n}`,
      'user-agent': `agent/${n}`,
      'accept-language': `fr;q=0.5, de-CH-x${n};q=0.9`,
      cookie: `theme=dark; _sp_id.abcd=duid-${n}.1700000000.${n + 1}.1700000500.1699990000.${sid(n)}`,
      'content-type': 'application/json',
    },
    payload: {
      p: 'web',
      ip: `198.51.100.${n}`,
      ua: `agent/${n}`,
      lang: `de-CH-x${n}`,
      duid: `duid-${n}`,
      sid: sid(n),
      vid: String(n + 1),
      se_la: String(n),
    },
  };
}

/** The handler every server runs: awaits, then tracks the request number it read from the body. */
async function handle(tracker: Tracker, body: { n: number }): Promise<void> {
  await tick();
  await new Promise((resolve) => setTimeout(resolve, (body.n * 7) % 11));
  tracker.trackStructEvent({ category: 'req', action: 'handled', label: String(body.n) });
}

function tracked(): { tracker: Tracker; emitter: InMemoryEmitter } {
  const emitter = new InMemoryEmitter();
  return { tracker: new Tracker({ emitters: emitter }), emitter };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Sends the requests all at once; every answer must be 200. */
async function hammer(origin: string): Promise<void> {
  const pool = new Pool(origin, { connections: 16 });
  closers.push(() => pool.close());
  const answers = await Promise.all(
    Array.from({ length: REQUESTS }, async (_, n) => {
      const response = await pool.request({
        path: '/track',
        method: 'POST',
        headers: expected(n).headers,
        body: JSON.stringify({ n }),
      });
      await response.body.dump();
      return response.statusCode;
    }),
  );
  expect(answers).toStrictEqual(Array(REQUESTS).fill(200));
}

function check(payloads: Payload[]): void {
  expect(payloads).toHaveLength(REQUESTS);
  const byRequest = [...payloads].sort((a, b) => Number(a.se_la) - Number(b.se_la));
  expect(
    byRequest.map(({ p, ip, ua, lang, duid, sid, vid, se_la }) => ({
      p,
      ip,
      ua,
      lang,
      duid,
      sid,
      vid,
      se_la,
    })),
  ).toStrictEqual(Array.from({ length: REQUESTS }, (_, n) => expected(n).payload));
}

describe('the subject middleware under concurrent requests', () => {
  it('node:http (withSubject), body read with for await', async () => {
    const { tracker, emitter } = tracked();
    const server = createServer(
      withSubject(async (request: IncomingMessage, response: ServerResponse) => {
        let text = '';
        for await (const chunk of request) text += chunk;
        await handle(tracker, JSON.parse(text) as { n: number });
        response.end('ok');
      }, options),
    );
    await hammer(await listen(server));
    check(emitter.payloads);
  });

  it('Express (subjectMiddleware after express.json())', async () => {
    const { tracker, emitter } = tracked();
    const app = express();
    app.use(express.json());
    app.use(subjectMiddleware(options));
    app.post('/track', async (request, response) => {
      await handle(tracker, request.body as { n: number });
      response.send('ok');
    });
    await hammer(await listen(createServer(app)));
    check(emitter.payloads);
  });

  it('Fastify (fastifySubject: onRequest, and again after the body is parsed)', async () => {
    const { tracker, emitter } = tracked();
    const app = Fastify();
    fastifySubject(app, options);
    app.post('/track', async (request) => {
      await handle(tracker, request.body as { n: number });
      return 'ok';
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    closers.push(() => app.close());
    await hammer(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
    check(emitter.payloads);
  });
});
