/** The collector under hostile and heavy input: bounded memory, streamed reads. */
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { type Collector, type CollectorOptions, startCollector } from '../../src/collector/index.js';
import { base, micro, post, sendRaw, TP2, UNSTRUCT } from './helpers.js';

async function withCollector(
  options: CollectorOptions,
  body: (c: Collector) => Promise<void>,
): Promise<void> {
  const collector = await startCollector(options);
  try {
    await body(collector);
  } finally {
    await collector.stop();
  }
}

/** A page view of about `kb` KB (in `tna`, a parameter with no length rule). */
const big = (aid: string, kb: number) => ({
  e: 'pv',
  ...base,
  aid,
  tna: 'a'.repeat(kb * 1024),
});

describe('store bound in bytes', () => {
  it('drops the oldest events past maxStoreBytes, counts them, and says so in /micro/all', async () => {
    const drops: number[] = [];
    // Each event is estimated at 1 KB of overhead plus twice its 100 KB of text: two fit in 500 KB.
    await withCollector({ maxStoreBytes: 500_000, onDrop: (n) => drops.push(n) }, async (c) => {
      for (const aid of ['a', 'b', 'c', 'd']) expect((await post(c.url, [big(aid, 100)])).status).toBe(200);
      expect(c.events.good().map((e) => e.rawEvent.parameters.aid)).toEqual(['d', 'c']);
      expect(drops).toEqual([1, 2]);
      expect((await micro(c.url, 'all')).body).toEqual({ total: 2, good: 2, bad: 0, dropped: 2 });
    });
  });

  it('counts good and bad together, dropping whichever is oldest', async () => {
    // A bad event costs more than a good one: its request body, its parameters and its bad row.
    await withCollector({ maxStoreBytes: 600_000 }, async (c) => {
      await post(c.url, [big('good-1', 100)]);
      await post(c.url, [{ ...big('bad-1', 100), p: 'moon' }]);
      await post(c.url, [big('good-2', 100)]);
      expect(c.events.good().map((e) => e.rawEvent.parameters.aid)).toEqual(['good-2']);
      expect(c.events.bad().map((e) => e.rawEvent?.parameters.aid)).toEqual(['bad-1']);
      expect(c.events.dropped).toBe(1);
    });
  });
});

describe('large reads', () => {
  it('streams /micro/good in chunks, newest first, equal to the stored events', async () => {
    await withCollector({}, async (c) => {
      for (let i = 0; i < 40; i++)
        await post(
          c.url,
          Array.from({ length: 50 }, (_, j) => big(`${i}-${j}`, 4)),
        );
      const res = await request(`${c.url}/micro/good`);
      expect(res.headers['transfer-encoding']).toBe('chunked');
      let chunks = 0;
      let text = '';
      for await (const chunk of res.body) {
        chunks++;
        text += chunk;
      }
      const events = JSON.parse(text) as { rawEvent: { parameters: { aid: string } } }[];
      expect(events).toHaveLength(2000);
      expect(events[0]?.rawEvent.parameters.aid).toBe('39-49');
      expect(events[1999]?.rawEvent.parameters.aid).toBe('0-0');
      expect(text).toBe(JSON.stringify(c.events.good()));
      expect(chunks).toBeGreaterThan(10);
    });
  });
});

