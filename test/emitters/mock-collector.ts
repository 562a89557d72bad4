/**
 * A mocked collector for unit tests: an undici MockAgent with network access disabled, answering each
 * request with the next scripted answer (200 once the script runs out) and recording what was sent.
 */
import { MockAgent } from 'undici';

export const ORIGIN = 'https://collector.test';

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
}

export interface SentRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Parsed events: the POST body's `data`, or the GET query. */
  events: Record<string, string>[];
  /** Date.now() when the request went out (fake time in tests). */
  at: number;
}

/** `script`: the answers in order, or a function answering each request (a collector with rules). */
export function mockCollector(script: (number | ScriptedAnswer)[] | ((request: SentRequest) => number) = []) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const sent: SentRequest[] = [];
  const answers = typeof script === 'function' ? [] : [...script];
  agent
    .get(ORIGIN)
    .intercept({ path: () => true, method: () => true })
    .reply((opts) => {
      const body =
        typeof opts.body === 'string'
          ? opts.body
          : Buffer.isBuffer(opts.body)
            ? opts.body.toString('utf8')
            : undefined;
      const url = new URL(opts.path, ORIGIN);
      const events =
        body === undefined
          ? [Object.fromEntries(url.searchParams)]
          : (JSON.parse(body) as { data: Record<string, string>[] }).data;
      const headers = Object.fromEntries(
        Object.entries((opts.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
      );
      const request = { method: opts.method, path: opts.path, headers, body, events, at: Date.now() };
      sent.push(request);
      const next = typeof script === 'function' ? script(request) : (answers.shift() ?? 200);
      const answer = typeof next === 'number' ? { status: next } : next;
      return { statusCode: answer.status, data: '', responseOptions: { headers: answer.headers ?? {} } };
    })
    .persist();
  return { agent, sent, answers };
}

/** A payload record as the tracker would give it. */
export function event(n: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    e: 'se',
    se_ca: 'cat',
    se_ac: `action-${n}`,
    eid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    tv: 'plowtype-0.1.0',
    p: 'srv',
    dtm: '1700000000000',
    ...extra,
  };
}
