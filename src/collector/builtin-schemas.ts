/**
 * Schemas of the events the runtime sends on its own (today: the screen view), so that a collector given
 * only the project's registry still validates them. Written from the protocol spec's facts; a registry
 * holding the same URI wins.
 */
import type { LoadedSchema } from '../../codegen/schema.js';

const screenView: LoadedSchema = {
  key: {
    vendor: 'com.snowplowanalytics.snowplow',
    name: 'screen_view',
    format: 'jsonschema',
    version: '1-0-0',
    model: 1,
    revision: 0,
    addition: 0,
  },
  uri: 'iglu:com.snowplowanalytics.snowplow/screen_view/jsonschema/1-0-0',
  source: 'plowtype collector (built in)',
  registry: 'built in',
  schema: {
    description: 'A screen view: its name, its id, or both.',
    type: 'object',
    properties: { name: { type: 'string' }, id: { type: 'string' } },
    minProperties: 1,
    additionalProperties: false,
  },
};

/** The built-in schemas, overridden by any registry schema with the same URI. */
export function withBuiltins(schemas: readonly LoadedSchema[]): LoadedSchema[] {
  const given = new Set(schemas.map((s) => s.uri));
  return [...schemas, ...[screenView].filter((s) => !given.has(s.uri))];
}
