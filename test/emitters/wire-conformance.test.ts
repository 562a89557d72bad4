/**
 * The emitters put the same bytes on the wire as the official @snowplow/node-tracker 4.8.0 for the same
 * events: each captured request (shared/reference) is replayed as payload records, and our request must
 * equal it except for the stm value (the send time).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createLogger, Emitter } from 'plowtype';
import { describe, expect, it } from 'vitest';
import { payloadJson } from '../../src/json-writer/index.js';
import { mockCollector, ORIGIN } from './mock-collector.js';

const file = new URL('../../../shared/reference/official-node-tracker-payloads.json', import.meta.url);

interface Captured {
  name: string;
  get: { url: string; queryParams: [string, string][] }[];
  post: { rawBody: string; body: { data: Record<string, string>[] } }[];
}

const cases: Captured[] = existsSync(file)
  ? (JSON.parse(readFileSync(file, 'utf8')) as { cases: Captured[] }).cases
  : [];
const quiet = createLogger({ level: 'off' });

describe.skipIf(!existsSync(file))('wire format vs the official tracker (shared/reference)', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: GET URLs equal but for stm',
    async (_name, captured) => {
      const { agent, sent } = mockCollector([]);
      const emitter = new Emitter({
        endpoint: ORIGIN,
        method: 'get',
        dispatcher: agent,
        logger: quiet,
        flushInterval: 0,
      });
      for (const request of captured.get) {
        emitter.input(Object.fromEntries(request.queryParams.filter(([key]) => key !== 'stm')));
      }
      await emitter.flush();
      expect(sent.map((r) => r.path.replace(/^\/i\?stm=\d+&/, '/i?stm=STM&'))).toEqual(
        captured.get.map((r) => r.url.replace(/^\/i\?stm=\d+&/, '/i?stm=STM&')),
      );
    },
  );

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: POST bodies equal but for stm',
    async (_name, captured) => {
      const { agent, sent } = mockCollector([]);
      for (const request of captured.post) {
        const events = request.body.data.map(({ stm: _stm, ...rest }) => rest);
        const emitter = new Emitter({
          endpoint: ORIGIN,
          bufferSize: events.length,
          dispatcher: agent,
          logger: quiet,
          flushInterval: 0,
        });
        for (const event of events) emitter.input(event);
        await emitter.flush();
      }
      // The Tracker's fast path (inputJson, POST only) must put the very same bytes on the wire.
      const get = new Emitter({ endpoint: ORIGIN, method: 'get', dispatcher: agent, flushInterval: 0 });
      expect(get.inputJson).toBeUndefined();
      await get.close();
      for (const request of captured.post) {
        const emitter = new Emitter({
          endpoint: ORIGIN,
          bufferSize: request.body.data.length,
          dispatcher: agent,
          logger: quiet,
          flushInterval: 0,
        });
        for (const { stm: _stm, ...rest } of request.body.data) emitter.inputJson?.(payloadJson(rest));
        await emitter.flush();
      }
      const stm = /"stm":"\d+"/g;
      const twice = [...captured.post, ...captured.post];
      expect(sent.map((r) => r.body?.replace(stm, '"stm":"STM"'))).toEqual(
        twice.map((r) => r.rawBody.replace(stm, '"stm":"STM"')),
      );
      expect(sent.map((r) => r.headers['content-type']?.toLowerCase())).toEqual(
        twice.map(() => 'application/json; charset=utf-8'),
      );
    },
  );
});
