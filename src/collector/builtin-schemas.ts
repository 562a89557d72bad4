/**
 * Schemas of what trackers send on their own (the runtime's screen view, and the web_page entity that
 * Snowplow's browser tracker attaches to every event by default), so that a collector given only the
 * project's registry still validates them. Written from the protocol spec's facts; a registry
 * holding the same URI wins.
 */
import type { LoadedSchema } from '../iglu/schema.js';

/** A built-in Snowplow schema, version 1-0-0. */
function snowplow1(name: string, schema: Record<string, unknown>): LoadedSchema {
  const vendor = 'com.snowplowanalytics.snowplow';
  return {
    key: { vendor, name, format: 'jsonschema', version: '1-0-0', model: 1, revision: 0, addition: 0 },
    uri: `iglu:${vendor}/${name}/jsonschema/1-0-0`,
    source: 'plowtype collector (built in)',
    registry: 'built in',
    schema,
  };
}

const screenView = snowplow1('screen_view', {
  description: 'A screen view: its name, its id, or both.',
  type: 'object',
  properties: { name: { type: 'string' }, id: { type: 'string' } },
  minProperties: 1,
  additionalProperties: false,
});

const webPage = snowplow1('web_page', {
  description: 'The page view an event belongs to: the id the browser tracker gives each page view.',
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' } },
  required: ['id'],
  additionalProperties: false,
});

/** The built-in schemas, overridden by any registry schema with the same URI. */
export function withBuiltins(schemas: readonly LoadedSchema[]): LoadedSchema[] {
  const given = new Set(schemas.map((s) => s.uri));
  return [...schemas, ...[screenView, webPage].filter((s) => !given.has(s.uri))];
}
