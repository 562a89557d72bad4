/**
 * `plowtype/collector`: the local validating collector (in the spirit of Snowplow Micro) for development
 * and tests. A separate entry point, so that importing `plowtype` to track never loads a server or ajv.
 */

export type { CanonicalEvent } from './canonical.js';
export { decodeBase64, decodeJsonParam } from './decode.js';
export type { CollectedRecord } from './ingest.js';
export type { CollectorOptions } from './options.js';
export type { Reason } from './reasons.js';
export { formatReason } from './reasons.js';
export type {
  Api,
  BadEvent,
  CollectorPayload,
  GoodEvent,
  RawEvent,
  RequestContext,
  Source,
  Summary,
} from './records.js';
export type { Collector } from './server.js';
export { startCollector } from './server.js';
export type { BadFilter, CollectedEvents, GoodFilter } from './store.js';
