/** `include` and `exclude` patterns are the runtime's Iglu patterns (global context rules use them too): one home. */
export type { IncludePattern } from '../src/iglu-pattern.js';
export { isExact, matchesFile, matchesInclude, matchesSchema, parseInclude } from '../src/iglu-pattern.js';