describe('deep nesting', () => {
  const DEEP_REGISTRY = fileURLToPath(new URL('./fixtures/registry-deep', import.meta.url));
  const TREE = 'iglu:com.acme/tree/jsonschema/1-0-0';
  /**
   * A tree event whose ue_pr JSON nests `depth` objects in all (the two wrappers included), written as
   * text: JSON.stringify itself overflows the stack on 20,000 levels.
   */
  const tree = (aid: string, depth: number) => {
    const nodes = depth - 3;
    const data = `${'{"child":'.repeat(nodes)}{"name":"leaf"}${'}'.repeat(nodes)}`;
    const ue_pr = `{"schema":"${UNSTRUCT}","data":{"schema":"${TREE}","data":${data}}}`;
    return { e: 'ue', ...base, aid, ue_pr };
  };

  it('judges a batch event by event: a too-deep event is bad, the others stored once', async () => {
    await withCollector({ registries: [DEEP_REGISTRY] }, async (c) => {
      const batch = [big('before', 1), tree('deep', 20_000), big('after', 1)];
      for (let attempt = 0; attempt < 3; attempt++) {
        c.reset();
        // 400, not 500: a tracker does not retry it, so nothing is stored twice.
        expect(await post(c.url, batch)).toEqual({ status: 400, text: 'Malformed event\n' });
        expect(c.events.good().map((e) => e.rawEvent.parameters.aid)).toEqual(['after', 'before']);
        expect(c.events.bad().map((e) => [e.rawEvent?.parameters.aid, e.reasons])).toEqual([
          ['deep', [{ field: 'ue_pr', path: '$', message: 'JSON nested deeper than 1000 levels' }]],
        ]);
      }
    });
  });

  it('keeps an event nested exactly 1000 deep good, readable again and again', async () => {
    await withCollector({ registries: [DEEP_REGISTRY] }, async (c) => {
      expect(await post(c.url, [tree('limit', 1000), tree('over', 1001)])).toEqual({
        status: 400,
        text: 'Malformed event\n',
      });
      for (let read = 0; read < 3; read++) {
        const { status, body } = await micro(c.url, 'good');
        expect(status).toBe(200);
        expect((body as { schema: string }[]).map((e) => e.schema)).toEqual([TREE]);
      }
      expect(c.events.bad().map((e) => e.rawEvent?.parameters.aid)).toEqual(['over']);
    });
  });
});

describe('GET /i query strings', () => {
  const query = new URLSearchParams({ e: 'pv', ...base }).toString();

  it('stores an event whose percent-encoded value is not UTF-8 as bad, naming the field', async () => {
    await withCollector({}, async (c) => {
      const res = await request(`${c.url}/i?${query}&page=caf%E9&refr=%C3%28`);
      await res.body.arrayBuffer();
      expect(res.statusCode).toBe(200);
      expect(c.events.good()).toEqual([]);
      expect(c.events.bad().map((e) => e.reasons)).toEqual([
        [
          { field: 'page', path: '$', message: 'Value is not valid UTF-8' },
          { field: 'refr', path: '$', message: 'Value is not valid UTF-8' },
        ],
      ]);
    });
  });

  it('keeps valid UTF-8, + as a space and a stray % as they are, as URLSearchParams reads them', async () => {
    await withCollector({}, async (c) => {
      const res = await request(`${c.url}/i?${query}&page=caf%C3%A9+100%zz`);
      await res.body.arrayBuffer();
      expect(c.events.bad()).toEqual([]);
      expect(c.events.good()[0]?.rawEvent.parameters.page).toBe('café 100%zz');
    });
  });
});

/** Polls (bounded) until `ready` holds. */
async function until(ready: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !ready(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!ready()) throw new Error(`timed out waiting for ${what}`);
}

