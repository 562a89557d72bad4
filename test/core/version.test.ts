import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRACKER_VERSION, VERSION } from '../../src/index.js';

describe('tracker version', () => {
  it('VERSION is the version in package.json, and tv is plowtype-<version>', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
    expect(TRACKER_VERSION).toBe(`plowtype-${pkg.version}`);
  });
});
