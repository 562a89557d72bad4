/**
 * `plowtype/generated`: the runtime helpers that code written by `plowtype generate` calls (track with
 * validation modes, context entities, validator helpers, the context-rule types of event
 * specifications). They live in the package, so a fix reaches generated code through `npm update`; each
 * generated folder's `_runtime.ts` only binds its validation default and its known contexts.
 */

export { jsonPath } from '../json-path.js';
export type { CheckContexts, Omitted, Rule, SpecData, SpecOptions, TrackOptions } from './contexts.js';
export { createTrack, entity, type TrackFunction } from './track.js';
export {
  equal,
  has,
  isObject,
  ONE_PARAM,
  pushError,
  ruleMessage,
  ucs2length,
  type Validator,
  type ValidatorError,
} from './validator.js';