describe('HTTP limits', () => {
  it('answers 431 to headers over 16 KiB and records a bad row saying so', async () => {
    await withCollector({}, async (c) => {
      const headers = Array.from({ length: 20 }, (_, i) => `X-Big-${i}: ${'h'.repeat(1000)}\r\n`).join('');
      const answer = await sendRaw(c.port, `GET /i?e=pv HTTP/1.1\r\nHost: x\r\n${headers}\r\n`);
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
      expect(c.events.bad().map((e) => e.reasons)).toEqual([
        [
          {
            field: 'request',
            path: '$',
            message: "Request headers over the 16 KiB limit: 'GET /i?e=pv HTTP/1.1'",
          },
        ],
      ]);
      expect(c.events.bad()[0]?.collectorPayload?.context.ipAddress).toBe('127.0.0.1');
    });
  });

  it('answers 414 to a request line over 16 KiB and records a bad row saying so', async () => {
    await withCollector({}, async (c) => {
      const answer = await sendRaw(
        c.port,
        `GET /i?e=pv&url=${'u'.repeat(17_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      );
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 414 URI Too Long');
      const [bad] = c.events.bad();
      expect(bad?.reasons).toEqual([
        {
          field: 'request',
          path: '$',
          message: `Request line over the 16 KiB limit: 'GET /i?e=pv&url=${'u'.repeat(64)}…' (17025 characters)`,
        },
      ]);
    });
  });

  it('counts a client that goes away mid-body and logs it at debug, storing nothing', async () => {
    const debug: string[] = [];
    await withCollector({ onDebug: (line) => debug.push(line) }, async (c) => {
      const socket = connect(c.port, '127.0.0.1');
      // Expect: 100-continue makes the server say when it has the request: then part of a body, then gone.
      const continued = new Promise((resolve) => socket.once('data', resolve));
      socket.write(
        `POST ${TP2} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n`,
      );
      expect(String(await continued)).toBe('HTTP/1.1 100 Continue\r\n\r\n');
      socket.write('{"schema":', () => socket.destroy());
      await until(() => c.aborted === 1, 'the abort to be counted');
      expect(debug).toEqual([`client went away before its request was read: POST ${TP2}`]);
      expect(c.events.summary()).toEqual({ total: 0, good: 0, bad: 0 });
    });
  });

  it('closes a client that trickles its headers past headersTimeoutMs with 408', async () => {
    await withCollector({ headersTimeoutMs: 200, requestTimeoutMs: 400 }, async (c) => {
      const socket = connect(c.port, '127.0.0.1');
      let answer = '';
      let closed = false;
      socket.on('data', (d) => {
        answer += d;
      });
      socket.on('close', () => {
        closed = true;
      });
      socket.on('error', () => {});
      socket.write('GET /i?e=pv HTTP/1.1\r\nHost: x\r\n');
      // One byte every 50 ms: the headers never end, so only the collector's timeout can close it.
      const trickle = setInterval(() => socket.writable && socket.write('X'), 50);
      try {
        await until(() => closed, 'the collector to close the slow connection');
      } finally {
        clearInterval(trickle);
      }
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    });
  });

  it('refuses connections past maxConnections, and takes new ones once others close', async () => {
    const debug: string[] = [];
    await withCollector({ maxConnections: 2, onDebug: (line) => debug.push(line) }, async (c) => {
      const open = [connect(c.port, '127.0.0.1'), connect(c.port, '127.0.0.1')];
      try {
        // A keep-alive request answered on each proves the collector holds both connections.
        for (const socket of open) {
          const answered = new Promise((resolve) => socket.once('data', resolve));
          socket.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
          await answered;
        }
        const third = await sendRaw(c.port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        expect(third).toBe('');
        expect(debug).toEqual(['connection from 127.0.0.1 refused: 2 open']);
        for (const socket of open) socket.destroy();
        await until(() => open.every((s) => s.destroyed), 'the sockets to close');
        // The collector hears of the closes a moment later: until then a new connection is refused.
        let answer = '';
        for (let i = 0; i < 200 && !answer.startsWith('HTTP/1.1 200'); i++) {
          await new Promise((r) => setTimeout(r, 25));
          answer = await sendRaw(c.port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
        }
        expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
      } finally {
        for (const socket of open) socket.destroy();
      }
    });
  });
});

describe('unparseable HTTP', () => {
  it('answers 400 with a reason and records a bad row (raw bytes outside ASCII in the target)', async () => {
    await withCollector({}, async (c) => {
      const answer = await sendRaw(
        c.port,
        'GET /i?e=pv&page=caf\xe9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      );
      expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
      const why =
        "Not parseable as HTTP (HPE_INVALID_URL: Parse Error: Invalid char in url query): 'GET /i?e=pv&page=café HTTP/1.1'";
      expect(Buffer.from(answer, 'latin1').toString('utf8').endsWith(`\r\n\r\n${why}\n`)).toBe(true);
      expect(c.events.bad().map((e) => e.reasons)).toEqual([[{ field: 'request', path: '$', message: why }]]);
    });
  });
});
