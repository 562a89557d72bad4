/** Hand-built Tracker Protocol requests for the collector tests. */
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

export const REGISTRY = fileURLToPath(new URL('./fixtures/registry', import.meta.url));
export const TP2 = '/com.snowplowanalytics.snowplow/tp2';
export const PAYLOAD_DATA = 'iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4';
export const UNSTRUCT = 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0';
export const CONTEXTS = 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1';
export const LEVEL_UP = 'iglu:com.acme/level_up/jsonschema/1-0-0';
export const PLAYER = 'iglu:com.acme/player/jsonschema/1-0-0';
export const EID = 'c6ef3124-b53a-4b13-a233-0088f79dcbcb';
export const PLAYER_ID = '3f2c8a6e-1b4d-4e5f-8a9b-0c1d2e3f4a5b';

/** URL-safe base64 without padding, as the JS tracker sends it. */
export const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
/** Standard alphabet with padding, as the Python tracker's non-URL-safe callers would. */
export const b64std = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64');

export const unstruct = (schema: string, data: unknown) => ({ schema: UNSTRUCT, data: { schema, data } });
export const contexts = (...entities: { schema: string; data: unknown }[]) => ({
  schema: CONTEXTS,
  data: entities,
});

/** POSTs a body to tp2 (a payload_data envelope around `events` unless `raw` is given). */
export async function post(
  url: string,
  events: readonly unknown[],
  options: { raw?: string; contentType?: string; path?: string } = {},
): Promise<{ status: number; text: string }> {
  const res = await request(`${url}${options.path ?? TP2}`, {
    method: 'POST',
    headers: { 'content-type': options.contentType ?? 'application/json; charset=UTF-8' },
    body: options.raw ?? JSON.stringify({ schema: PAYLOAD_DATA, data: events }),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

/** GETs `/i` with the parameters URL-encoded. */
export async function get(
  url: string,
  params: Record<string, string>,
): Promise<{ status: number; type: string }> {
  const res = await request(`${url}/i?${new URLSearchParams(params)}`);
  await res.body.arrayBuffer();
  return { status: res.statusCode, type: String(res.headers['content-type']) };
}

/** GET or POST on a /micro endpoint, parsed as JSON when it is JSON. */
export async function micro(
  url: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await request(`${url}/micro/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.body.text();
  const json = String(res.headers['content-type']).startsWith('application/json');
  return { status: res.statusCode, body: json ? JSON.parse(text) : text };
}

/** A minimal valid event of each kind. */
export const base = { tv: 'test-1', p: 'srv', eid: EID, dtm: '1700000000000' };

/** Writes raw bytes on a fresh connection and waits (bounded) for the server to answer or close. */
export function sendRaw(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, 2000);
    socket.on('data', (d) => {
      answer += d.toString('latin1');
    });
    socket.on('end', done);
    socket.on('error', done);
    socket.write(text, 'latin1');
  });
}
