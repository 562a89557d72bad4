/**
 * The package version, sent in `tv` as `plowtype-<version>`. A constant rather than a runtime read of
 * package.json, so the built package needs no JSON import; test/core/version.test.ts keeps it equal to
 * package.json.
 */
export const VERSION = '0.1.0';

/** The tracker version parameter (`tv`) of every payload. */
export const TRACKER_VERSION = `plowtype-${VERSION}`;
