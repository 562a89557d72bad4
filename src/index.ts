export type { ErrorCode } from './errors.js';
export { isTrackerError, TrackerError } from './errors.js';
export type { IgluUriLiteral, IgluUriParts, SchemaUri } from './schema-uri.js';
export { IGLU_URI_PATTERN, parseIgluUri, schemaUri } from './schema-uri.js';
export type { EmitterLike, Entity, Payload, SelfDescribingJson } from './types.js';
