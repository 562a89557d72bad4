/** The collector's own behaviour, driven by hand-built requests over real HTTP on 127.0.0.1. */
import { request } from 'undici';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { type Collector, startCollector } from '../../src/collector/index.js';
import {
  b64,
  b64std,
  base,
  contexts,
  EID,
  get,
  LEVEL_UP,
  PLAYER,
  PLAYER_ID,
  post,
  REGISTRY,
  unstruct,
} from './helpers.js';

const collector: Collector = await startCollector({ registries: [REGISTRY] });
afterAll(() => collector.stop());
beforeEach(() => collector.reset());

const levelUp = unstruct(LEVEL_UP, { level: 3, character: 'Zoë', mode: 'hard' });
const player = { schema: PLAYER, data: { id: PLAYER_ID, name: 'Ada' } };

describe('good events', () => {
  it('reads a page view from GET /i and answers with a pixel', async () => {
    const params = { e: 'pv', url: 'https://example.com/a?b=c d', page: 'Home & more', ...base };
    expect(await get(collector.url, params)).toEqual({ status: 200, type: 'image/gif' });
    const [good, ...rest] = collector.events.good();
    expect(rest).toEqual([]);
    expect(good?.rawEvent.api).toEqual({ vendor: 'com.snowplowanalytics.snowplow', version: 'tp1' });
    expect(good?.rawEvent.parameters).toEqual(params);
    expect(good?.eventType).toBe('page_view');
    expect(good?.schema).toBe('iglu:com.snowplowanalytics.snowplow/page_view/jsonschema/1-0-0');
    expect(good?.contexts).toEqual([]);
    expect(good?.incomplete).toBe(false);
    expect(good?.event).toMatchObject({
      event: 'page_view',
      event_id: EID,
      platform: 'srv',
      v_tracker: 'test-1',
      page_url: 'https://example.com/a?b=c d',
      page_title: 'Home & more',
      dvce_created_tstamp: '2023-11-14T22:13:20.000Z',
      contexts: {},
      unstruct_event: null,
      se_category: null,
    });
    expect(collector.events.bad()).toEqual([]);
  });

  it('reads a POST batch, stores every event, and lists them newest first', async () => {
    const se = { e: 'se', se_ca: 'shop', se_ac: 'add', se_va: '2.5', ...base };
    const ue = { e: 'ue', ue_px: b64(levelUp), cx: b64(contexts(player)), ...base, eid: PLAYER_ID };
    expect(await post(collector.url, [se, ue])).toEqual({ status: 200, text: 'ok' });
    const [second, first] = collector.events.good();
    expect(first?.rawEvent.parameters).toEqual(se);
    expect(first?.eventType).toBe('struct');
    expect(first?.schema).toBe('iglu:com.google.analytics/event/jsonschema/1-0-0');
    expect(first?.event).toMatchObject({ se_category: 'shop', se_action: 'add', se_value: 2.5 });
    expect(second?.rawEvent.parameters).toEqual(ue);
    expect(second?.rawEvent.api).toEqual({ vendor: 'com.snowplowanalytics.snowplow', version: 'tp2' });
    expect(second?.eventType).toBe('unstruct');
    expect(second?.schema).toBe(LEVEL_UP);
    expect(second?.contexts).toEqual([PLAYER]);
    expect(second?.event).toMatchObject({
      event_vendor: 'com.acme',
      event_name: 'level_up',
      event_format: 'jsonschema',
      event_version: '1-0-0',
      unstruct_event: levelUp,
      contexts: { schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [player] },
    });
    expect(collector.events.summary()).toEqual({ total: 2, good: 2, bad: 0 });
  });

  it.each([
    ['ue_px url-safe without padding, cx', { ue_px: b64(levelUp), cx: b64(contexts(player)) }],
    ['ue_px standard with padding, cx', { ue_px: b64std(levelUp), cx: b64std(contexts(player)) }],
    ['ue_pr and co as plain JSON', { ue_pr: JSON.stringify(levelUp), co: JSON.stringify(contexts(player)) }],
  ])('decodes %s to the same event', async (_name, fields) => {
    await get(collector.url, { e: 'ue', ...fields, ...base });
    const [good] = collector.events.good();
    expect(good?.event.unstruct_event).toEqual(levelUp);
    expect(good?.contexts).toEqual([PLAYER]);
    expect(collector.events.bad()).toEqual([]);
  });

  it('accepts contexts 1-0-0 and an empty contexts 1-0-1', async () => {
    const v100 = { schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0', data: [player] };
    await post(collector.url, [
      { e: 'pv', ...base, co: JSON.stringify(v100) },
      { e: 'pv', ...base, co: JSON.stringify(contexts()) },
    ]);
    expect(collector.events.good().map((g) => g.contexts)).toEqual([[], [PLAYER]]);
  });

  it('merges query-string parameters into every POSTed event', async () => {
    await post(collector.url, [{ e: 'pv', ...base }], {
      path: '/com.snowplowanalytics.snowplow/tp2?aid=from-query',
    });
    expect(collector.events.good()[0]?.rawEvent.parameters).toEqual({ aid: 'from-query', e: 'pv', ...base });
  });
});

describe('bad events, reason by reason', () => {
  it('reports every Tracker Protocol violation of an event', async () => {
    const event = {
      e: 'xx',
      p: 'moon',
      tv: 't',
      eid: 'nope',
      foo: 'bar',
      se_va: 3,
      dtm: null,
      vp: '10',
      stm: 'now',
    };
    expect(await post(collector.url, [event])).toEqual({ status: 200, text: 'ok' });
    const [bad, ...rest] = collector.events.bad();
    expect(rest).toEqual([]);
    expect(bad?.reasons).toEqual([
      { field: 'foo', path: '$', message: 'Not a payload_data 1-0-4 parameter' },
      { field: 'se_va', path: '$', message: 'Value is not a string: number' },
      { field: 'dtm', path: '$', message: 'Value cannot be null' },
      { field: 'e', path: '$', message: "Not a valid event type: 'xx'" },
      { field: 'p', path: '$', message: "Not a valid platform: 'moon'" },
      { field: 'eid', path: '$', message: "Not a valid UUID: 'nope'" },
      { field: 'vp', path: '$', message: "Not WIDTHxHEIGHT: '10'" },
      { field: 'stm', path: '$', message: "Not a timestamp in epoch milliseconds: 'now'" },
    ]);
    expect(bad?.rawEvent?.parameters).toEqual({
      e: 'xx',
      p: 'moon',
      tv: 't',
      eid: 'nope',
      foo: 'bar',
      vp: '10',
      stm: 'now',
    });
    expect(bad?.errors[0]).toBe(
      'Error while extracting event(s) from collector payload and validating it/them.',
    );
    const row = JSON.parse(bad?.errors[1] ?? '');
    expect(row.schema).toBe(
      'iglu:com.snowplowanalytics.snowplow.badrows/tracker_protocol_violations/jsonschema/2-0-0',
    );
    expect(row.data.failure.messages).toEqual(bad?.reasons);
    expect(row.data.payload.enriched).toEqual({ event_id: 'nope' });
    expect(collector.events.good()).toEqual([]);
  });

  it('quotes a long value only in part', async () => {
    await post(collector.url, [{ e: 'pv', ...base, url: `https://example.com/${'x'.repeat(10_000)}` }]);
    expect(collector.events.bad()[0]?.reasons).toEqual([
      {
        field: 'url',
        path: '$',
        message: `Longer than 10000 characters: 'https://example.com/${'x'.repeat(60)}…' (10020 characters)`,
      },
    ]);
  });

  it('reports missing required parameters, and those an event type needs', async () => {
    await post(collector.url, [
      { aid: 'x' },
      { e: 'se', p: 'srv', tv: 't', se_ac: 'a' },
      { e: 'ue', p: 'srv', tv: 't' },
    ]);
    expect(collector.events.bad().map((b) => b.reasons)).toEqual([
      [{ field: 'ue_px|ue_pr', path: '$', message: 'Missing required parameter for e=ue' }],
      [{ field: 'se_ca', path: '$', message: 'Missing required parameter for e=se' }],
      [
        { field: 'tv', path: '$', message: 'Missing required parameter' },
        { field: 'p', path: '$', message: 'Missing required parameter' },
        { field: 'e', path: '$', message: 'Missing required parameter' },
      ],
    ]);
  });

  it('reports schema violations of the event data with JSON paths', async () => {
    const data = { level: 0, character: 'x'.repeat(21), mode: 'medium', extra: true };
    await get(collector.url, { e: 'ue', ue_px: b64(unstruct(LEVEL_UP, data)), ...base });
    const [bad] = collector.events.bad();
    expect(bad?.reasons).toEqual([
      {
        field: 'ue_px',
        path: '$.data',
        message: "must NOT have additional properties: 'extra'",
        schema: LEVEL_UP,
      },
      { field: 'ue_px', path: '$.data.level', message: 'must be >= 1', schema: LEVEL_UP },
      {
        field: 'ue_px',
        path: '$.data.character',
        message: 'must NOT have more than 20 characters',
        schema: LEVEL_UP,
      },
      {
        field: 'ue_px',
        path: '$.data.mode',
        message: 'must be equal to one of the allowed values: ["easy","hard"]',
        schema: LEVEL_UP,
      },
    ]);
    expect(bad?.errors[0]).toBe('Error while validating the event.');
    expect(JSON.parse(bad?.errors[1] ?? '').schema).toBe(
      'iglu:com.snowplowanalytics.snowplow.badrows/schema_violations/jsonschema/2-0-0',
    );
  });

  it('reports a context entity that breaks its schema by its position', async () => {
    const ctx = contexts(player, { schema: PLAYER, data: { id: 'not-a-uuid', name: 7 } });
    await post(collector.url, [{ e: 'pv', ...base, co: JSON.stringify(ctx) }]);
    expect(collector.events.bad()[0]?.reasons).toEqual([
      { field: 'co', path: '$[1].data.id', message: 'must match format "uuid"', schema: PLAYER },
      { field: 'co', path: '$[1].data.name', message: 'must be string,null', schema: PLAYER },
    ]);
  });

  it('reports a schema no registry has as a resolution error', async () => {
    const unknown = 'iglu:com.acme/unknown/jsonschema/1-0-0';
    await post(collector.url, [{ e: 'ue', ...base, ue_pr: JSON.stringify(unstruct(unknown, {})) }]);
    expect(collector.events.bad()[0]?.reasons).toEqual([
      {
        field: 'ue_pr',
        path: '$.schema',
        message: 'ResolutionError: schema not found in any registry',
        schema: unknown,
      },
    ]);
  });

  it.each([
    [
      'the wrong wrapper',
      { ue_pr: JSON.stringify(contexts(player)) },
      [
        {
          field: 'ue_pr',
          path: '$',
          message:
            "Not wrapped in iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0: schema is 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-1'",
        },
      ],
    ],
    [
      'a wrapper with an extra key',
      { ue_pr: JSON.stringify({ ...levelUp, extra: 1 }) },
      [
        {
          field: 'ue_pr',
          path: '$',
          message: "Unexpected key 'extra' in the wrapper",
          schema: 'iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0',
        },
      ],
    ],
    [
      'an event that is not self-describing',
      { ue_pr: JSON.stringify({ schema: levelUp.schema, data: { schema: 'com.acme/level_up' } }) },
      [
        { field: 'ue_pr', path: '$.schema', message: "Not an Iglu URI: 'com.acme/level_up'" },
        { field: 'ue_pr', path: '$.data', message: 'Missing data' },
      ],
    ],
    [
      'an empty contexts 1-0-0',
      {
        ue_pr: JSON.stringify(levelUp),
        co: '{"schema":"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0","data":[]}',
      },
      [
        {
          field: 'co',
          path: '$',
          message: 'Empty array of entities (contexts 1-0-0 needs at least one)',
          schema: 'iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0',
        },
      ],
    ],
  ])('reports %s', async (_name, fields, reasons) => {
    expect(await post(collector.url, [{ e: 'ue', ...base, ...fields }])).toEqual({ status: 200, text: 'ok' });
    expect(collector.events.bad()[0]?.reasons).toEqual(reasons);
  });

  it.each([
    [
      'ue_px that is not base64',
      { ue_px: 'a$b' },
      { field: 'ue_px', path: '$', message: 'Not valid base64' },
    ],
    [
      'cx that is not base64 JSON',
      { ue_px: b64(levelUp), cx: 'e30x' },
      { field: 'cx', path: '$', message: expect.stringMatching(/^Not valid JSON: /) },
    ],
    [
      'ue_pr that is not JSON',
      { ue_pr: '{"schema":' },
      { field: 'ue_pr', path: '$', message: expect.stringMatching(/^Not valid JSON: /) },
    ],
  ])('answers 400 to %s and records it', async (_name, fields, want) => {
    expect((await post(collector.url, [{ e: 'ue', ...base, ...fields }])).status).toBe(400);
    expect(collector.events.bad()[0]?.reasons).toEqual([want]);
    expect((await get(collector.url, { e: 'ue', ...base, ...fields })).status).toBe(400);
    expect(collector.events.summary()).toEqual({ total: 2, good: 0, bad: 2 });
  });

  it('treats parameter names and values from Object.prototype as plain unknown strings', async () => {
    await get(collector.url, { e: 'pv', ...base, constructor: 'x', toString: 'y' });
    await get(collector.url, { ...base, e: 'constructor' });
    await post(collector.url, [JSON.parse(`{"e":"toString","p":"srv","tv":"t","__proto__":"z"}`)]);
    expect(collector.events.bad().map((b) => b.reasons)).toEqual([
      [
        { field: '__proto__', path: '$', message: 'Not a payload_data 1-0-4 parameter' },
        { field: 'e', path: '$', message: "Not a valid event type: 'toString'" },
      ],
      [{ field: 'e', path: '$', message: "Not a valid event type: 'constructor'" }],
      [
        { field: 'constructor', path: '$', message: 'Not a payload_data 1-0-4 parameter' },
        { field: 'toString', path: '$', message: 'Not a payload_data 1-0-4 parameter' },
      ],
    ]);
    expect(Object.keys(collector.events.bad()[0]?.rawEvent?.parameters ?? {})).toEqual([
      'e',
      'p',
      'tv',
      '__proto__',
    ]);
  });

  it('reports a GET parameter given more than once instead of keeping one value', async () => {
    const res = await request(`${collector.url}/i?e=pv&p=srv&tv=t&aid=a&aid=b&e=se`);
    await res.body.arrayBuffer();
    expect(res.statusCode).toBe(200);
    expect(collector.events.bad()[0]?.reasons).toEqual([
      { field: 'aid', path: '$', message: 'Parameter given more than once' },
      { field: 'e', path: '$', message: 'Parameter given more than once' },
      { field: 'se_ca', path: '$', message: 'Missing required parameter for e=se' },
      { field: 'se_ac', path: '$', message: 'Missing required parameter for e=se' },
    ]);
  });

  it('keeps the good events of a batch that also holds bad ones', async () => {
    await post(collector.url, [{ e: 'pv', ...base }, { e: 'pv', ...base, p: 'moon' }, 'not an event']);
    expect(collector.events.summary()).toEqual({ total: 3, good: 1, bad: 2 });
    expect(collector.events.bad()[0]?.reasons).toEqual([
      { field: 'body', path: '$.data[2]', message: 'Not an event: expected an object' },
    ]);
  });
});
