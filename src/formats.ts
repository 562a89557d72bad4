/**
 * `plowtype/formats`: the format checks (date-time, email, uri, ...) that generated validators call.
 * Generated code imports them from plowtype rather than from ajv-formats' internals, so a project resolves
 * them through its one dependency on plowtype, under any package manager. A separate entry point, so
 * importing `plowtype` to track does not load them.
 */
export { fullFormats } from 'ajv-formats/dist/formats.js';
