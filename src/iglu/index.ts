/**
 * `plowtype/iglu`: the Iglu layer, which the generator (`@plowtype/cli`) and the collector share. One
 * grammar for schema keys, URIs, SchemaVer and include patterns; reading static and HTTP registries with
 * every schema file checked (JSON, the self-describing format, `self` against the path, draft-04); the
 * helpers that walk a schema and place a problem in its file. Imports neither the generator nor the
 * collector.
 */

export type { CheckResult } from './check.js';
export { checkDraft04, checkSchemaText, checkSelfDescribing, SELF_DESC_URI } from './check.js';
export type { Draft04Ajv, Draft04Options } from './draft04.js';
export { draft04Ajv } from './draft04.js';
export type { GetOptions } from './http-get.js';
export type { DuplicateKey } from './json-position.js';
export {
  jsonDuplicateKeys,
  jsonErrorOffset,
  lineColumn,
  parseJson,
  pointerSegment,
} from './json-position.js';
export type { SchemaPlace } from './key.js';
export {
  IGLU_NAME,
  IGLU_URI_PATTERN,
  IGLU_URI_SHAPE,
  IGLU_VENDOR,
  IGLU_WILDCARD_PATTERN,
  parseIgluUri,
  parseSchemaVer,
  SCHEMAVER_PATTERN,
  selfUri,
  VERSION_SHAPE,
} from './key.js';
export type { LoadOptions } from './load.js';
export { formatProblem, isHttpRegistry, loadOrThrow, loadRegistries, SchemaError } from './load.js';
export type { IncludePattern } from './pattern.js';
export { isExact, matchesFile, matchesInclude, matchesSchema, parseInclude } from './pattern.js';
export type { Json, JsonSchema, LoadedSchema, LoadResult, SchemaKey, SchemaProblem } from './schema.js';
export { cloneJson, isSchema, kindOf, own, setOwn } from './schema.js';
export type { SchemaNode } from './walk.js';
export { walk } from './walk.js';
