/**
 * `plowtype/collector`: the local validating collector (in the spirit of Snowplow Micro) for development
 * and tests. A separate entry point, so that importing `plowtype` to track never loads a server or ajv.
 *
 * ```ts
 * const collector = await startCollector({ registries: ['schemas'] });
 * const tracker = new Tracker({ emitters: new Emitter({ endpoint: collector.url }) });
 * trackSaveGame(tracker, { save_id: 's1', level: 3 });
 * await tracker.close();
 * collector.events.bad();   // [] — or each bad event with its reasons, field by field
 * collector.events.good({ schema: 'iglu:com.example_company/save-game/jsonschema/1-0-2' });
 * await collector.stop();
 * ```
 * Events are stored before the collector answers, so once `flush()` or `close()` resolved they can be read.
 */

export type { CanonicalEvent } from './canonical.js';
export { decodeBase64, decodeJsonParam } from './decode.js';
export type { SchemaReload } from './live-registries.js';
export { describeReload } from './live-registries.js';
export { isLoopback } from './micro-guard.js';
export type { CollectorOptions } from './options.js';
export type { Reason } from './reasons.js';
export { formatReason } from './reasons.js';
export type {
  Api,
  BadEvent,
  CollectedRecord,
  CollectorPayload,
  GoodEvent,
  RawEvent,
  RequestContext,
  Source,
  Summary,
} from './records.js';
export type { SchemaChanges } from './schemas.js';
export type { Collector } from './server.js';
export { startCollector } from './server.js';
export type { BadFilter, CollectedEvents, GoodFilter } from './store.js';
